"""A worker process ends when the process that started it is gone.

Why: a worker (an import's preparer, an export's second half) waits on its pipe for the next task; when its
parent is killed (SIGKILL, the kernel short of memory, a crash) nothing ever closes that pipe, and the worker
lived on for an hour holding the project and its WAL open. Every pool is started with `end_with_parent` as
its initializer: a daemon thread that sees the parent change (the orphan is handed to another process) and
ends the worker at once. A thread rather than Linux's PR_SET_PDEATHSIG, which fires when the *thread* that
started the worker ends (a window's job thread), and which macOS and Windows do not have.
"""

from __future__ import annotations

import os
import threading
import time

POLL_S = 0.5


def end_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(POLL_S)
            if os.getppid() != parent:
                os._exit(1)  # nothing of the parent's job is worth finishing: its results have nowhere to go

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
