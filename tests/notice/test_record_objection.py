"""Staff key in objections from the public received within the notice period, and only then."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from notice import publication
from notice.models import Objection, ObjectionStatus
from workflow.lifecycle import Refused

pytestmark = pytest.mark.django_db


def objection(notice, by, **overrides):
    fields = dict(raised_by_name="张三", contact="0311-12345678", content="该企业保单非本年度购买", by=by)
    fields.update(overrides)
    return publication.record_objection(notice, **fields)


def test_an_objection_on_the_last_day_is_recorded_and_audited(published, admin_user, clock):
    clock.set("2022-02-09 16:30")
    entry = published.entries.get(order=1)
    recorded = objection(published, admin_user, entry=entry)
    assert (recorded.status, recorded.entry, recorded.recorded_by) == (ObjectionStatus.OPEN, entry, admin_user)
    audit = Entry.objects.for_object(recorded).get(action="notice.objection.recorded")
    assert audit.data["raised_by_name"] == "张三" and audit.data["entry"] == entry.pk


def test_an_objection_after_the_last_day_is_refused_naming_the_end_date(published, admin_user, clock):
    clock.set("2022-02-10 09:00")
    with pytest.raises(Refused, match="公示期已于2022年02月09日结束"):
        objection(published, admin_user)
    assert not Objection.objects.exists()


def test_a_letter_received_on_the_last_day_may_be_keyed_in_the_next_morning(published, admin_user, clock):
    received = clock.set("2022-02-09 17:00")
    clock.set("2022-02-10 09:00")
    assert objection(published, admin_user, received_at=received).received_at == received


def test_only_the_administrator_records_objections(published, sjz_reviewer, clock):
    clock.set("2022-02-07 09:00")
    with pytest.raises(PermissionDenied):
        objection(published, sjz_reviewer)


def test_an_objection_needs_who_how_to_reach_them_and_what(published, admin_user, clock):
    clock.set("2022-02-07 09:00")
    with pytest.raises(Refused) as refused:
        objection(published, admin_user, raised_by_name=" ", contact="", content="")
    assert len(refused.value.problems) == 3
