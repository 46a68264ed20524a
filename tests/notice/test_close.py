"""The administrator closes a notice after its last day, once every objection is decided."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from notice import publication
from notice.models import NoticeStatus
from workflow.lifecycle import Refused

pytestmark = pytest.mark.django_db


def test_closing_on_the_last_day_is_refused(published, admin_user, clock):
    clock.set("2022-02-09 18:00")
    with pytest.raises(Refused, match="公示期至2022年02月09日结束，期满后方可结束公示"):
        publication.close(published, admin_user)
    published.refresh_from_db()
    assert published.status == NoticeStatus.PUBLISHED


def test_closing_the_day_after_is_recorded(published, admin_user, clock):
    clock.set("2022-02-10 09:00")
    closed = publication.close(published, admin_user)
    assert (closed.status, closed.closed_by) == (NoticeStatus.CLOSED, admin_user)
    audit = Entry.objects.for_object(closed).get(action="notice.notice.closed")
    assert audit.data["total"] == "82500.50"


def test_an_open_objection_keeps_the_notice_open(published, admin_user, clock):
    clock.set("2022-02-08 09:00")
    publication.record_objection(published, raised_by_name="赵六", contact="139", content="排序有误", by=admin_user)
    clock.set("2022-02-10 09:00")
    with pytest.raises(Refused, match="还有1条异议未处理"):
        publication.close(published, admin_user)


def test_only_the_administrator_closes(published, finance_user, clock):
    clock.set("2022-02-10 09:00")
    with pytest.raises(PermissionDenied):
        publication.close(published, finance_user)


def test_after_closing_a_new_list_may_be_published(published, call, entries, admin_user, clock):
    clock.set("2022-02-10 09:00")
    publication.close(published, admin_user)
    assert publication.publish(call, entries, by=admin_user).ends_on.isoformat() == "2022-02-17"
