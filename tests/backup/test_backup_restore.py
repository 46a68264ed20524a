"""``manage.py backup`` and ``manage.py restore`` on the database the suite runs on (SQLite in one pass,
PostgreSQL in the other): real applications with materials, expert scores, a payment and issued letters are
backed up, and restored by a separate process into an EMPTY database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates) and an empty media directory. Every application, score, payment,
document and file comes back with the same hash, and the audit chain verifies. A damaged backup, and a
target that is not empty, are refused before anything is written."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from archive.backup import MANIFEST, SUMS
from tests.evaluation.conftest import forwarded, score_all, sheet
from tests.experts.makers import make_pool
from tests.finance.conftest import approved, pay
from tests.makers import make_open_call

from .facts import facts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "source-media"


def build_data(admin_user, finance_user, sjz_enterprise):
    """Two scored applications (five experts each), one approved and partly paid, with their letters."""
    from evaluation import scoring
    from experts import draw

    call = make_open_call("insurance", budget=Decimal("1000000.00"))
    scored = [forwarded("BD", "9000.00", call), forwarded("TS", "8000.00", call)]
    pool = make_pool()
    group = draw.draw_group(call, scored, name="备份组", size=5, seed=7, by=admin_user, minimum=3, lead=pool["E01"])
    scoring.start_evaluation(group, admin_user)
    score_all(scored[0], sheet(30, 22, 18))
    score_all(scored[1], sheet(28, 21, 17))
    paid = approved(sjz_enterprise, "10000.00", call)
    pay(paid, "4000.00", finance_user)


def run(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600
    )


@contextlib.contextmanager
def empty_database(tmp_path: Path, label: str):
    """A DATABASE_URL for a database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"hebei_restore_{label}_{uuid.uuid4().hex[:8]}"
    params = dict(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"])
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{s['USER']}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def target_env(url: str, media: Path, tmp_path: Path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "HEBEI_VAR_DIR": str(tmp_path / "var"),
    }


def damaged_copy(backup: Path, into: Path) -> str:
    """The same backup with one stored file changed by one byte; returns that file's member name."""
    with tarfile.open(backup) as source, tarfile.open(into, "w") as target:
        victim = next(m.name for m in source if m.name.startswith("media/documents/"))
        for member in source:
            data = source.extractfile(member).read()
            if member.name == victim:
                data = bytes([data[0] ^ 1]) + data[1:]
            target.addfile(member, io.BytesIO(data))
    return victim


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("method", ["native", "django"])
def test_a_backup_restored_into_an_empty_database_brings_everything_back(
    method, tmp_path, admin_user, finance_user, sjz_enterprise, sjz_reviewer
):
    build_data(admin_user, finance_user, sjz_enterprise)
    before = facts()
    assert len(before["applications"]) == 3 and len(before["score_sheets"]) == 10 and len(before["payments"]) == 1
    assert before["materials"] and before["documents"] and before["audit"]["ok"]
    assert all(before["files"][d[2]] == d[1] for d in before["documents"].values())  # each letter as issued
    named = {m[1] for m in before["materials"].values()} | {d[2] for d in before["documents"].values()}
    assert named <= set(before["files"])  # and the forwarding batches' summary sheets

    call_command("backup", str(tmp_path / "backups") + os.sep, method=method)
    [backup] = list((tmp_path / "backups").glob("hebei-backup-*.tar"))
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
        sums = tar.extractfile(SUMS).read().decode()
    assert manifest["database"]["method"] == method
    assert {f"media/{name}" for name in before["files"]} <= set(names)
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == before["files"]
    assert all(f"{digest}  media/{name}\n" in sums for name, digest in before["files"].items())
    assert manifest["audit_head"] == {"count": before["audit"]["head"][0], "last_hash": before["audit"]["head"][1]}

    # a native backup restores into the same vendor; a Django-level one into SQLite from either
    vendor_of_target = connection.vendor if method == "native" else "sqlite"
    with contextlib.ExitStack() as stack:
        if vendor_of_target == connection.vendor:
            url = stack.enter_context(empty_database(tmp_path, "fresh"))
        else:
            url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        env = target_env(url, tmp_path / "restored-media", tmp_path)

        damaged = tmp_path / "damaged.tar"
        victim = damaged_copy(backup, damaged)
        refused = run("manage.py", "restore", str(damaged), env=env)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert f"{victim}: SHA-256 is" in refused.stderr and "the backup is damaged" in refused.stderr
        assert not list((tmp_path / "restored-media").rglob("*.*"))  # nothing written

        restored = run("manage.py", "restore", str(backup), env=env)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "every hash matches; audit chain intact" in restored.stdout

        after = run("-m", "tests.backup.facts", env=env)
        assert after.returncode == 0, after.stderr
        assert json.loads(after.stdout) == json.loads(json.dumps(before))
        verified = run("manage.py", "audit_verify", env=env)
        assert verified.returncode == 0 and f"intact: {before['audit']['entries']} entries" in verified.stdout

        again = run("manage.py", "restore", str(backup), env=env)
        assert again.returncode == 1
        assert "already has" in again.stderr and "pass --force" in again.stderr
        forced = run("manage.py", "restore", "--force", str(backup), env=env)
        assert forced.returncode == 0, forced.stdout + forced.stderr
        assert json.loads(run("-m", "tests.backup.facts", env=env).stdout) == json.loads(json.dumps(before))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_whose_audit_chain_does_not_verify_exits_non_zero(tmp_path, sjz_enterprise):
    """The backup is a faithful copy of a database whose trail was edited behind the application's back: the
    restore writes it (it is what was there) but exits non-zero, naming the broken entry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM audit_entry")
        entry_id = cursor.fetchone()[0]
        cursor.execute("UPDATE audit_entry SET action = %s WHERE id = %s", ["forged.action", entry_id])
    call_command("backup", str(tmp_path / "tampered.tar"))
    with empty_database(tmp_path, "tampered") as url:
        restored = run(
            "manage.py", "restore", str(tmp_path / "tampered.tar"), env=target_env(url, tmp_path / "m", tmp_path)
        )
    assert restored.returncode == 1
    assert f"audit chain broken at entry {entry_id} (no. 1 in the chain): its content does not match" in restored.stderr
