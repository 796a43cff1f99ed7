"""Worker processes the services start: imports prepare files in them, large exports write a share in one.

A forked worker starts at once, with everything already imported and loaded (the conversion dictionaries,
the parsed codebook); a spawned one imports it all again, which costs more than preparing a thousand
articles or exporting ten thousand annotations. Forking is safe only from a process with one thread: a GUI
runs its long jobs on worker threads, beside Qt's own threads, whose locks and state a fork would copy
half-way, so it spawns (or does the work in one process where a spawned worker would not pay for itself).
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def can_fork() -> bool:
    alone = threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
    return alone and "fork" in multiprocessing.get_all_start_methods()


def context():
    """The multiprocessing context to start workers with."""
    return multiprocessing.get_context("fork" if can_fork() else "spawn")


def cores() -> int:
    return os.cpu_count() or 1
