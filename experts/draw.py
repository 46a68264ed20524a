"""Drawing an evaluation group (评审组) at random, reproducibly, and drawing replacements later.

**How a draw works** (``draw_group``), all in one transaction with one audit entry:

1. *Pool*: the experts who may be drawn — in the pool (``active``), with an active account holding the
   expert or panel-lead role, and with fewer active assignments in this call than their ``max_load``.
   The pool is sorted by ``code`` (Python's code-point order, the same on every database), so the order
   in which the pool was entered, and the database keys, never matter. The sorted codes are recorded.
2. *Random stream*: ``rng = random.Random(seed)`` (``seed`` an integer). Each pick from a list of ``k``
   candidates takes index ``int(rng.random() * k)`` and removes that candidate. Only ``random()`` is
   used because it is the one part of Python's generator guaranteed to give the same numbers for the
   same seed in every Python version (``sample``/``randrange`` may change).
3. *Members*: an appointed lead, if any, joins first (and is not drawn); then picks are made from the
   sorted pool until the group has ``size`` members. The lead is the appointed one, else the first one
   drawn who holds the panel-lead role, else the first one drawn.
4. *Per application*, in order of application number: each member, in draw order, is assigned unless
   ``conflicts.conflicts`` finds a conflict or the member has reached ``max_load`` in this call (then the
   member is *excluded* for that application, with the reason). When fewer than ``minimum`` members
   remain, *alternates* are picked, with the same ``rng``, from the rest of the sorted pool (those not
   members); a conflicted or overloaded alternate is excluded with its reason and another is picked,
   until the minimum is met. If the pool runs out, the draw is refused naming the application and
   nothing is written.

A **replacement** (``draw_replacement``, after an expert declares a conflict) uses the pool of that
moment, sorted the same way, and its own stream ``random.Random(f"{seed}:{application.pk}:{n}")`` (``n``
the replacement's number for that application in the group, from 1), skipping experts already
assigned or excluded for the application, conflicted or at their load cap.

The same seed over the same pool and applications therefore gives the same group, exclusions and
alternates, which ``draw_record`` lets anyone check afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleKind
from audit.models import record
from calls.models import Call
from workflow.models import Application, Status

from . import permissions
from .conflicts import conflicts
from .models import (
    Assignment,
    AssignmentStatus,
    EvaluationGroup,
    Expert,
    GroupApplication,
    GroupMember,
)

DEFAULT_GROUP_SIZE = 5
DEFAULT_MINIMUM = 3
OVERLOADED = "overloaded"


class Refused(Exception):
    """The draw (or declaration) cannot happen as asked; ``problems`` lists every reason, in words."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("；".join(self.problems))


def rules_minimum(call: Call) -> int:
    """The minimum number of experts per application: the call's rules edition (``aggregation.min_experts``)."""
    try:
        return int(call.edition.spec.aggregation.min_experts)
    except Exception:  # an edition that cannot be loaded must not stop the province from forming groups
        return DEFAULT_MINIMUM


def load_by_expert(call: Call) -> dict[int, int]:
    """Active assignments per expert in ``call``: what ``max_load`` is measured against."""
    rows = Assignment.objects.in_call(call).active().values("expert").annotate(n=Count("id"))
    return {row["expert"]: row["n"] for row in rows}


def _drawable() -> list[Expert]:
    may_evaluate = Role.objects.filter(user=OuterRef("user"), kind__in=[RoleKind.EXPERT, RoleKind.PANEL_LEAD])
    return list(
        Expert.objects.active()
        .filter(Exists(may_evaluate), user__is_active=True)
        .select_related("user", "unit")
        .prefetch_related("links", "user__roles")
    )


def sorted_pool(call: Call, load: dict[int, int] | None = None) -> list[Expert]:
    """The experts who may be drawn now for ``call``, sorted by code (see the module docstring, step 1)."""
    load = load_by_expert(call) if load is None else load
    return sorted((e for e in _drawable() if load.get(e.pk, 0) < e.max_load), key=lambda e: e.code)


def pick(rng: random.Random, candidates: list[Expert]) -> Expert:
    """Remove and return ``candidates[int(rng.random() * len(candidates))]``."""
    return candidates.pop(int(rng.random() * len(candidates)))


def _holds(expert: Expert, kind: str) -> bool:
    return any(role.kind == kind for role in expert.user.roles.all())


def _obstacles(expert: Expert, application: Application, on: dt.date, load: dict[int, int]) -> list[dict]:
    """Why ``expert`` cannot take ``application`` now: conflicts, or the load cap; empty when they can."""
    found = [conflict.as_dict() for conflict in conflicts(expert, application, on)]
    if load.get(expert.pk, 0) >= expert.max_load:
        found.append(
            {
                "code": OVERLOADED,
                "reason": _("已达本批次评审上限（%(n)d件）") % {"n": expert.max_load},
                "link": None,
            }
        )
    return found


def _exclusion(expert: Expert, obstacles: list[dict], *, alternate: bool) -> dict:
    return {
        "expert": expert.code,
        "alternate": alternate,
        "codes": [o["code"] for o in obstacles],
        "reasons": [o["reason"] for o in obstacles],
    }


def _groupable_problems(call: Call, applications: list[Application]) -> list[str]:
    problems = []
    taken = set(GroupApplication.objects.filter(application__in=applications).values_list("application_id", flat=True))
    for application in applications:
        label = application.number or str(application.pk)
        if application.call_id != call.pk:
            problems.append(_("%(n)s不属于%(call)s") % {"n": label, "call": call})
        elif application.status != Status.FORWARDED:
            problems.append(
                _("%(n)s当前状态为“%(s)s”，只有已报送省局的申报可以分组")
                % {"n": label, "s": application.get_status_display()}
            )
        elif application.pk in taken:
            problems.append(_("%(n)s已在本批次的其他评审组中") % {"n": label})
    return problems


def draw_group(
    call: Call,
    applications: Iterable[Application],
    *,
    name: str,
    size: int,
    seed: int,
    by,
    minimum: int | None = None,
    lead: Expert | None = None,
    selection: str = "",
    on: dt.date | None = None,
) -> EvaluationGroup:
    """Draw a group of ``size`` experts for ``applications`` of ``call`` and assign them (module docstring)."""
    verdict = permissions.can_draw(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    minimum = rules_minimum(call) if minimum is None else minimum
    on = on or timezone.localdate()
    name = (name or "").strip()
    problems = []
    if not name:
        problems.append(_("请填写评审组名称"))
    if minimum < 1:
        problems.append(_("每件申报最少专家数至少为1"))
    if size < minimum:
        problems.append(_("抽取人数（%(n)d）不能少于每件申报最少专家数（%(m)d）") % {"n": size, "m": minimum})
    if seed is None or seed < 0:
        problems.append(_("随机种子须为非负整数"))
    ids = sorted({a.pk for a in applications})
    if not ids:
        problems.append(_("请选择要评审的申报"))
    if problems:
        raise Refused(problems)

    with transaction.atomic():
        # One draw (or replacement) at a time per call: loads and "already grouped" stay true until commit.
        call = Call.objects.select_for_update().get(pk=call.pk)
        chosen = list(
            Application.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("enterprise", "unit")
            .prefetch_related("policies", "loans")
        )
        problems = _groupable_problems(call, chosen)
        if EvaluationGroup.objects.filter(call=call, name=name).exists():
            problems.append(_("本批次已有名为“%(name)s”的评审组") % {"name": name})
        if problems:
            raise Refused(problems)
        chosen.sort(key=lambda a: (a.number or "", a.pk))

        load = load_by_expert(call)
        pool = sorted_pool(call, load)
        if lead is not None and lead.pk not in {e.pk for e in pool}:
            raise Refused(_("指定的评审组长%(e)s不在可抽取的专家中（未启用或已达评审上限）") % {"e": lead})
        if len(pool) < size:
            raise Refused(_("可抽取的专家只有%(k)d人，不足抽取人数%(n)d人") % {"k": len(pool), "n": size})

        rng = random.Random(seed)  # noqa: S311  (reproducible by design: the seed is published with the draw)
        remaining = list(pool)
        members: list[Expert] = []
        if lead is not None:
            appointed = next(e for e in remaining if e.pk == lead.pk)
            remaining.remove(appointed)
            members.append(appointed)
        picks: list[Expert] = []
        while len(members) < size:
            expert = pick(rng, remaining)
            picks.append(expert)
            members.append(expert)
        chief = members[0] if lead is not None else next((e for e in picks if _holds(e, RoleKind.PANEL_LEAD)), picks[0])

        group = EvaluationGroup.objects.create(
            call=call,
            name=name,
            selection=selection[:200],
            seed=seed,
            size=size,
            minimum=minimum,
            created_by=by,
            created_at=timezone.now(),
        )
        GroupMember.objects.bulk_create(
            GroupMember(group=group, expert=e, is_lead=e.pk == chief.pk, position=i) for i, e in enumerate(members, 1)
        )
        member_ids = {e.pk for e in members}
        alternates: list[Expert] = []
        rows: list[Assignment] = []
        per_application = []
        now = timezone.now()
        for application in chosen:
            GroupApplication.objects.create(group=group, application=application)
            entry = {
                "application": application.number,
                "id": application.pk,
                "enterprise": application.enterprise.name,
                "assigned": [],
                "excluded": [],
                "alternates": [],
            }

            def consider(expert: Expert, *, alternate: bool, application=application, entry=entry) -> bool:
                obstacles = _obstacles(expert, application, on, load)
                if obstacles:
                    reason = "；".join(o["reason"] for o in obstacles)
                    status = AssignmentStatus.EXCLUDED
                    entry["excluded"].append(_exclusion(expert, obstacles, alternate=alternate))
                else:
                    reason, status = "", AssignmentStatus.ACTIVE
                    load[expert.pk] = load.get(expert.pk, 0) + 1
                    entry["assigned"].append(expert.code)
                rows.append(
                    Assignment(
                        group=group,
                        application=application,
                        expert=expert,
                        status=status,
                        reason=reason,
                        is_alternate=alternate,
                        created_at=now,
                        changed_at=now if obstacles else None,
                    )
                )
                return not obstacles

            for member in members:
                consider(member, alternate=False)
            spare = [e for e in pool if e.pk not in member_ids]
            while len(entry["assigned"]) < minimum:
                if not spare:
                    raise Refused(
                        _(
                            "申报%(n)s（%(e)s）回避后只有%(k)d名专家可评审，专家库中已无可递补的专家"
                            "（每件至少%(m)d名）；请扩充专家库或调整分组后重新抽取"
                        )
                        % {
                            "n": application.number,
                            "e": application.enterprise.name,
                            "k": len(entry["assigned"]),
                            "m": minimum,
                        }
                    )
                candidate = pick(rng, spare)
                entry["alternates"].append(candidate.code)
                if consider(candidate, alternate=True) and candidate not in alternates:
                    alternates.append(candidate)
            per_application.append(entry)

        Assignment.objects.bulk_create(rows)
        GroupMember.objects.bulk_create(
            GroupMember(group=group, expert=e, is_alternate=True, position=len(members) + i)
            for i, e in enumerate(alternates, 1)
        )
        group.draw_record = {
            "method": "python-random-v1: sorted by code; index = int(rng.random() * k)",
            "on": on.isoformat(),
            "seed": seed,
            "size": size,
            "minimum": minimum,
            "pool": [e.code for e in pool],
            "appointed_lead": lead.code if lead is not None else None,
            "picks": [e.code for e in picks],
            "members": [e.code for e in members],
            "lead": chief.code,
            "applications": per_application,
            "replacements": [],
        }
        group.save(update_fields=["draw_record"])
        record(
            by,
            "experts.group.drawn",
            group,
            call=str(call),
            name=name,
            seed=seed,
            size=size,
            minimum=minimum,
            pool=len(pool),
            members=group.draw_record["members"],
            lead=chief.code,
            applications=[a.number for a in chosen],
            exclusions=sum(len(e["excluded"]) for e in per_application),
            alternates=[e.code for e in alternates],
        )
    return group


def draw_replacement(group: EvaluationGroup, application: Application, by, on: dt.date) -> Assignment | None:
    """Assign one more expert to ``application`` after a declared conflict (the caller holds the locks).

    Returns the new active assignment, or None when nobody in the pool can take it (recorded, and the
    group page then shows the application below its minimum).
    """
    replacements = group.draw_record.setdefault("replacements", [])
    n = 1 + sum(1 for r in replacements if r["id"] == application.pk)
    rng = random.Random(f"{group.seed}:{application.pk}:{n}")  # noqa: S311  (reproducible by design)
    load = load_by_expert(group.call)
    taken = set(Assignment.objects.filter(application=application).values_list("expert_id", flat=True))
    candidates = [e for e in sorted_pool(group.call, load) if e.pk not in taken]
    entry = {"application": application.number, "id": application.pk, "n": n, "tried": [], "excluded": []}
    found = None
    now = timezone.now()
    while candidates:
        candidate = pick(rng, candidates)
        entry["tried"].append(candidate.code)
        obstacles = _obstacles(candidate, application, on, load)
        if obstacles:
            entry["excluded"].append(_exclusion(candidate, obstacles, alternate=True))
            Assignment.objects.create(
                group=group,
                application=application,
                expert=candidate,
                status=AssignmentStatus.EXCLUDED,
                reason="；".join(o["reason"] for o in obstacles),
                is_alternate=True,
                created_at=now,
                changed_at=now,
            )
            continue
        found = Assignment.objects.create(
            group=group, application=application, expert=candidate, is_alternate=True, created_at=now
        )
        GroupMember.objects.get_or_create(
            group=group,
            expert=candidate,
            defaults={"is_alternate": True, "position": group.members.count() + 1},
        )
        break
    entry["assigned"] = found.expert.code if found else None
    replacements.append(entry)
    group.save(update_fields=["draw_record"])
    if found:
        record(by, "experts.assignment.replaced", found, application=application.number, expert=found.expert.code, n=n)
    else:
        record(by, "experts.assignment.replacement_unavailable", group, application=application.number, n=n)
    return found
