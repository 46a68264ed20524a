"""The one door through which a state-machine transition happens.

``perform(obj, "confirm", actor, state_field=...)`` locks the row, re-reads it, checks the transition
is possible from the current state, asks the permission question at call time (django-fsm records a
transition's ``permission`` but does not enforce it when the method is called), runs it, saves, and
appends the audit entry, all in one transaction. ``also`` runs inside that same transaction with the
locked instance, for the work that must agree with the new state (viewflow's tasks, records, numbers).
Slow side effects belong in ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django_fsm import can_proceed

from accounts.permissions import ALLOWED, Verdict

from .models import record


class TransitionNotAllowed(Exception):
    """The object is not in a state from which this transition can happen (e.g. already decided)."""


def permission_verdict(instance: models.Model, transition: str, state_field: str, actor) -> Verdict:
    """Ask the transition's own ``permission`` (a named question returning a Verdict) about this actor."""
    meta = getattr(type(instance), transition)._django_fsm
    declared = meta.get_transition(getattr(instance, state_field))
    if declared is None or not declared.permission:
        return ALLOWED
    verdict = declared.permission(instance, actor)
    return verdict if isinstance(verdict, Verdict) else Verdict(bool(verdict))


def perform(
    obj: models.Model,
    transition: str,
    actor,
    check: Callable[[object, models.Model], Verdict] | None = None,
    *,
    state_field: str,
    note: str = "",
    also: Callable[[models.Model], None] | None = None,
    audit_data: dict | None = None,
    lock_first: Callable[[], None] | None = None,
    **kwargs,
) -> models.Model:
    with transaction.atomic():
        if lock_first is not None:  # a lock that others take before this row's: keep one order everywhere
            lock_first()
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        method = getattr(locked, transition)
        if not can_proceed(method):
            current = getattr(locked, f"get_{state_field}_display")()
            raise TransitionNotAllowed(f"{locked._meta.verbose_name}当前状态为“{current}”，不能执行此操作")
        verdict = check(actor, locked) if check else permission_verdict(locked, transition, state_field, actor)
        if not verdict:
            raise PermissionDenied(verdict.reason)
        source = getattr(locked, state_field)
        method(by=actor, note=note, **kwargs)
        locked.save()
        if also is not None:
            also(locked)
        record(
            actor,
            f"{locked._meta.label_lower}.{transition}",
            locked,
            source=source,
            target=getattr(locked, state_field),
            note=note,
            **(audit_data or {}),
            **{key: value for key, value in kwargs.items() if isinstance(value, str | int | float | bool)},
        )
    # The state field is protected (no direct assignment, so no refresh_from_db either): callers use
    # the returned, current instance.
    return locked
