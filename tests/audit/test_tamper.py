"""Tampering behind the application's back (raw SQL, past the append-only guard) is found by
``manage.py audit_verify``: it exits non-zero and names the first broken entry, its place in the chain
and why. An intact chain being appended to while it is verified is not reported as broken."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit import models as audit_models
from audit.models import Entry, record, verify_chain


def run_audit_verify(capsys) -> tuple[int, str]:
    """(exit status, what it printed): manage.py turns a CommandError into its message on stderr and
    ``sys.exit(error.returncode)`` (run_from_argv itself would close the test's connection)."""
    try:
        call_command("audit_verify")
        status = 0
        message = ""
    except CommandError as error:
        status, message = error.returncode, str(error)
    return status, capsys.readouterr().out + message


@pytest.fixture
def chain(db, sjz_enterprise):
    """At least six entries: the enterprise's registration and confirmation, and four notes."""
    for n in range(4):
        with transaction.atomic():
            record(None, "test.note", sjz_enterprise, note=f"第{n + 1}条")
    entries = list(Entry.objects.order_by("id"))
    assert len(entries) >= 6 and verify_chain().ok
    return entries


def forge(after: Entry, *, correct_hash: bool = True, **changes) -> int:
    """Insert an entry by raw SQL, chained onto ``after`` (as a careful forger would); return its id."""
    fake = Entry(
        at=timezone.now(),
        actor=None,
        actor_label="system",
        action=changes.get("action", "finance.payment.recorded"),
        object_type="finance.payment",
        object_id="999",
        data={"amount": "500000.00"},
        prev_hash=after.hash,
    )
    fake.hash = fake.compute_hash() if correct_hash else "f" * 64
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_entry (at, actor_id, actor_label, action, object_type, object_id, data, prev_hash, hash)"
            " VALUES (%s, NULL, %s, %s, %s, %s, %s, %s, %s)",
            [
                fake.at,
                fake.actor_label,
                fake.action,
                fake.object_type,
                fake.object_id,
                json.dumps(fake.data),
                fake.prev_hash,
                fake.hash,
            ],
        )
    return Entry.objects.order_by("-id").values_list("id", flat=True).first()


def test_an_intact_chain_exits_zero(chain, capsys):
    status, output = run_audit_verify(capsys)
    assert status == 0, output
    assert f"audit chain intact: {len(chain)} entries" in output


def test_an_edited_data_field_is_named_with_its_place(chain, capsys):
    target = chain[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET data = %s WHERE id = %s", ['{"note": "改过"}', target.id])
    # a later entry edited too: the report names the first one
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET data = %s WHERE id = %s", ['{"note": "也改过"}', chain[5].id])
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"audit chain broken at entry {target.id} (no. 4 in the chain)" in output
    assert "its content does not match its hash" in output
    report = verify_chain()
    assert (report.first_bad_id, report.position, report.entries) == (target.id, 4, 3)


def test_an_edited_time_or_actor_is_detected(chain, capsys):
    target = chain[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_entry SET at = %s, actor_label = %s WHERE id = %s",
            [target.at - timezone.timedelta(days=30), "某人", target.id],
        )
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"broken at entry {target.id} (no. 3 in the chain)" in output and "content does not match" in output


def test_a_deleted_entry_in_the_middle_names_the_entry_after_it(chain, capsys):
    gone, after = chain[2], chain[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [gone.id])
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"audit chain broken at entry {after.id} (no. 3 in the chain)" in output
    assert f"is missing: an entry after entry {chain[1].id} was deleted" in output


def test_a_deleted_first_entry_is_detected(chain, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [chain[0].id])
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"broken at entry {chain[1].id} (no. 1 in the chain)" in output
    assert "after the start of the chain was deleted" in output


def test_a_deleted_last_entry_is_detected(chain, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [chain[-1].id])
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"broken at the end of the chain (no. {len(chain)} in the chain)" in output
    assert f"entries are missing after entry {chain[-2].id}" in output
    assert f"the chain head records {len(chain)} entries, {len(chain) - 1} are present" in output


def test_a_forged_entry_with_a_correct_hash_inserted_in_the_middle_is_named(chain, capsys, sjz_enterprise):
    forged = forge(chain[-1])
    with transaction.atomic():  # the application goes on writing: it chains onto its own last entry
        later = record(None, "test.note", sjz_enterprise, note="之后")
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"audit chain broken at entry {forged} (no. {len(chain) + 1} in the chain)" in output
    assert f"inserted outside the application: entry {later.id} is chained onto entry {chain[-1].id}" in output


def test_a_forged_entry_with_a_correct_hash_appended_at_the_end_is_named(chain, capsys):
    forged = forge(chain[-1])
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"audit chain broken at entry {forged} (no. {len(chain) + 1} in the chain)" in output
    assert f"appended outside the application: the chain head records {len(chain)} entries" in output


def test_a_forged_entry_with_a_made_up_hash_is_named(chain, capsys):
    forged = forge(chain[-1], correct_hash=False)
    status, output = run_audit_verify(capsys)
    assert status == 1
    assert f"broken at entry {forged} (no. {len(chain) + 1} in the chain)" in output
    assert "content does not match its hash" in output


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entries_appended_while_the_chain_is_verified_are_not_reported_as_tampering(sjz_enterprise, monkeypatch):
    """Another connection appends and commits while the verification is half-way through: the
    verification sees one consistent snapshot (entries and head), so the chain is reported intact."""
    for n in range(3):
        with transaction.atomic():
            record(None, "test.note", sjz_enterprise, note=f"第{n + 1}条")
    real = audit_models.Entry.objects.order_by
    appended = []

    def append_elsewhere():
        try:
            with transaction.atomic():
                appended.append(record(None, "test.note", sjz_enterprise, note="并发写入").id)
        finally:
            connection.close()

    def order_by(*fields):
        # between reading the chain head and reading the entries: the moment a READ COMMITTED
        # verification would see one entry more than the head it read records
        if not appended:
            thread = threading.Thread(target=append_elsewhere)
            thread.start()
            thread.join(timeout=30)
        return real(*fields)

    monkeypatch.setattr(audit_models.Entry.objects, "order_by", order_by)
    report = verify_chain()
    monkeypatch.undo()
    assert appended, "the concurrent append did not happen"
    assert report.ok, report.describe()
    assert verify_chain().ok
