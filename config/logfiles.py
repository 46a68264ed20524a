"""Log files kept for a fixed number of days: one file per calendar day, never renamed.

The standard TimedRotatingFileHandler renames the current file at midnight; with several gunicorn or Celery
processes writing the same file, each one renames it in turn and the later ones delete what the first one
rotated. Here every process appends to the file named for today (``hebei-2026-05-01.log``, opened in append
mode, so lines from different processes interleave but are never lost) and switches files when the date changes.
At start-up and on each switch it deletes the files of days older than ``retention_days``.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import date, timedelta
from pathlib import Path

NAME = re.compile(r"^(?P<prefix>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.log$")


class DailyFileHandler(logging.FileHandler):
    def __init__(self, directory: str, retention_days: int, prefix: str = "hebei", encoding: str = "utf-8"):
        self.directory = Path(directory)
        self.retention_days = retention_days
        self.prefix = prefix
        self.day = date.today()
        self.directory.mkdir(parents=True, exist_ok=True)
        super().__init__(self._path(self.day), mode="a", encoding=encoding, delay=True)
        self.prune(self.day)  # also at start-up: a process restarted daily never sees midnight

    def _path(self, day: date) -> str:
        return str(self.directory / f"{self.prefix}-{day.isoformat()}.log")

    def emit(self, record: logging.LogRecord) -> None:
        today = date.fromtimestamp(record.created)
        if today != self.day:
            self.day = today
            if self.stream:
                self.stream.close()
                self.stream = None  # reopened on the next write, under the new name
            self.baseFilename = os.path.abspath(self._path(today))
            self.prune(today)
        super().emit(record)

    def prune(self, today: date) -> list[Path]:
        """Delete this prefix's files of days before ``today - retention_days``; return what was deleted."""
        oldest_kept = today - timedelta(days=self.retention_days)
        deleted = []
        for path in self.directory.glob(f"{self.prefix}-*.log"):
            match = NAME.match(path.name)
            if not match or match["prefix"] != self.prefix:
                continue
            try:
                day = date.fromisoformat(match["day"])
            except ValueError:
                continue
            if day < oldest_kept:
                try:
                    path.unlink()
                    deleted.append(path)
                except FileNotFoundError:
                    pass  # another process deleted it first
        return deleted
