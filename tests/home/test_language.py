"""Chinese first whatever the browser says; English when the person chooses it."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page


@pytest.mark.django_db
def test_choosing_english_switches_the_interface(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page and "登录" not in page
