#!/usr/bin/env bash
# Start Annotator on the default project (created with a demo on first run), or pass its arguments through:
#   ./run.sh                      the workbench
#   ./run.sh import --project p.sqlite articles/
# Without a screen it says how to start on a virtual one:  xvfb-run -a ./run.sh
source "$(dirname "$0")/scripts/setup.sh"
ensure_debs "${QT_DEBS[@]}" "${GUI_DEBS[@]}"
ensure_venv postgres  # the app itself, and the driver for team projects on PostgreSQL
exec "$VENV/bin/annotator" "$@"
