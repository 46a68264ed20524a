"""Every main page, for every persona, reads in Chinese; with English chosen, in English.

The pages are found by walking the links each persona sees, from the starting points below (one page per
route and query shape, so a list of a hundred applications costs one visit), on the demo data
(`manage.py load_demo`: applications at each step, an evaluation group scoring, every role's login).
A page fails when its visible text holds
- an English msgid of a third-party catalogue left untranslated (viewflow, django-filter, django-otp, axes:
  locale_thirdparty/zh_Hans), or
- an English msgstr of the project's own catalogue (locale/en) on a page that should be Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from accounts.models import User
from tests.i18n.pagetext import PhraseFinder, project_chinese, project_english, third_party_english, visible_text

BASE = Path(settings.BASE_DIR)
THIRD_PARTY_PO = BASE / "locale_thirdparty" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PROJECT_EN_PO = BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Persona:
    login: str | None  # a demo account; None: nobody signed in
    starts: tuple[str, ...]  # route names where the walk starts, besides the home page
    must_reach: frozenset[str]  # routes the walk must render, so that the check cannot quietly shrink


PERSONAS = {
    "enterprise": Persona(
        "ent_sjz2",  # its application was returned for correction
        ("workflow:mine", "notifications:inbox", "accounts:password_change", "survey:fill"),
        frozenset(
            {
                "home:index",
                "workflow:mine",
                "workflow:detail",
                "calls:detail",
                "enterprises:detail",
                "notifications:inbox",
                "patents:list",
                "accounts:password_change",
            }
        ),
    ),
    "enterprise waiting for confirmation": Persona(
        "ent_sjz_moved", ("workflow:mine",), frozenset({"home:index", "enterprises:detail"})
    ),
    "nobody signed in": Persona(
        None,
        ("accounts:login", "enterprises:register", "notice:list"),
        frozenset({"accounts:login", "enterprises:register", "notice:list"}),
    ),
    "enterprise with a complete draft": Persona(
        "ent_xa", ("workflow:mine",), frozenset({"workflow:detail", "workflow:policy_edit"})
    ),
    "unit reviewer": Persona(
        "sjz_reviewer",
        ("workflow:queue", "workflow:forward_list", "enterprises:list", "ledger:index", "survey:index"),
        frozenset(
            {
                "workflow:queue",
                "workflow:detail",
                "enterprises:list",
                "enterprises:detail",
                "survey:progress",
                "parks:progress",
                "stats:index",
                "ledger:detail",
            }
        ),
    ),
    "unit reviewer with an application to forward": Persona(
        "ts_reviewer", ("workflow:forward_list",), frozenset({"workflow:forward_list", "workflow:detail"})
    ),
    "province admin": Persona(
        "province_admin",
        (
            "calls:list",
            "workflow:province_forwarded",
            "experts:list",
            "experts:calls",
            "notice:manage_list",
            "notice:holidays",
            "finance:ledgers",
            "ledger:index",
            "ledger:plan_years",
            "survey:index",
            "survey:progress",
            "survey:statistics",
            "parks:progress",
            "parks:financings",
            "stats:index",
            "admin:index",
            "admin:viewflow_process_changelist",
            "admin:viewflow_task_changelist",
            "admin:axes_accessattempt_changelist",
            "admin:axes_accesslog_changelist",
        ),
        frozenset(
            {
                "calls:list",
                "calls:detail",
                "workflow:province_forwarded",
                "experts:group",
                "evaluation:board",
                "finance:ledgers",
                "survey:statistics",
                "parks:progress",
                "stats:index",
                "admin:viewflow_task_changelist",
                "admin:viewflow_process_changelist",
                "api:tokens",
                "api:docs",
                "accounts:otp_devices",
            }
        ),
    ),
    "expert": Persona(
        "panel_lead",
        ("experts:tasks",),
        frozenset({"experts:tasks", "experts:task", "evaluation:score", "evaluation:moderation"}),
    ),
    "finance": Persona(
        "finance",
        ("finance:ledgers", "finance:pending", "stats:index"),
        frozenset({"finance:pending", "finance:ledgers", "finance:ledger", "stats:index"}),
    ),
}

MAX_PAGES_PER_PERSONA = 120
SKIP_PREFIXES = ("/i18n/", "/static/", "/media/", "/accounts/logout")
SKIP_SUFFIXES = (".xlsx", ".xls", ".zip", ".docx", ".pdf", ".csv", ".json", ".yaml", ".png")
LANGUAGE_NAMES = {name for _code, name in settings.LANGUAGES}
# English that no catalogue can reach, with the reason; anything else English on a Chinese page fails.
NO_CATALOGUE_REACHES = {
    "Search",  # Django admin's search_form.html: <img alt="Search"> is written in the template, untranslated
    "Brief",  # viewflow's ProcessAdmin lists the `brief` property, whose column header is its attribute name
}


@dataclass
class Walk:
    visited: dict[str, str] = field(default_factory=dict)  # url -> route name
    problems: list[str] = field(default_factory=list)


def route_key(url: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name.startswith("admin:") and match.view_name.endswith(("_delete", "_history", "logout")):
        return None
    # One visit per route and shape of query (?status=..., but not every page number).
    query = tuple(sorted(f"{k}={v}" if k in ("status", "tab", "kind") else k for k, v in parse_qsl(parts.query)))
    return match.view_name, query


def walk(client, starts: list[str], check) -> Walk:
    result = Walk()
    seen_keys = set()
    queue = list(starts)
    while queue and len(result.visited) < MAX_PAGES_PER_PERSONA:
        url = queue.pop(0).split("#")[0]
        key = route_key(url)
        if key is None or key in seen_keys:
            continue
        seen_keys.add(key)
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        if response.redirect_chain:  # e.g. a unit's ledger page that sends on to the current year
            url = response.redirect_chain[-1][0]
            key = route_key(url) or key
            seen_keys.add(key)
        result.visited[url] = key[0]
        pieces, links = visible_text(response.content.decode())
        offending = check(pieces)
        if offending:
            result.problems.append(f"{url}: {sorted(set(offending))}")
        # Django admin is visited only at the pages named as starting points (viewflow's and axes' lists):
        # its other pages are the models' raw fields, not the product's screens.
        queue.extend(link for link in links if link.startswith("/") and not link.startswith("/admin/"))
    return result


def a_step_further() -> None:
    """Beyond the demo, through the same domain functions: the drawn experts sign their pledge (so their
    scoring pages open), and 石家庄 starts this quarter's ledger (so its filling pages exist)."""
    from experts import pledge
    from experts.models import Assignment
    from ledger import filing
    from ledger.quarters import today_in_shanghai
    from places.models import Unit

    for assignment in Assignment.objects.select_related("expert__user", "group__call"):
        pledge.accept(assignment.expert, assignment.group.call, by=assignment.expert.user)
    today = today_in_shanghai()
    filing.start(
        Unit.objects.get(code="SJZ"), today.year, (today.month - 1) // 3 + 1, User.objects.get(username="sjz_reviewer")
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back at its end (each test
    runs in a savepoint of it, as pytest-django's django_db does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))
        a_step_further()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def untranslated_on_chinese_pages():
    third_party = PhraseFinder(third_party_english(THIRD_PARTY_PO))
    project = PhraseFinder(project_english(PROJECT_EN_PO))

    def check(pieces):
        shown = [piece for piece in pieces if piece not in LANGUAGE_NAMES | NO_CATALOGUE_REACHES]
        return third_party.find(shown) + project.find(shown)

    return check


def start_urls(persona: Persona) -> list[str]:
    return [reverse("home:index"), *(reverse(name) for name in persona.starts)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_every_page_a_persona_reaches_is_chinese(name, demo, client, untranslated_on_chinese_pages):
    persona = PERSONAS[name]
    if persona.login:
        client.force_login(User.objects.get(username=persona.login))
    result = walk(client, start_urls(persona), untranslated_on_chinese_pages)
    missed = persona.must_reach - set(result.visited.values())
    assert not missed, f"{name} ({persona.login}) never reached {sorted(missed)}; reached {sorted(result.visited)}"
    assert not result.problems, f"{name} ({persona.login}) sees English on Chinese pages:\n" + "\n".join(
        result.problems
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["province admin", "unit reviewer", "enterprise", "expert", "finance"])
def test_with_english_chosen_the_pages_show_english(name, demo, client):
    """The reverse: no piece of text on the page is a Chinese msgid that the English catalogue translates."""
    persona = PERSONAS[name]
    client.force_login(User.objects.get(username=persona.login))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    chinese = set(project_chinese(PROJECT_EN_PO)) - LANGUAGE_NAMES
    problems = []
    # Not the messages page: a message keeps the subject it was sent with (in Chinese), like a letter.
    for url in [url for url in start_urls(persona) if url != reverse("notifications:inbox")][:3]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert '<html lang="en">' in page, url
        pieces, _links = visible_text(page)
        left = sorted({piece for piece in pieces if piece in chinese})
        if left:
            problems.append(f"{url}: {left}")
    assert not problems, "Chinese left on English pages:\n" + "\n".join(problems)


def test_the_check_finds_english_left_on_a_chinese_page(untranslated_on_chinese_pages):
    """The check itself: viewflow's and the project's English are found wherever a person would read them."""
    page = """<html><head><title>待办</title><style>.Inbox{}</style><script>var s = "Assign";</script></head>
    <body><nav aria-label="Inbox"></nav><p>Task 12 has been completed.</p><td>Unassign</td>
    <input type="submit" value="Sign out"><input type="hidden" value="Queue"><p>manage.py load_parks --year 年度</p>
    <p>办理中</p></body></html>"""
    pieces, _links = visible_text(page)
    found = "\n".join(untranslated_on_chinese_pages(pieces))
    for english in ("'Inbox'", "'Task 12 has been completed.'", "'Unassign'", "'Sign out'"):
        assert english in found
    for hidden_or_code in ("Assign'", "Queue", "year"):
        assert hidden_or_code not in found
