"""The probe: a job kind that does nothing but record who ran it, to check that workers run and resume.

``manage.py check_workers`` submits a small probe job and waits for it; tests use it with a delay to
kill a worker half-way.
"""

from __future__ import annotations

import time


def probe(job, key: str) -> dict:
    delay = float(job.params.get("delay", 0))
    if delay:
        time.sleep(delay)
    return {"key": key}
