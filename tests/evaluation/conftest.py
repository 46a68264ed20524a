"""A call with three forwarded applications (石家庄, 保定, 唐山), the seven-expert pool, and one group of five
drawn for all three (E01 the lead) whose scoring has been started; helpers to fill in score sheets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import RoleKind
from evaluation import scoring
from experts import draw, pledge
from experts.models import Assignment
from tests.experts.makers import make_pool
from tests.makers import make_enterprise, make_open_call, make_user
from workflow import lifecycle
from workflow.models import Application
from workflow.samples import complete_application

# The expert criteria of insurance-2021 (max 35, 25, 20) and insurance-2019 (max 40, 30, 20).
CRITERIA = ("patent_importance", "product_fit", "protection_value")
CRITERIA_2019 = ("patent_importance", "product_fit", "materials_quality")


def sheet(*points, criteria=CRITERIA) -> dict:
    return dict(zip(criteria, [str(p) for p in points], strict=True))


def forwarded(unit_code: str, premium: str, call) -> Application:
    """One application of a new enterprise of ``unit_code``: submitted, judged, passed and forwarded."""
    enterprise = make_enterprise(unit_code)
    user = enterprise.user
    reviewer = make_user(f"{unit_code.lower()}_rev_{enterprise.pk}", (RoleKind.CITY_REVIEWER, enterprise.unit))
    application = complete_application(enterprise, call, user, premium=premium)
    application = lifecycle.submit(application, user)
    policy = application.policies.get()
    application = lifecycle.record_judgements(application, reviewer, {policy.pk: (True, True)})
    application = lifecycle.pass_review(application, reviewer, "同意推荐")
    lifecycle.forward_batch(call, application.unit, [application], reviewer)
    return Application.objects.get(pk=application.pk)


def active(application):
    return list(
        Assignment.objects.filter(application=application, status="active")
        .select_related("expert__user", "group__call", "application")
        .order_by("expert__code")
    )


def score(assignment, points, comments=None):
    """The expert pledges (once) and submits ``points``."""
    pledge.accept(assignment.expert, assignment.group.call, assignment.expert.user)
    return scoring.submit_score(assignment, assignment.expert.user, points, comments or {})


def score_all(application, *sheets):
    """Every active expert of ``application`` submits, in expert-code order, the sheets given (or the last)."""
    assignments = active(application)
    for n, assignment in enumerate(assignments):
        score(assignment, sheets[min(n, len(sheets) - 1)])
    return assignments


@pytest.fixture
def call(db, admin_user):
    return make_open_call("insurance", budget=Decimal("1000000.00"))


@pytest.fixture
def pool(db):
    return make_pool()


@pytest.fixture
def applications(call):
    """A (石家庄, premium 12,000), B (保定, 9,000), C (唐山, 8,000), all forwarded."""
    return [
        forwarded(code, premium, call) for code, premium in (("SJZ", "12000.00"), ("BD", "9000.00"), ("TS", "8000.00"))
    ]


@pytest.fixture
def group(call, applications, pool, admin_user):
    """Five experts drawn for the three applications, E01 appointed lead; the scoring is started."""
    drawn = draw.draw_group(
        call, applications, name="保险一组", size=5, seed=20220301, by=admin_user, minimum=3, lead=pool["E01"]
    )
    scoring.start_evaluation(drawn, admin_user)
    return drawn


@pytest.fixture
def members(group):
    """The group's five experts, by code."""
    return {m.expert.code: m.expert for m in group.members.select_related("expert__user")}


@pytest.fixture
def outsider_expert(pool, members):
    """A pool expert who was not drawn into the group."""
    return next(e for code, e in pool.items() if code not in members)


@pytest.fixture
def evaluated(group, applications):
    """A, B and C scored by their five experts: experts' scores 70, 72 and 66 (+5 computed: 75, 77, 71)."""
    score_all(applications[0], sheet(30, 22, 18))
    score_all(applications[1], sheet(31, 23, 18))
    score_all(applications[2], sheet(28, 21, 17))
    return [Application.objects.get(pk=a.pk) for a in applications]
