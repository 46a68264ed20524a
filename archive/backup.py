"""Backup and restore of the whole system: one consistent snapshot of the database and every stored file.

A backup is one tar file::

    database/db.sqlite3 | database/db.dump | database/db.json   the database (see METHODS)
    media/<path>                                               every stored file (uploads, documents, exports)
    manifest.json      format, time, database vendor and method, applied migrations, row count of every
                       table, the audit chain's head, and each file's size and SHA-256
    SHA256SUMS         ``<sha256>  <path>`` for every other member (``sha256sum -c SHA256SUMS`` checks an
                       unpacked backup without this system)

The database is read as one snapshot: SQLite through its online backup API (writers keep working), PostgreSQL
through ``pg_dump`` on a snapshot exported by a REPEATABLE READ transaction, in which the row counts and the
audit head written to the manifest are read too. The files are copied after the snapshot: a file is stored
before the row that names it commits and deleted only after that row is gone, so every file the snapshot
names is there (restore checks it).

Restore refuses a database or media directory that is not empty unless told (``force``), checks every
member's hash before it writes anything, restores the database and the files (hashing each file written),
and then checks the result: the row count of every table, the audit chain (``verify_chain``) and its head,
and that every file a row names exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.utils import timezone

FORMAT = "hebei-backup/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
NATIVE, DJANGO = "native", "django"
METHODS = {
    NATIVE: "SQLite: the online backup API (a copy of the database file); PostgreSQL: pg_dump custom format, "
    "restored by pg_restore (the same server major version or newer); restores only into the same vendor",
    DJANGO: "Django's JSON dump of every table: restores into SQLite or PostgreSQL running the same code "
    "(the same migrations), e.g. to move from the embedded database to PostgreSQL",
}
CHUNK = 1 << 20


class BackupError(Exception):
    """The backup cannot be made or restored as asked; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    method: str
    files: int
    size: int
    seconds: float


@dataclass
class RestoreResult:
    method: str
    files: int
    rows: int
    audit_entries: int
    seconds: float
    notes: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _quote(connection, table: str) -> str:
    return connection.ops.quote_name(table)


def _facts(cursor, connection, tables: list[str]) -> dict:
    """Row counts of every table, the applied migrations and the audit chain's head, read with ``cursor``."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    head = None
    if "audit_chainhead" in tables:
        cursor.execute("SELECT last_hash, count FROM audit_chainhead WHERE id = 1")
        row = cursor.fetchone()
        head = {"last_hash": row[0], "count": row[1]} if row else None
    return {"tables": counts, "migrations": migrations, "audit_head": head}


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool_major(tool: str) -> int | None:
    """The major version of a PostgreSQL client tool on PATH, or None when it is not installed."""
    binary = shutil.which(tool)
    if binary is None:
        return None
    output = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    try:
        return int(output.split()[-1].split(".")[0]) if "(PostgreSQL)" in output else None
    except ValueError:
        return None


def _server_version(connection) -> str:
    return str(connection.pg_version) if connection.vendor == "postgresql" else sqlite3.sqlite_version


def _server_major(connection) -> int:
    return connection.pg_version // 10000 if connection.vendor == "postgresql" else 0


def _run(command: list[str], env: dict, what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


# --- backup -------------------------------------------------------------------------------------------


def default_name() -> str:
    return f"hebei-backup-{timezone.now():%Y%m%d-%H%M%S}.tar"


def choose_method(connection, method: str) -> str:
    if method not in ("auto", NATIVE, DJANGO):
        raise BackupError(f"unknown method {method!r}: auto, {NATIVE} or {DJANGO}")
    if method != "auto":
        return method
    if connection.vendor == "postgresql":
        client = _tool_major("pg_dump")
        return NATIVE if client is not None and client >= _server_major(connection) else DJANGO
    return NATIVE


def _dump_sqlite(connection, staging: Path) -> tuple[str, dict]:
    source_name = str(connection.settings_dict["NAME"])
    target = staging / "db.sqlite3"
    source = sqlite3.connect(source_name)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # the online backup API: one consistent copy while writers keep working
        tables = [
            row[0]
            for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        facts = _facts(copy.cursor(), connection, tables)
    finally:
        copy.close()
        source.close()
    return "database/db.sqlite3", facts


def _dump_postgresql(connection, staging: Path) -> tuple[str, dict]:
    client, server = _tool_major("pg_dump"), _server_major(connection)
    if client is None or client < server:
        raise BackupError(
            f"pg_dump {client or 'is not installed'}: the server runs PostgreSQL {server}; install its client "
            f"(postgresql-client-{server}) or use --method {DJANGO}"
        )
    target = staging / "db.dump"
    args, env = _pg_args(connection.settings_dict)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = _facts(cursor, connection, connection.introspection.table_names(cursor))
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(connection.settings_dict["NAME"]),
            ],
            env,
            "pg_dump",
        )
    return "database/db.dump", facts


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; the audit hash covers microseconds, so keep them."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _all_rows(using: str):
    for model in apps.get_models():
        if router.allow_migrate_model(using, model):
            yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=2000)


def _dump_django(connection, staging: Path) -> tuple[str, dict]:
    target = staging / "db.json"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        facts = _facts(cursor, connection, connection.introspection.table_names(cursor))
        with open(target, "w", encoding="utf-8") as stream:  # what dumpdata --all writes, to the microsecond
            serializers.serialize("json", _all_rows(connection.alias), stream=stream, cls=_ExactEncoder)
    return "database/db.json", facts


def backup(destination: str | Path, *, method: str = "auto", using: str = "default") -> BackupResult:
    """Write one backup tar: into ``destination`` if it is a directory (named by the time), else as that file."""
    started = time.monotonic()
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("a backup reads its own snapshot: run it outside any transaction")
    as_directory = str(destination).endswith(("/", os.sep))
    destination = Path(destination)
    if destination.is_dir() or as_directory:
        destination = destination / default_name()
    if destination.exists():
        raise BackupError(f"{destination} already exists: name a new file or a directory")
    destination.parent.mkdir(parents=True, exist_ok=True)
    method = choose_method(connection, method)
    media = _media_root()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=destination.parent) as tmp:
        staging = Path(tmp)
        if method == DJANGO:
            member, facts = _dump_django(connection, staging)
        elif connection.vendor == "sqlite":
            member, facts = _dump_sqlite(connection, staging)
        elif connection.vendor == "postgresql":
            member, facts = _dump_postgresql(connection, staging)
        else:
            raise BackupError(f"no native backup for {connection.vendor}: use --method {DJANGO}")
        partial = destination.with_name(destination.name + ".partial")
        sums: list[tuple[str, str]] = []
        files = []
        with tarfile.open(partial, "w") as tar:
            database_file = staging / PurePosixPath(member).name
            sums.append((sha256_file(database_file), member))
            tar.add(database_file, arcname=member, recursive=False)
            for path in _media_files(media):
                relative = path.relative_to(media).as_posix()
                data = path.read_bytes()  # stored files are written once: read whole, hash what is archived
                digest = hashlib.sha256(data).hexdigest()
                info = tarfile.TarInfo(f"media/{relative}")
                info.size, info.mtime, info.mode = len(data), int(path.stat().st_mtime), 0o644
                tar.addfile(info, _Bytes(data))
                sums.append((digest, f"media/{relative}"))
                files.append({"path": relative, "sha256": digest, "size": len(data)})
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": {
                    "vendor": connection.vendor,
                    "method": method,
                    "member": member,
                    "server_version": connection.pg_version
                    if connection.vendor == "postgresql"
                    else sqlite3.sqlite_version,
                    "name": str(connection.settings_dict["NAME"]),
                },
                **facts,
                "files": files,
            }
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add_bytes(tar, MANIFEST, manifest_bytes)
            sums.append((hashlib.sha256(manifest_bytes).hexdigest(), MANIFEST))
            _add_bytes(tar, SUMS, "".join(f"{digest}  {name}\n" for digest, name in sums).encode())
        os.replace(partial, destination)
    return BackupResult(destination, method, len(files), destination.stat().st_size, time.monotonic() - started)


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
    tar.addfile(info, _Bytes(data))


# --- restore ------------------------------------------------------------------------------------------


def _unpack(source: Path, staging: Path) -> tuple[dict, dict[str, str]]:
    """Extract every member into ``staging``, hashing it on the way; refuse anything odd or any mismatch."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    computed: dict[str, str] = {}
    try:
        with tarfile.open(source, "r") as tar:
            for member in tar:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"{source}: member {member.name!r} is not a plain file inside the backup")
                target = staging / Path(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as reader, open(target, "wb") as writer:
                    while chunk := reader.read(CHUNK):
                        digest.update(chunk)
                        writer.write(chunk)
                computed[member.name] = digest.hexdigest()
    except (tarfile.TarError, EOFError) as exc:
        raise BackupError(f"{source}: not a readable backup ({exc})") from None
    if SUMS not in computed or MANIFEST not in computed:
        raise BackupError(f"{source}: not a backup of this system (no {MANIFEST} or {SUMS})")
    listed: dict[str, str] = {}
    for number, line in enumerate((staging / SUMS).read_text().splitlines(), start=1):
        digest, _sep, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise BackupError(f"{SUMS} line {number} is not “<sha256>  <path>”: {line!r}")
        listed[name] = digest
    for name, digest in listed.items():
        if name not in computed:
            raise BackupError(f"{name} is listed in {SUMS} but missing from the backup")
        if computed[name] != digest:
            raise BackupError(f"{name}: SHA-256 is {computed[name]}, {SUMS} says {digest}: the backup is damaged")
    unlisted = sorted(set(computed) - set(listed) - {SUMS})
    if unlisted:
        raise BackupError(f"members not listed in {SUMS}: {', '.join(unlisted[:5])}")
    manifest = json.loads((staging / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}: format {manifest.get('format')!r}, this system reads {FORMAT}")
    for entry in manifest["files"]:
        if listed.get(f"media/{entry['path']}") != entry["sha256"]:
            raise BackupError(f"media/{entry['path']}: the manifest's SHA-256 differs from {SUMS}")
    return manifest, listed


def _emptiness(connection, media: Path) -> list[str]:
    problems = []
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
    if tables:
        problems.append(f"the database {connection.settings_dict['NAME']} already has {len(tables)} tables")
    existing = _media_files(media)
    if existing:
        problems.append(f"the media directory {media} already holds {len(existing)} files")
    return problems


def _wipe_postgresql(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        user = cursor.fetchone()[0]
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute(f"CREATE SCHEMA public AUTHORIZATION {connection.ops.quote_name(user)}")
    connection.close()


def _restore_sqlite(connection, staged: Path) -> None:
    target = str(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(staged)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # replaces the whole target database, page by page
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the restored SQLite database fails its integrity check: {check}")
    finally:
        destination.close()
        source.close()


def _restore_postgresql(connection, staged: Path, force: bool) -> None:
    client, server = _tool_major("pg_restore"), _server_major(connection)
    if client is None or client < server:
        raise BackupError(f"pg_restore {client or 'is not installed'}: install postgresql-client-{server}")
    if force:
        _wipe_postgresql(connection)
    connection.close()
    args, env = _pg_args(connection.settings_dict)
    _run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(staged),
        ],
        env,
        "pg_restore",
    )


def _restore_django(connection, staged: Path, manifest: dict, force: bool) -> None:
    from django.db.migrations.loader import MigrationLoader

    if force and connection.vendor == "postgresql":
        _wipe_postgresql(connection)
    elif force:
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes}
    if set(manifest["migrations"]) != known:
        missing, extra = sorted(known - set(manifest["migrations"])), sorted(set(manifest["migrations"]) - known)
        raise BackupError(
            "a Django-level backup restores only into the code that made it: "
            + (f"the code has migrations the backup lacks ({', '.join(missing[:5])}) " if missing else "")
            + (f"the backup has migrations the code lacks ({', '.join(extra[:5])})" if extra else "")
        )
    call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
    # the migrations' reference rows (units, issuers, content types...) come back from the dump, ids and all
    call_command("flush", database=connection.alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(staged), database=connection.alias, verbosity=0)
    if connection.vendor == "postgresql":  # the next id after the largest loaded, as pg_restore would leave it
        from django.core.management.color import no_style

        sql = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _missing_referenced_files() -> list[str]:
    from django.core.files.storage import default_storage

    missing = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                names = model._base_manager.exclude(**{model_field.name: ""}).values_list(model_field.name, flat=True)
                missing += [
                    f"{model._meta.label}.{model_field.name}: {name}"
                    for name in names.iterator()
                    if name and not default_storage.exists(name)
                ]
    return missing


def restore(source: str | Path, *, force: bool = False, using: str = "default") -> RestoreResult:
    """Restore ``source`` into the configured database and MEDIA_ROOT, then check the result (BackupError if
    anything differs)."""
    from audit.models import verify_chain

    started = time.monotonic()
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("restore replaces the database: run it outside any transaction")
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media.parent) as tmp:
        staging = Path(tmp)
        manifest, _listed = _unpack(Path(source), staging)
        database = manifest["database"]
        if database["method"] == NATIVE and database["vendor"] != connection.vendor:
            raise BackupError(
                f"this backup is a {database['vendor']} database file: it restores only into {database['vendor']} "
                f"(a backup made with --method {DJANGO} restores into either)"
            )
        occupied = _emptiness(connection, media)
        if occupied and not force:
            raise BackupError(
                "; ".join(occupied) + ". Restore only into an empty database and media directory, or pass --force "
                "to replace everything in them"
            )
        staged = staging / Path(*PurePosixPath(database["member"]).parts)
        if database["method"] == DJANGO:
            _restore_django(connection, staged, manifest, force)
        elif connection.vendor == "sqlite":
            _restore_sqlite(connection, staged)
        else:
            _restore_postgresql(connection, staged, force)
        if force:
            for path in _media_files(media):
                path.unlink()
        for entry in manifest["files"]:
            target = media / Path(*PurePosixPath(entry["path"]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / "media" / Path(*PurePosixPath(entry["path"]).parts), target)
            if sha256_file(target) != entry["sha256"]:
                raise BackupError(f"{target}: the file written differs from the backup (SHA-256)")
    connection.close()
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
        restored = _facts(cursor, connection, tables)
    problems = []
    for table, count in manifest["tables"].items():
        if table == "django_migrations" and database["method"] == DJANGO:
            continue
        if restored["tables"].get(table) != count:
            problems.append(f"table {table}: {restored['tables'].get(table)} rows restored, the backup has {count}")
    if restored["audit_head"] != manifest["audit_head"]:
        problems.append(f"audit chain head {restored['audit_head']} differs from the backup's {manifest['audit_head']}")
    report = verify_chain()
    if not report.ok:
        problems.append(report.describe())
    missing = _missing_referenced_files()
    if missing:
        problems.append(f"{len(missing)} files named by rows are missing: {'; '.join(missing[:5])}")
    if problems:
        raise BackupError("restored, but the result differs from the backup: " + " | ".join(problems))
    notes = []
    known_unapplied = _unapplied_migrations(connection)
    if known_unapplied:
        notes.append(f"the code has {len(known_unapplied)} migrations newer than the backup: run manage.py migrate")
    return RestoreResult(
        database["method"],
        len(manifest["files"]),
        sum(restored["tables"].values()),
        report.entries,
        time.monotonic() - started,
        notes,
    )


def _unapplied_migrations(connection) -> list:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
