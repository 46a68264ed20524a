"""The administrator publishes a call's proposed list: a stored snapshot with its end date computed once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from calls.models import Call
from notice import publication
from notice.models import Notice, NoticeEntry
from workflow.lifecycle import Refused

pytestmark = pytest.mark.django_db


def test_publishing_on_28_january_2022_ends_the_notice_on_9_february(published, call):
    assert (published.starts_on, published.ends_on, published.working_days) == (date(2022, 1, 28), date(2022, 2, 9), 5)
    assert published.title == "2022年度专利保险补助拟补助名单公示"
    assert published.source == "ranking-run-7"
    rows = list(published.entries.values_list("order", "enterprise_name", "unit_name", "amount"))
    assert rows == [
        (1, "石家庄甲科技有限公司", "石家庄市", Decimal("50000.00")),
        (2, "保定乙装备有限公司", "保定市", Decimal("32500.50")),
    ]
    call = Call.objects.get(pk=call.pk)
    assert (call.notice_starts, call.notice_ends) == (date(2022, 1, 28), date(2022, 2, 9))


def test_publication_is_audited_with_the_list(published, admin_user):
    entry = Entry.objects.for_object(published).get(action="notice.notice.published")
    assert entry.actor == admin_user
    assert entry.data["ends_on"] == "2022-02-09"
    assert entry.data["total"] == "82500.50"
    assert [row["amount"] for row in entry.data["entries"]] == ["50000.00", "32500.50"]


def test_the_number_of_working_days_is_per_call(call, entries, admin_user, clock):
    clock.set("2023-09-28 09:00")
    notice = publication.publish(call, entries, by=admin_user, working_days=7)
    assert notice.ends_on == date(2023, 10, 13)


def test_an_empty_list_is_refused(call, admin_user):
    with pytest.raises(Refused, match="公示名单为空"):
        publication.publish(call, [], by=admin_user)
    assert not Notice.objects.exists()


def test_only_the_provincial_administrator_publishes(call, entries, sjz_reviewer, expert):
    for user in (sjz_reviewer, expert):
        with pytest.raises(PermissionDenied, match="只有省局管理员"):
            publication.publish(call, entries, by=user)
    assert not Notice.objects.exists()


def test_a_period_running_into_an_unentered_year_is_refused(call, entries, admin_user, clock):
    clock.set("2026-12-28 10:00")
    with pytest.raises(Refused, match="2027年的法定节假日和调休安排尚未录入，请管理员先录入后再计算公示期"):
        publication.publish(call, entries, by=admin_user)
    assert not Notice.objects.exists()


def test_a_second_open_notice_for_the_same_call_is_refused(published, call, entries, admin_user):
    with pytest.raises(Refused, match="已有正在公示的名单"):
        publication.publish(call, entries, by=admin_user)
    assert Notice.objects.count() == 1


def test_amounts_must_be_exact_to_the_fen(call, entries, admin_user):
    entries[0]["amount"] = 50000.1
    entries[1]["amount"] = Decimal("100.005")
    with pytest.raises(Refused) as refused:
        publication.publish(call, entries, by=admin_user)
    assert len(refused.value.problems) == 2


def test_an_application_of_another_call_is_refused(call, entries, admin_user):
    other = Call.objects.create(
        **{
            field: getattr(call, field)
            for field in ("cycle_start", "cycle_end", "window_opens", "window_closes", "city_review_deadline")
        },
        programme="insurance",
        year=2023,
        budget=Decimal("1.00"),
        rules_edition=call.rules_edition,
    )
    with pytest.raises(Refused, match="不属于"):
        publication.publish(other, entries, by=admin_user)


def test_published_rows_cannot_be_edited(published):
    row = published.entries.first()
    row.amount = Decimal("1.00")
    with pytest.raises(PermissionError):
        row.save()
    assert NoticeEntry.objects.get(pk=row.pk).amount == Decimal("50000.00")
