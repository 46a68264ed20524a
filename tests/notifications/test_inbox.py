"""A user reads their own messages, and only their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import notify
from notifications.events import Event
from notifications.models import Message
from tests.makers import signed_in


@pytest.mark.django_db
def test_opening_a_message_marks_it_read_and_shows_its_link(client, ent_user):
    [message] = notify(ent_user, Event.CORRECTION_REQUESTED, "申报需要补正", "缺少保单扫描件。", url="/applications/7/")
    page = signed_in(client, ent_user).get(reverse("notifications:detail", args=[message.pk])).content.decode()
    assert "缺少保单扫描件。" in page and 'href="/applications/7/"' in page
    message.refresh_from_db()
    assert message.read_at is not None


@pytest.mark.django_db
def test_bd_reviewer_cannot_open_sjz_reviewers_message(client, sjz_reviewer, bd_reviewer):
    [message] = notify(sjz_reviewer, Event.LEDGER_DUE, "季度台账待报送", "")
    response = signed_in(client, bd_reviewer).get(reverse("notifications:detail", args=[message.pk]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


@pytest.mark.django_db
def test_the_inbox_lists_only_ones_own_messages(client, sjz_reviewer, bd_reviewer):
    notify(sjz_reviewer, Event.LEDGER_DUE, "石家庄的台账", "")
    notify(bd_reviewer, Event.LEDGER_DUE, "保定的台账", "")
    page = signed_in(client, bd_reviewer).get(reverse("notifications:inbox")).content.decode()
    assert "保定的台账" in page and "石家庄的台账" not in page


@pytest.mark.django_db
def test_the_unread_filter_hides_read_messages(client, sjz_reviewer):
    notify(sjz_reviewer, Event.LEDGER_DUE, "已读的通知", "")
    Message.objects.mark_read()
    notify(sjz_reviewer, Event.LEDGER_DUE, "未读的通知", "")
    page = signed_in(client, sjz_reviewer).get(reverse("notifications:inbox") + "?show=unread").content.decode()
    assert "未读的通知" in page and "已读的通知" not in page


@pytest.mark.django_db
def test_marking_all_read_touches_only_ones_own(client, sjz_reviewer, bd_reviewer):
    notify([sjz_reviewer, bd_reviewer], Event.LEDGER_DUE, "季度台账待报送", "")
    response = signed_in(client, sjz_reviewer).post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Message.objects.to(sjz_reviewer).unread().exists()
    assert Message.objects.to(bd_reviewer).unread().exists()


@pytest.mark.django_db
def test_the_inbox_needs_a_sign_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_the_inbox_costs_the_same_queries_for_1_and_120_messages(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)

    def queries_for_inbox():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        return len(queries)

    notify(sjz_reviewer, Event.LEDGER_DUE, "季度台账待报送", "")
    one = queries_for_inbox()
    for n in range(119):
        notify(sjz_reviewer, Event.SCORE_DUE if n % 2 else Event.LEDGER_DUE, f"通知{n}", "")
    assert queries_for_inbox() == one
