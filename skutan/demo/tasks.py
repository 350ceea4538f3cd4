"""The generator as a background task (skutan/core/tasks.py, docs/tasks.md): ``skutan generate --task``.

The generator builds the whole municipality in one transaction, so progress written on its connection would
only show at the end. The task therefore writes the progress row from a second thread, which has its own
database connection (Django's connections are per thread) and commits each update at once. On SQLite the
generator's transaction holds the only write lock, so there the row moves at the end only.
"""

from __future__ import annotations

import threading

from django.db import connection, connections
from django.tasks import task

from skutan.core.tasks import task_running


class _ProgressWriter:
    """Takes the generator's on_progress(step, done, total) and its log lines, and writes the latest of them
    to the progress row every ``interval`` seconds from its own thread."""

    def __init__(self, progress, *, interval: float = 0.5, threaded: bool | None = None):
        self.progress, self.interval = progress, interval
        self.latest: dict | None = None
        self.stopped = threading.Event()
        self.thread = None
        if connection.vendor != "sqlite" if threaded is None else threaded:
            self.thread = threading.Thread(target=self._run, name="generate-progress", daemon=True)
            self.thread.start()

    def __call__(self, step: str, done: int, total: int) -> None:
        self.latest = {"done": done, "total": total, "message": step}

    def write(self, text: str) -> None:  # the generator's stdout: its step lines become the message
        line = text.strip()
        if line:
            self.latest = {**(self.latest or {}), "message": line}

    def flush(self) -> None:
        pass

    def _run(self) -> None:
        try:
            written = None
            while not self.stopped.wait(self.interval):
                latest = self.latest
                if latest and latest != written:
                    self.progress.update(**latest)
                    written = latest
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=10)


@task
def generate_task(*, progress_id: int, scale: str | float, seed: int, core_only: bool) -> dict:
    from skutan.demo.generator import generate_municipality

    with task_running(progress_id) as progress:
        writer = _ProgressWriter(progress)
        try:
            summary = generate_municipality(scale=scale, seed=seed, stdout=writer,
                                            extensions=[] if core_only else None, on_progress=writer)
        finally:
            writer.stop()
        cases = sum(summary.cases.values())
        progress.result = {"persons": summary.persons, "households": summary.households, "cases": cases,
                           "journal_entries": summary.journal_entries, "access_log_rows": summary.access_log_rows,
                           "seconds": round(summary.seconds, 1)}
        progress.update(message=f"{summary.persons} personer, {summary.households} hushåll, {cases} ärenden, "
                                f"{summary.journal_entries} journalanteckningar, "
                                f"{summary.access_log_rows} rader åtkomstlogg")
        return progress.result
