"""The permission matrix (issue 9): every URL the resolver knows, every application transition and the other
state doors, asked by every role in every relation to the object.

- A URL without an expectation in matrix_spec.ROWS fails ``test_every_url_has_an_expectation``, by name.
- Each cell: an allowed actor gets the page (not 403/404/405/500, not the sign-in page); a refused one gets
  403 or 404 (anonymous: the sign-in page), or - for the "soft" actors who can see the object - the reason
  on the page they come back to; never a 500. Actors outside the own side never see the own enterprise's
  name, USCC or application numbers (except on the public notice). A refused POST writes nothing (every
  INSERT/UPDATE/DELETE of the request is captured), and the POST data is chosen so that the same request
  does write for an allowed actor.
- docs/permissions.md is generated from the same table (``manage.py permission_matrix --write``).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from audit import transitions as door
from tests.security import matrix_harness as harness
from tests.security import matrix_spec as spec
from tests.security.matrix_fixtures import world  # noqa: F401 - the module-scoped world
from tests.security.matrix_world import ACTORS

pytestmark = pytest.mark.django_db


def _application_urls():
    return [p for p in harness.walk() if not p.route.startswith("admin/")]


def test_every_url_has_an_expectation():
    known = {p.name for p in _application_urls()}
    missing = sorted(known - set(spec.ROWS))
    assert not missing, f"URLs without an expectation in tests/security/matrix_spec.py ROWS: {missing}"
    stale = sorted(set(spec.ROWS) - known)
    assert not stale, f"expectations for URLs that no longer exist: {stale}"
    needs_kwargs = sorted(p.name for p in _application_urls() if "<" in p.route and p.name not in spec.KWARGS)
    assert not needs_kwargs, f"URLs with parameters but no object in matrix_spec.KWARGS: {needs_kwargs}"


def test_the_committed_table_is_the_generated_one():
    from tests.security.matrix_doc import current, path

    assert path().read_text(encoding="utf-8") == current(), "run: manage.py permission_matrix --write"


def _check(row: spec.Row, method: str, actor: str, answer: harness.Answer, secrets: list[str]) -> str:
    """The problem with one cell, or ''."""
    allowed = (row.get if method == "GET" else row.post) or frozenset()
    if answer.status == 500:
        return "500"
    if actor not in spec.KNOWS_OWN and not row.public:
        leaked = [s for s in secrets if s in answer.body]
        if leaked:
            return f"shows {leaked}"
    if actor in allowed:
        if answer.status in (403, 404, 405) or (harness.is_login_redirect(answer) and not row.login_ok):
            return f"allowed but got {answer.status} {answer.location}"
        return ""
    if answer.writes:
        return f"refused but wrote {sorted(set(answer.writes))}"
    if actor == "anonymous":
        if row.api:
            return "" if answer.status in (401, 403, 404) else f"anonymous got {answer.status}"
        return "" if harness.is_login_redirect(answer) else f"anonymous got {answer.status}"
    if actor in row.soft:
        return "" if answer.status in (200, 302, 400, 403, 404) else f"soft refusal got {answer.status}"
    return "" if answer.status in (403, 404) else f"refused but got {answer.status} {answer.location}"


@pytest.mark.parametrize("name", sorted(spec.ROWS))
def test_cell(world, name):  # noqa: F811 - the fixture
    row = spec.ROWS[name]
    kwargs = spec.KWARGS[name](world.objects) if name in spec.KWARGS else None
    url = reverse(name, kwargs=kwargs)
    actors = world.clients
    problems = []
    for method, allowed in (("GET", row.get), ("POST", row.post)):
        if allowed is None:
            continue
        data = row.data(world.objects) if (method == "POST" and row.data) else {}
        wrote = False
        for actor in ACTORS:
            if row.api:
                token = world.tokens.get(actor)
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                client = Client(raise_request_exception=False, headers=headers)
                # a token's "last used" stamp is not a change of anything it may reach
                answer = harness.ask(client, method, url, data, benign=("api_apitoken",))
            else:
                answer = harness.ask(actors[actor], method, url, data)
            problem = _check(row, method, actor, answer, world.secrets)
            if answer.queries > 300:
                problem = problem or f"{answer.queries} queries for one page"
            if problem:
                problems.append(f"{method} {url} as {actor}: {problem}")
            wrote = wrote or (actor in allowed and bool(answer.writes))
        if method == "POST" and row.data is not None and not wrote:
            problems.append(f"POST {url}: the data changes nothing even for an allowed actor, so it proves nothing")
    assert not problems, "\n".join(problems)


ADMIN_OPEN = {"admin:login", "admin:logout"}  # the admin's own sign-in and sign-out pages


def test_admin_site_is_for_staff_only(world):  # noqa: F811
    """Every Django-admin URL sends anyone who is not staff (the province's role included) to its sign-in."""
    actors = world.clients
    problems = []
    count = 0
    for p in harness.walk():
        if not p.route.startswith("admin/") or p.name in ADMIN_OPEN:
            continue
        url = "/" + harness.example_path(p.route)
        for actor in ("anonymous", "enterprise", "admin"):
            answer = harness.ask(actors[actor], "GET", url)
            count += 1
            if not (answer.status == 302 and "/admin/login/" in answer.location):
                problems.append(f"GET {url} as {actor}: {answer.status}")
    assert count > 100 and not problems, "\n".join(problems)


# --- the transition tables ------------------------------------------------------------------------------

# Who each permission question of workflow/rights.py lets through, on an application of the own side.
QUESTIONS = {
    "can_submit": spec.OWN_ENT,
    "can_withdraw": spec.OWN_ENT,
    "can_answer_correction": spec.OWN_ENT,
    "can_correct_account": spec.OWN_ENT,
    "can_review": frozenset({"reviewer"}),
    "can_forward": frozenset({"reviewer"}),
    "can_extend_correction": frozenset({"reviewer", "admin"}),
    "is_province_admin": spec.ADMIN,
    "can_return_to_unit": spec.ADMIN,
    "is_finance": spec.FINANCE,
    "system_only": spec.NOBODY,
}

# An application of the own side (own enterprise, own unit) in each state the world holds.
IN_STATE = {
    "draft": "draft",
    "submitted": "submitted",
    "returned": "returned",
    "forwarded": "forwarded",
    "payment_failed": "main",
}


def _application_for(world, source):  # noqa: F811
    from workflow.models import Application

    return Application.objects.get(pk=world.objects[IN_STATE.get(source, "submitted")].pk)


def test_every_application_transition_names_a_known_question():
    from workflow.diagram import transitions

    unknown = sorted({who for *_rest, who in transitions()} - set(QUESTIONS))
    assert not unknown, f"permission questions without an expectation here: {unknown}"


def test_application_transitions(world):  # noqa: F811
    """Each edge of the state machine × each actor: the question answers as intended; where the world holds an
    application in the edge's source state, a refused actor going through the door itself gets PermissionDenied
    and the status does not move."""
    from workflow import rights
    from workflow.diagram import transitions
    from workflow.models import Application

    problems, cells = [], 0
    for source, target, name, who in transitions():
        question = getattr(rights, who)
        allowed = QUESTIONS[who]
        application = _application_for(world, source)
        for actor in ACTORS:
            user = world.users[actor]
            cells += 1
            if user is None:
                continue  # anonymous never reaches the door (login_required); None is the system itself
            verdict = question(application, user)
            if bool(verdict) != (actor in allowed):
                problems.append(f"{name} ({source}→{target}) {who} for {actor}: {bool(verdict)}")
            if actor in allowed or source not in IN_STATE:
                continue
            try:
                with transaction.atomic():
                    door.perform(application, name, user, state_field="status")
                problems.append(f"{name} ({source}→{target}) performed by {actor}")
            except PermissionDenied:
                pass
            current = Application.objects.get(pk=application.pk).status
            if current != source:
                problems.append(f"{name} by {actor} moved {source} to {current}")
        if who == "system_only" and not question(application, None):
            problems.append(f"{name}: the system itself is refused")
    assert cells > 400 and not problems, "\n".join(problems)


def test_registration_transitions(world):  # noqa: F811
    """The enterprise registration machine: the unit's reviewer and the province decide a pending registration;
    the enterprise itself resubmits a refused one. A refused actor is stopped at the door, nothing moves."""
    from enterprises import registration
    from enterprises.models import Enterprise
    from enterprises.permissions import can_decide_registration, can_resubmit_registration

    pending = world.objects["pending_enterprise"]
    own = world.objects["enterprise"]
    field = Enterprise._meta.get_field("registration_status")
    names = {t.name for t in field.get_all_transitions(Enterprise)}
    assert names == {"confirm", "refuse", "resubmit"}, f"new registration transition without an expectation: {names}"
    problems = []
    for actor in ACTORS:
        user = world.users[actor]
        if user is None:
            continue
        if bool(can_decide_registration(user, pending)) != (actor in {"reviewer", "admin"}):
            problems.append(f"confirm/refuse for {actor}")
        if bool(can_resubmit_registration(user, own)) != (actor in spec.OWN_ENT):
            problems.append(f"resubmit for {actor}")
        if actor in {"reviewer", "admin"}:
            continue
        for action in (registration.confirm, registration.refuse):
            try:
                with transaction.atomic():
                    action(Enterprise.objects.get(pk=pending.pk), user, "矩阵")
                problems.append(f"{action.__name__} performed by {actor}")
            except PermissionDenied:
                pass
        if Enterprise.objects.get(pk=pending.pk).registration_status != "pending":
            problems.append(f"{actor} moved the registration")
    assert not problems, "\n".join(problems)


def test_payment_and_ledger_doors(world):  # noqa: F811
    """Finance's payment door and the ledger's submit/reopen door refuse everyone but their owners."""
    from django.utils import timezone

    from finance import payments
    from finance.models import Payment
    from ledger import filing
    from ledger.models import Ledger

    approved = world.objects["approved_application"]
    failed = world.objects["main"]
    open_ledger, submitted_ledger = world.objects["ledger"], world.objects["submitted_ledger"]
    doors = {
        "record_payment": (
            spec.FINANCE,
            lambda user: payments.record_payment(
                approved,
                amount="10.00",
                voucher="GKDOOR",
                subject="2060299",
                paid_on=timezone.localdate(),
                by=user,
                idempotency_key=f"door-{user.pk}",
            ),
        ),
        "record_failure": (
            spec.FINANCE,
            lambda user: payments.record_failure(approved, "退回", user, idempotency_key=f"door-fail-{user.pk}"),
        ),
        "correct_account": (
            spec.OWN_ENT,
            lambda user: payments.correct_account(failed, user, "矩阵银行", failed.enterprise.name, "6222000055556666"),
        ),
        "ledger.submit": (
            frozenset({"reviewer"}),
            lambda user: filing.submit(Ledger.objects.get(pk=open_ledger.pk), user),
        ),
        "ledger.reopen": (
            spec.ADMIN,
            lambda user: filing.reopen(Ledger.objects.get(pk=submitted_ledger.pk), user, "数据有误"),
        ),
    }
    payments_before = Payment.objects.count()
    problems = []
    for door_name, (allowed, act) in doors.items():
        for actor in ACTORS:
            user = world.users[actor]
            if user is None or actor in allowed:
                continue
            try:
                with transaction.atomic():
                    act(user)
                problems.append(f"{door_name} performed by {actor}")
            except PermissionDenied:
                pass
    assert Payment.objects.count() == payments_before
    assert Ledger.objects.get(pk=open_ledger.pk).status == open_ledger.status
    assert Ledger.objects.get(pk=submitted_ledger.pk).status == submitted_ledger.status
    assert not problems, "\n".join(problems)
