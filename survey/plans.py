"""The province's per-year figures (target, deadline, per-unit overrides) and its list of key enterprises."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import record
from enterprises import uscc as uscc_codes
from enterprises.models import Enterprise

from . import permissions
from .models import KeyEnterprise, SurveyPlan, UnitTarget


def save_plan(plan: SurveyPlan, overrides: dict, by) -> SurveyPlan:
    """Save the plan and its per-unit targets (``{unit: target or None}``; None means the plan's default)."""
    verdict = permissions.can_manage_plan(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        plan.save()
        for unit, target in overrides.items():
            if target is None:
                UnitTarget.objects.filter(plan=plan, unit=unit).delete()
            else:
                UnitTarget.objects.update_or_create(plan=plan, unit=unit, defaults={"target": target})
        record(
            by,
            "survey.surveyplan.edited",
            plan,
            year=plan.year,
            target=plan.target,
            deadline=plan.deadline.isoformat(),
            overrides={unit.code: target for unit, target in overrides.items() if target is not None},
        )
    return plan


def parse_key_list(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Lines pasted from Excel — "信用代码<Tab>企业名称" — as (code, name), and a message per bad line."""
    found, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part for part in re.split(r"[\t,，]+|\s{2,}|\s(?=\S)", line.strip(), maxsplit=1) if part.strip()]
        if len(parts) != 2:
            problems.append(_("第%(n)d行：应为“信用代码 企业名称”两项") % {"n": number})
            continue
        try:
            code = uscc_codes.validate(parts[0])
        except ValidationError as exc:
            problems.append(_("第%(n)d行：%(msg)s") % {"n": number, "msg": exc.messages[0]})
            continue
        found.append((code, parts[1].strip()[:100]))
    return found, problems


def add_key_enterprises(year: int, entries: list[tuple[str, str]], by) -> int:
    """Add (or rename) the year's key enterprises, linked to registered enterprises by USCC. Returns how many."""
    verdict = permissions.can_manage_plan(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    known = dict(Enterprise.objects.filter(uscc__in=[code for code, _name in entries]).values_list("uscc", "pk"))
    with transaction.atomic():
        for code, name in entries:
            key, _created = KeyEnterprise.objects.update_or_create(
                year=year, uscc=code, defaults={"name": name, "enterprise_id": known.get(code)}
            )
            record(by, "survey.keyenterprise.added", key, year=year, uscc=code, name=name)
    return len(entries)
