"""An objection is upheld or dismissed in writing; an upheld one may change the list, as a new row."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import Entry
from notice import publication
from notice.models import NoticeEntry, ObjectionStatus
from notice.publication import EntryChange
from workflow.lifecycle import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(published, admin_user, clock):
    clock.set("2022-02-07 10:00")
    return publication.record_objection(
        published,
        entry=published.entries.get(order=1),
        raised_by_name="李四",
        contact="石家庄市长安区某路1号",
        content="保费中含非专利险种",
        by=admin_user,
    )


def test_an_upheld_objection_changes_the_amount_publicly_and_keeps_the_old_row(
    client, published, objection, admin_user
):
    publication.decide_objection(
        objection,
        upheld=True,
        decision="经核实，保费中含财产险部分，按专利险保费重新计算",
        change=EntryChange(amount=Decimal("41000.00")),
        by=admin_user,
    )
    old = NoticeEntry.objects.get(pk=objection.entry_id)
    assert old.amount == Decimal("50000.00")  # still on record, unchanged
    new = NoticeEntry.objects.get(replaces=old)
    assert (new.amount, new.order, new.objection_id) == (Decimal("41000.00"), 1, objection.pk)
    assert list(published.entries.current().values_list("amount", flat=True)) == [
        Decimal("41000.00"),
        Decimal("32500.50"),
    ]

    page = client.get(reverse("notice:detail", args=[published.pk])).content.decode()
    assert ">41000.00<" in page and "50000.00" not in page
    assert ">73500.50<" in page  # the new total

    assert Entry.objects.for_object(new).get(action="notice.entry.changed").data["amount_before"] == "50000.00"
    decided = Entry.objects.for_object(objection).get(action="notice.objection.decided")
    assert decided.data["status"] == ObjectionStatus.UPHELD and decided.data["replacement"] == new.pk


def test_an_upheld_objection_may_withdraw_the_entry(client, published, objection, admin_user):
    publication.decide_objection(
        objection, upheld=True, decision="该企业不符合申报条件", change=EntryChange(withdraw=True), by=admin_user
    )
    assert list(published.entries.current().values_list("enterprise_name", flat=True)) == ["保定乙装备有限公司"]
    assert published.entries.count() == 3  # two published rows and the withdrawal
    page = client.get(reverse("notice:detail", args=[published.pk])).content.decode()
    assert "石家庄甲科技有限公司" not in page


def test_a_dismissed_objection_leaves_the_list_as_published(published, objection, admin_user):
    decided = publication.decide_objection(objection, upheld=False, decision="经核实，材料真实有效", by=admin_user)
    assert (decided.status, decided.decided_by) == (ObjectionStatus.DISMISSED, admin_user)
    assert published.entries.count() == 2


def test_a_dismissed_objection_cannot_change_the_list(published, objection, admin_user):
    with pytest.raises(Refused, match="异议不成立时不能调整"):
        publication.decide_objection(
            objection, upheld=False, decision="不成立", change=EntryChange(withdraw=True), by=admin_user
        )


def test_a_decision_needs_its_text_and_is_taken_once(published, objection, admin_user):
    with pytest.raises(Refused, match="请填写处理决定"):
        publication.decide_objection(objection, upheld=False, decision=" ", by=admin_user)
    publication.decide_objection(objection, upheld=False, decision="不成立", by=admin_user)
    with pytest.raises(Refused, match="已于"):
        publication.decide_objection(objection, upheld=True, decision="成立", by=admin_user)


def test_a_second_change_replaces_the_current_row_not_the_original(published, objection, admin_user, clock):
    publication.decide_objection(
        objection, upheld=True, decision="调整", change=EntryChange(amount=Decimal("41000.00")), by=admin_user
    )
    again = publication.record_objection(
        published, entry=objection.entry, raised_by_name="王五", contact="138", content="仍有误", by=admin_user
    )
    publication.decide_objection(
        again, upheld=True, decision="再调整", change=EntryChange(amount=Decimal("40000.00")), by=admin_user
    )
    chain = published.entries.filter(order=1).order_by("id")
    assert [row.amount for row in chain] == [Decimal("50000.00"), Decimal("41000.00"), Decimal("40000.00")]
    assert chain[2].replaces_id == chain[1].pk
