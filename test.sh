#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs, then pytest (arguments pass through).
source "$(dirname "$0")/scripts/setup.sh"
ensure_debs "${QT_DEBS[@]}" "${GUI_DEBS[@]}" xdotool postgresql  # SQLite and a throwaway PostgreSQL server; a real X server (Xvfb) where keys are pressed with xdotool
ensure_venv test,spacy,postgres
cd "$ANNOTATOR_ROOT"
export QT_QPA_PLATFORM=offscreen
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then  # pytest's "no tests collected" (e.g. a -k that matches nothing)
  echo "test.sh: no tests matched the selection" >&2
  exit 0
fi
exit "$status"
