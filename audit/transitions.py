"""The one door through which a state-machine transition happens.

``perform(obj, "confirm", actor, check, ...)`` locks the row, re-reads it, asks the permission
question at call time (django-fsm does not enforce a transition's permission when it is called),
checks the transition is possible from the current state, runs it, saves, and appends the audit
entry, all in one transaction. Slow side effects belong in ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django_fsm import can_proceed

from accounts.permissions import Verdict

from .models import record


class TransitionNotAllowed(Exception):
    """The object is not in a state from which this transition can happen (e.g. already decided)."""


def perform(
    obj: models.Model,
    transition: str,
    actor,
    check: Callable[[object, models.Model], Verdict],
    *,
    state_field: str,
    note: str = "",
    **kwargs,
) -> models.Model:
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        verdict = check(actor, locked)
        if not verdict:
            raise PermissionDenied(verdict.reason)
        method = getattr(locked, transition)
        if not can_proceed(method):
            current = getattr(locked, f"get_{state_field}_display")()
            raise TransitionNotAllowed(f"{locked._meta.verbose_name}当前状态为“{current}”，不能执行此操作")
        source = getattr(locked, state_field)
        method(by=actor, note=note, **kwargs)
        locked.save()
        record(
            actor,
            f"{locked._meta.label_lower}.{transition}",
            locked,
            source=source,
            target=getattr(locked, state_field),
            note=note,
            **{key: value for key, value in kwargs.items() if isinstance(value, str | int | float | bool)},
        )
    # The state field is protected (no direct assignment, so no refresh_from_db either): callers use
    # the returned, current instance.
    return locked
