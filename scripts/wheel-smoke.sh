#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtual environment in a folder outside the checkout, and use the
# installed `annotator` as a user would: init, import, suggest, export, and the window on a virtual screen.
# Run by .ci/run after the tests; needs Xvfb and xdotool for the window (./test.sh installs both).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/annotator-wheel-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --upgrade pip build >&2
"$WORK/venv/bin/python" -m build -q --wheel --outdir "$WORK/dist" "$ROOT" >&2
"$WORK/venv/bin/python" -m pip install -q "$WORK"/dist/annotator-*.whl >&2
cd "$WORK"  # nothing of the checkout on the path from here on
app="$WORK/venv/bin/annotator"
"$app" --version
"$app" init "$WORK/p.sqlite"
printf '国家统计局发布数据显示，前三季度社会消费品零售总额同比增长3.3%%。快手电商表示，平台新增商家超过30万家。\n' >"$WORK/a.txt"
"$app" import --project "$WORK/p.sqlite" "$WORK/a.txt"
"$app" suggest --project "$WORK/p.sqlite" --json | grep -q '"figure"'
"$app" export --project "$WORK/p.sqlite" --format csv -o "$WORK/tables"
test -s "$WORK/tables/documents.csv"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY=:97 XDG_CONFIG_HOME="$WORK/config"
  sleep 1
  "$app" --project "$WORK/p.sqlite" >"$WORK/window.log" 2>&1 &
  window=$!
  for _ in $(seq 1 60); do xdotool search --name "Annotator" >/dev/null 2>&1 && break; sleep 0.5; done
  xdotool type alice && xdotool key Return  # the coder's name, asked once
  for _ in $(seq 1 60); do xdotool search --name "Annotator — " >/dev/null 2>&1 && break; sleep 0.5; done
  xdotool search --name "Annotator — " >/dev/null || { cat "$WORK/window.log" >&2; exit 1; }
  kill "$window"; wait "$window" || true
  kill "$xvfb"
  echo "wheel smoke test: the installed window opened"
fi
echo "wheel smoke test: passed"
