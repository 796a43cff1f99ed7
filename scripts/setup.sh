#!/usr/bin/env bash
# Sourced by ./run.sh and ./test.sh: makes a fresh machine ready, and costs almost nothing the second time.
#  - the Debian libraries Qt needs (and, for the window, an X virtual screen and a CJK font), when missing;
#  - a virtual environment in .venv with the project installed in editable mode (redone when pyproject changes).
set -euo pipefail

ANNOTATOR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ANNOTATOR_ROOT/.venv"

# Libraries the Qt offscreen and xcb platforms load; fonts-noto-cjk so Chinese text renders.
QT_DEBS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-noto-cjk)
GUI_DEBS=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
          libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 xvfb xauth)

ensure_debs() {
  command -v dpkg-query >/dev/null || return 0   # not Debian: the user installs Qt's libraries their way
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: please install these Debian packages: ${missing[*]}" >&2; return 0
    fi
  fi
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "setup: Annotator needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$python" -m venv "$VENV" || { ensure_debs python3-venv && "$python" -m venv "$VENV"; }
  fi
  local stamp="$VENV/.installed-$extras" want
  want="$(sha256sum "$ANNOTATOR_ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing Python packages into .venv" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -e "$ANNOTATOR_ROOT[$extras]" >&2
    echo "$want" >"$stamp"
  fi
}
