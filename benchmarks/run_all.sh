#!/usr/bin/env bash
# Run every benchmark and print their tables (the README's figures come from here). Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")"
PY=../.venv/bin/python
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
for bench in import_articles service_call search export_jsonl article_view startup suggestions suggestion_quality; do
  "$PY" "$bench.py"
done
