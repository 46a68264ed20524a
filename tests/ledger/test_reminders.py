"""Units that have not submitted are reminded once, in the days before the due day."""

from datetime import date

import pytest

from ledger import filing
from ledger.reminders import send_due
from notifications.models import Message
from tests.ledger.conftest import make_ledger

pytestmark = pytest.mark.django_db


def test_a_unit_that_has_not_submitted_is_reminded_once(sjz_reviewer, bd_reviewer):
    assert send_due(date(2023, 1, 6)) == 2  # 石家庄 and 保定: the units with reviewers
    assert send_due(date(2023, 1, 7)) == 0
    message = Message.objects.get(recipient=sjz_reviewer, event="ledger_due")
    assert "2022年第4季度" in message.subject and "1月10日" in message.subject


def test_a_unit_that_submitted_is_not_reminded(clock, sjz, sjz_reviewer, bd_reviewer):
    filing.submit(make_ledger(sjz, sjz_reviewer), sjz_reviewer)
    send_due(date(2023, 1, 10))
    assert not Message.objects.filter(recipient=sjz_reviewer, event="ledger_due").exists()
    assert Message.objects.filter(recipient=bd_reviewer, event="ledger_due").exists()


def test_no_reminder_long_before_the_due_day(sjz_reviewer):
    assert send_due(date(2022, 12, 20)) == 0
