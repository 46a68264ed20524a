"""Every page's header shows how many messages are unread, for one query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from notifications import notify
from notifications.context_processors import unread
from notifications.events import Event
from tests.makers import signed_in


@pytest.mark.django_db
def test_the_header_counts_unread_messages(client, sjz_reviewer):
    notify(sjz_reviewer, Event.REGISTRATION_SUBMITTED, "新的企业注册待确认", "", url="/enterprises/")
    notify(sjz_reviewer, Event.LEDGER_DUE, "季度台账待报送", "")
    page = signed_in(client, sjz_reviewer).get(reverse("home:index")).content.decode()
    assert f'href="{reverse("notifications:inbox")}">消息 <span class="badge">2<' in page


@pytest.mark.django_db
def test_no_badge_when_all_is_read(client, sjz_reviewer):
    page = signed_in(client, sjz_reviewer).get(reverse("home:index")).content.decode()
    assert f'href="{reverse("notifications:inbox")}">消息</a>' in page


@pytest.mark.django_db
def test_the_count_is_one_query(sjz_reviewer, django_assert_num_queries):
    notify(sjz_reviewer, Event.LEDGER_DUE, "季度台账待报送", "")
    request = RequestFactory().get("/")
    request.user = sjz_reviewer
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_messages": 1}


def test_nobody_signed_in_costs_no_query():
    """No django_db mark: any query here would fail the test."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread(request) == {"unread_messages": 0}
