"""Twenty separate database connections doing the same thing at the same moment.

``race(attempt, refused=(...))`` starts 20 threads (each opens its own connection and closes it at the
end), releases them together with a ``threading.Barrier`` and returns what each saw: ``"ok"``,
``"refused: <message>"`` for the product's own refusals, or ``"error: <type>: <message>"`` for anything
else (an IntegrityError or a deadlock leaking out is a failure of the design, and the tests say so).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from audit.models import Entry

ATTEMPTS = 20


def race(attempt: Callable[[int], object], refused: tuple[type[BaseException], ...], n: int = ATTEMPTS) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            attempt(index)
            result = "ok"
        except refused as exc:
            result = f"refused: {exc}"
        except Exception as exc:
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(outcomes) == n, f"{n - len(outcomes)} attempts never finished: {outcomes}"
    return outcomes


def errors(outcomes: list[str]) -> list[str]:
    return [o for o in outcomes if o.startswith("error")]


class EntryCounter:
    """How many audit entries were appended since it was made."""

    def __init__(self):
        self.start = Entry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self, **filters):
        return Entry.objects.filter(id__gt=self.start, **filters)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
