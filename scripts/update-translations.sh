#!/usr/bin/env bash
# Collect the interface's strings into the Qt Linguist sources (resources/translations/*.ts), keeping the
# translations already made; then translate what is marked unfinished (in Linguist or any editor).
# The app compiles the .ts files itself when it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
for ts in resources/translations/annotator_*.ts; do
    language=$(basename "$ts" .ts); language=${language#annotator_}
    .venv/bin/pyside6-lupdate annotator/gui/*.py -ts "$ts" -target-language "$language" -no-obsolete -locations none
done
