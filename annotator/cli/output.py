"""Terminal output helpers: a progress bar on stderr (only when it is a terminal) and JSON printing."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from typing import Any


def print_json(value: Any) -> None:
    print(
        json.dumps(
            value, ensure_ascii=False, indent=2, default=lambda o: o.isoformat() if isinstance(o, datetime) else str(o)
        )
    )


class ProgressBar:
    """`[#####     ] 12/40 file.txt` redrawn in place on stderr; silent when stderr is not a terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or not total:
            return
        width = 24
        filled = width * done // total
        columns = shutil.get_terminal_size((80, 20)).columns
        line = f"[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label}"
        self.stream.write("\r" + line[: columns - 1].ljust(columns - 1))
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            columns = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
