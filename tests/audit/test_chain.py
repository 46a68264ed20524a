"""The audit trail is append-only and hash-chained: any edit or removal is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit.models import Entry, record, verify_chain


@pytest.fixture
def three_entries(db, sjz_enterprise):  # registration + confirmation already wrote two
    with transaction.atomic():
        record(None, "test.note", sjz_enterprise, note="第三条")
    return list(Entry.objects.order_by("id"))


def test_an_intact_chain_verifies(three_entries):
    report = verify_chain()
    assert report.ok and report.entries >= 3
    call_command("audit_verify", stdout=open("/dev/null", "w"))


def test_editing_an_entry_in_the_database_is_detected(three_entries):
    target = three_entries[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET data = %s WHERE id = %s", ['{"note": "改过"}', target.id])
    report = verify_chain()
    assert not report.ok and report.first_bad_id == target.id
    with pytest.raises(CommandError, match=f"broken at entry {target.id}"):
        call_command("audit_verify")


def test_removing_the_last_entry_is_detected(three_entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [three_entries[-1].id])
    assert not verify_chain().ok


def test_entries_cannot_be_changed_or_deleted_through_the_orm(three_entries):
    entry = three_entries[0]
    entry.action = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        Entry.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        Entry.objects.all().delete()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_entry_is_written_only_inside_the_change_it_records(sjz_enterprise):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record(None, "test.outside", sjz_enterprise)


def test_a_rolled_back_change_leaves_no_entry(sjz_enterprise):
    before = Entry.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record(None, "test.rolled_back", sjz_enterprise)
        1 / 0
    assert Entry.objects.count() == before
    assert verify_chain().ok
