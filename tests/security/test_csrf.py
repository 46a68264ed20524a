"""CSRF: every URL refuses a POST without the token (and nothing changes), every page's POST form carries it."""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role, RoleKind
from tests.makers import make_user, signed_in

pytestmark = pytest.mark.django_db

PLACEHOLDER = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Django's own admin is CSRF-protected by Django (one of its URLs is checked below); the API authenticates
# only its own tokens, never the session, so a forged cross-site request carries no credentials there.
NOT_WALKED = ("admin/",)
TOKEN_ONLY = ("api/",)


def every_route(with_parameters: bool = True) -> list[tuple[str, object]]:
    """(concrete path, view) for each URL pattern of the project, parameters filled with a placeholder."""
    found = []

    def walk(resolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern):
                found.append((route, entry.callback))

    walk(get_resolver(), "")
    return [
        ("/" + PARAMETER.sub(lambda m: PLACEHOLDER[m["converter"] or "str"], route), view)
        for route, view in found
        if not route.startswith(NOT_WALKED) and (with_parameters or not PARAMETER.search(route))
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


@pytest.fixture
def everyone(sjz):
    """One user wearing every hat, so that no POST is refused for lack of a role instead of the token."""
    from tests.makers import make_enterprise

    enterprise = make_enterprise("SJZ", name="石家庄全角色测试有限公司")
    user = make_user("every_role", (RoleKind.ADMIN, None), (RoleKind.FINANCE, None), (RoleKind.EXPERT, None))
    Role.objects.create(user=user, kind=RoleKind.PANEL_LEAD)
    Role.objects.create(user=user, kind=RoleKind.CITY_REVIEWER, unit=sjz)
    Role.objects.create(user=user, kind=RoleKind.ENTERPRISE, enterprise=enterprise)
    return user


def test_every_url_refuses_a_post_without_the_csrf_token(everyone):
    client = signed_in(Client(enforce_csrf_checks=True), everyone)
    routes = every_route()
    assert len(routes) > 100  # the walk found the project's pages
    before = row_counts()
    accepted = []
    for path, view in routes:
        if path.lstrip("/").startswith(TOKEN_ONLY):
            continue
        response = client.post(path, {"name": "forged", "decision": "confirm", "amount": "1"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append((path, response.status_code))
    assert accepted == []
    assert row_counts() == before


def test_only_the_token_authenticated_api_is_exempt():
    exempt = [path for path, view in every_route() if getattr(view, "csrf_exempt", False)]
    assert all(path.startswith("/api/") for path in exempt), exempt
    session_classes = [c for c in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] if "Session" in c]
    assert session_classes == []


def test_the_admin_refuses_a_post_without_the_token(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = signed_in(Client(enforce_csrf_checks=True), admin_user)
    response = client.post("/admin/accounts/user/add/", {"username": "forged", "password1": "x", "password2": "x"})
    assert response.status_code == 403
    assert not type(admin_user).objects.filter(username="forged").exists()


def test_a_post_with_the_token_is_not_refused(client, sjz_reviewer):
    """The walk above can fail: the same client with a token gets through the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/accounts/login/",
        {"username": "sjz_reviewer", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# --- every POST form on the main pages carries the token ----------------------------------------------------------


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "t": 0}
            self.forms.append(self.current)
        elif tag == "input" and self.current is not None and attrs.get("name") == "csrfmiddlewaretoken":
            self.current["t"] += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def post_forms_without_token(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return [form for form in parser.forms if form["method"] == "post" and form["t"] != 1]


PERSONAS = ["admin_user", "finance_user", "sjz_reviewer", "expert", "sjz_enterprise"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_post_form_on_the_main_pages_carries_the_token(request, persona):
    who = request.getfixturevalue(persona)
    user = who.user if persona == "sjz_enterprise" else who
    client = signed_in(Client(), user)
    pages = [path for path, _view in every_route(with_parameters=False)]
    pages = [p for p in pages if not p.startswith(("/api/", "/accounts/logout/", "/i18n/"))]
    checked, missing = 0, {}
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        bad = post_forms_without_token(response.content.decode())
        if bad:
            missing[path] = bad
    assert checked >= 5, "too few pages rendered to judge"
    assert missing == {}


def test_the_anonymous_pages_carry_the_token_too():
    client = Client()
    for path in ("/accounts/login/", "/enterprises/register/"):
        response = client.get(path)
        assert response.status_code == 200
        assert post_forms_without_token(response.content.decode()) == []
        assert b"csrfmiddlewaretoken" in response.content


def test_the_detail_pages_with_forms_carry_the_token(client, sjz_reviewer, pending_sjz_enterprise, sjz_enterprise):
    signed_in(client, sjz_reviewer)
    pages = {e.pk: client.get(f"/enterprises/{e.pk}/") for e in (pending_sjz_enterprise, sjz_enterprise)}
    for response in pages.values():
        assert response.status_code == 200
        assert post_forms_without_token(response.content.decode()) == []
    parser = Forms()
    parser.feed(pages[pending_sjz_enterprise.pk].content.decode())
    decide = [f for f in parser.forms if f["action"] and "/decide/" in f["action"]]
    assert decide and all(f["t"] == 1 for f in decide)  # the registration decision form was there to check
