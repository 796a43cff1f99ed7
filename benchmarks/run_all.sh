#!/usr/bin/env bash
# Run every benchmark and print their tables (the README's figures come from here). Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")"
PY=../.venv/bin/python
for bench in import_articles service_call search export_jsonl; do
  "$PY" "$bench.py"
done
