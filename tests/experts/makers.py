"""The expert pool of the suite: seven named experts, and forwarded applications to give them."""

from __future__ import annotations

from accounts.models import RoleKind
from experts.models import Expert, Expertise, ExpertLink, LinkKind, Relation
from tests.makers import make_user
from workflow import lifecycle
from workflow.models import Application
from workflow.samples import complete_application

# (code, name, holds the panel-lead role, employer, fields)
POOL = [
    ("E01", "王建国", True, "河北工业大学", [Expertise.HIGH_END_EQUIPMENT, Expertise.PATENT]),
    ("E02", "李明", False, "河北省知识产权保护中心", [Expertise.PATENT, Expertise.LAW]),
    ("E03", "张晓燕", False, "河北经贸大学", [Expertise.FINANCE]),
    ("E04", "刘志强", False, "河北科技大学", [Expertise.INFORMATION]),
    ("E05", "陈静", True, "燕山大学", [Expertise.NEW_ENERGY_MATERIALS, Expertise.PATENT]),
    ("E06", "杨帆", False, "河北正达律师事务所", [Expertise.LAW]),
    ("E07", "赵磊", False, "河北金融学院", [Expertise.INSURANCE, Expertise.FINANCE]),
]


def make_expert(code: str, name: str = "", *, lead: bool = False, employer: str = "河北大学", **fields) -> Expert:
    roles = [(RoleKind.EXPERT, None)] + ([(RoleKind.PANEL_LEAD, None)] if lead else [])
    user = make_user(f"expert_{code.lower()}", *roles, full_name=name or code)
    return Expert.objects.create(user=user, code=code, employer=employer, title="教授", **fields)


def make_pool(order: list[str] | None = None) -> dict[str, Expert]:
    """The seven experts, entered in ``order`` of codes (default E01..E07): returns them by code."""
    rows = {row[0]: row for row in POOL}
    experts = {}
    for code in order or list(rows):
        _code, name, lead, employer, fields = rows[code]
        experts[code] = make_expert(code, name, lead=lead, employer=employer, expertise=list(fields))
    return experts


def link(expert: Expert, *, enterprise=None, kind: str = LinkKind.ENTERPRISE, relation=Relation.ADVICE, **fields):
    return ExpertLink.objects.create(expert=expert, kind=kind, enterprise=enterprise, relation=relation, **fields)


def forwarded(call, reviewer, *enterprises) -> list[Application]:
    """One complete application per enterprise (all of the reviewer's unit), submitted, passed and forwarded."""
    passed = []
    for enterprise in enterprises:
        draft = complete_application(enterprise, call, enterprise.user_roles.get().user)
        submitted = lifecycle.submit(draft, enterprise.user_roles.get().user)
        passed.append(lifecycle.pass_review(submitted, reviewer, "同意"))
    lifecycle.forward_batch(call, reviewer.reviewer_unit, passed, reviewer)
    return list(Application.objects.filter(pk__in=[a.pk for a in passed]).order_by("number"))
