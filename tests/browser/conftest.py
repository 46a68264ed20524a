"""Browser journeys: one Chromium per session (Debian's, launched by path), a fresh context per test, and a
``journey`` helper that signs in through the login form, checks each page for horizontal scrolling and saves
one screenshot per step under var/screenshots/<test>/<size>/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run under one unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.makers import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_BINARY") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's connections are context-local: once Playwright's loop runs, this thread sees fresh connection
    # objects, without the copy of the reference data (units, issuers) that serialized_rollback restores
    # after each transactional test's flush. Hand the copy over, or a journey after the first finds no units.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    if not os.path.exists(CHROMIUM):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: scripts/test installs it; or set CHROMIUM_BINARY")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for alias, contents in serialized.items():
            if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        yield chromium
        chromium.close()


@pytest.fixture(params=list(SIZES))
def size(request):
    return request.param


class Journey:
    """A page in one viewport, with a screenshot and an overflow check for each step."""

    def __init__(self, page, base_url: str, folder: Path):
        self.page = page
        self.base = base_url
        self.folder = folder
        self.steps = 0
        self.failures: list[str] = []  # any response of 500 or above, pages and fetches alike
        page.on("response", lambda response: response.status >= 500 and self.failures.append(response.url))

    def go(self, path: str, name: str | None = None):
        self.page.goto(self.base + path)
        self.step(name or path.strip("/").replace("/", "-") or "home")

    def step(self, name: str):
        """The page is settled: it must not scroll sideways; save what it looks like."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        slug = re.sub(r"[^\w.-]+", "-", name)[:60]
        self.page.screenshot(path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=True)
        widths = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{self.page.url} scrolls sideways at step {name!r}: {widths[0]} > {widths[1]}"
        assert not self.failures, f"server errors at step {name!r}: {self.failures}"

    def login(self, username: str, password: str = PASSWORD):
        self.page.context.clear_cookies()
        self.page.goto(self.base + "/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.step(f"login-{username}")
        assert "/accounts/login/" not in self.page.url, f"{username} could not sign in"

    def submit(self, name: str, label: str):
        """Click the button named ``label`` and record the page it leads to."""
        self.page.get_by_role("button", name=label, exact=True).click()
        self.step(name)

    def nav(self, label: str, name: str | None = None):
        """Follow a link of the main navigation, opening the menu first where it is folded (phone size)."""
        menu = self.page.get_by_role("button", name="菜单")
        if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
            menu.click()
        self.page.get_by_role("navigation", name="主导航").get_by_role("link", name=label, exact=True).click()
        self.step(name or f"nav-{label}")

    def field(self, label: str, within=None):
        """The input whose label reads exactly ``label`` (a required field's label ends in an asterisk)."""
        return (within or self.page).get_by_label(re.compile("^" + re.escape(label) + r"\s*\*?$"))

    def text(self) -> str:
        return self.page.locator("main").inner_text()


@pytest.fixture
def journey(browser, live_server, size, request):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(6_000)
    page = context.new_page()
    folder = SCREENSHOTS / request.node.originalname / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield Journey(page, live_server.url, folder)
    context.close()
