"""The shape of every permission answer, and the one way views fetch what a user may see.

Each app keeps its permission questions in its own ``permissions.py`` as named functions that
return a ``Verdict`` (truthy when allowed, with the reason when refused), each paired with a
``visible_to(user)`` queryset so that lists and detail pages always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def deny(reason: str) -> Verdict:
    return Verdict(False, reason)


def fetch_visible(visible: QuerySet, **lookup) -> Model:
    """The object if the user's visible queryset holds it; otherwise 404, whether or not it exists.

    A 404 (not a 403) for objects outside the user's scope, so that nobody can probe which
    enterprises or applications exist in another unit.
    """
    try:
        return visible.get(**lookup)
    except (visible.model.DoesNotExist, ValueError):
        raise Http404 from None
