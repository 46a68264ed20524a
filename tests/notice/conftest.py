"""A call with two applications ready to be listed (石家庄 and 保定), and a clock the tests can set."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notice import publication
from tests.makers import make_open_call
from workflow.samples import complete_application

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Sets "now" for the code under test (timezone.now and everything built on it, localdate included)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, text: str) -> datetime:
        moment = datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def call(db):
    return make_open_call("insurance")


@pytest.fixture
def applications(call, sjz_enterprise, bd_enterprise, sjz_reviewer):
    return [
        complete_application(enterprise, call, enterprise.user_roles.get().user)
        for enterprise in (sjz_enterprise, bd_enterprise)
    ]


@pytest.fixture
def entries(applications):
    """What the ranking page hands over: the list to publish, amounts in Decimal."""
    amounts = [Decimal("50000.00"), Decimal("32500.50")]
    return [
        {
            "application": application,
            "enterprise_name": application.enterprise.name,
            "unit_name": application.unit.name,
            "programme": application.get_programme_display(),
            "amount": amount,
        }
        for application, amount in zip(applications, amounts, strict=True)
    ]


@pytest.fixture
def published(call, entries, admin_user, clock):
    """The list published on Friday 28 January 2022: its 5 working days end on Wednesday 9 February."""
    clock.set("2022-01-28 10:00")
    return publication.publish(call, entries, by=admin_user, source="ranking-run-7")
