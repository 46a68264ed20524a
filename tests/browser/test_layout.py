"""The page frame at both sizes: the navigation folds behind a keyboard-usable menu button on a phone."""

import pytest

from accounts.models import RoleKind
from tests.makers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_navigation_folds_behind_a_menu_button_on_a_phone(journey, size):
    make_user("province_admin", (RoleKind.ADMIN, None))
    journey.login("province_admin")
    page = journey.page
    nav = page.get_by_role("navigation", name="主导航")
    menu = page.get_by_role("button", name="菜单")
    if size == "desktop":
        assert menu.is_hidden() and nav.is_visible()
        return
    assert menu.is_visible() and nav.is_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true" and nav.is_visible()
    journey.step("menu-open")
    page.keyboard.press("Tab")  # the first link of the menu takes the focus next
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    page.keyboard.press("Escape")
    assert nav.is_hidden() and menu.get_attribute("aria-expanded") == "false"
    nav_link = "省级评审"
    menu.click()
    page.get_by_role("link", name=nav_link).click()
    journey.step("menu-followed")
    assert "/experts/calls/" in page.url


def test_a_page_that_scrolls_sideways_fails_the_step(journey):
    """The overflow check every journey relies on does catch a page wider than the window."""
    journey.go("/accounts/login/", "login-page")
    journey.page.evaluate(
        "document.querySelector('main').append(Object.assign(document.createElement('div'), "
        "{style: 'width: 2000px', textContent: 'x'}))"
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        journey.step("too-wide")
