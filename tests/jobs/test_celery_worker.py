"""A real Celery worker process against Redis: it does the items (its host and pid are on them, not the
test's), and after it is killed with SIGKILL half-way a new worker finishes them, each exactly once."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from jobs import running
from jobs.models import Item, Job

# Real worker processes: run once per CI run (scripts/test runs them in the PostgreSQL pass).
pytestmark = pytest.mark.workers

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except Exception:
        return False


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def queue(settings):
    if not redis_answers():
        pytest.fail(f"Redis is not answering at {REDIS}: .ci/run starts it; start it before running these tests")
    name = f"test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = REDIS
    app.conf.update(broker_url=REDIS, task_default_queue=name, broker_transport_options={"visibility_timeout": 3})
    yield name
    app.conf.update(broker_url=None)


def start_worker(queue: str, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "test-worker-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": database_url(),
        "HEBEI_VAR_DIR": str(settings.VAR_DIR),
        "CELERY_BROKER_URL": REDIS,
        "CELERY_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "LIBREOFFICE_BINARY": "/nonexistent/soffice",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "-n",
        f"{name}@%h",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=WARNING",
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def wait_for(job: Job, condition, timeout: float = 90) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"timed out: {job.done}/{job.total} {job.state}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_does_the_items_and_signs_them(queue):
    worker = start_worker(queue, "w1")
    try:
        job = running.submit("probe", [str(n) for n in range(1, 7)], title="probe")
        assert job.backend == "celery"
        wait_for(job, lambda j: j.state == "done")
    finally:
        stop(worker)
    signatures = set(Item.objects.filter(job=job).values_list("worker_host", "worker_pid"))
    assert all(host == socket.gethostname() and pid and pid != os.getpid() for host, pid in signatures)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_is_replaced_and_every_item_is_done_once(queue):
    first = start_worker(queue, "w1")
    try:
        job = running.submit("probe", [str(n) for n in range(1, 13)], title="probe", params={"delay": 0.4})
        wait_for(job, lambda j: j.done >= 3)
    finally:
        stop(first, signal.SIGKILL)  # in the middle of an item
    killed_at = Job.objects.get(pk=job.pk).done
    assert killed_at < 12
    second = start_worker(queue, "w2")
    try:
        wait_for(job, lambda j: j.state == "done", timeout=120)
    finally:
        stop(second)
    items = list(Item.objects.filter(job=job))
    assert sorted(int(i.key) for i in items) == list(range(1, 13))
    assert all(i.state == "done" for i in items) and Job.objects.get(pk=job.pk).done == 12
    assert len({pid for i in items for pid in [i.worker_pid]}) >= 2  # both workers did some


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_survey_import_and_an_export_are_done_by_a_worker_process(queue, sjz_reviewer, admin_user):
    """The long kind (outside the item's transaction) and the file-producing kind, on a real worker."""
    from django.core.files.storage import default_storage

    from jobs import exports
    from survey import imports
    from survey.models import ImportStatus, SurveyResponse
    from tests.makers import make_uscc
    from tests.survey.sheets import good_row, workbook

    worker = start_worker(queue, "w1")
    try:
        content = workbook([good_row(make_uscc(), "甲公司"), good_row(make_uscc(), "乙公司")])
        batch = imports.receive(content, "表.xlsx", sjz_reviewer.reviewer_unit, 2022, sjz_reviewer)
        import_job = imports.queue(batch, sjz_reviewer)
        export_job = exports.start("statistics", admin_user, {}, title="导出统计表")
        wait_for(import_job, lambda j: j.state == "done")
        wait_for(export_job, lambda j: j.state == "done")
    finally:
        stop(worker)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and SurveyResponse.objects.count() == 2
    for job in (import_job, export_job):
        host, pid = Item.objects.filter(job=job).values_list("worker_host", "worker_pid").get()
        assert host == socket.gethostname() and pid and pid != os.getpid()
    result = Item.objects.get(job=export_job).result
    assert default_storage.exists(result["file"]) and result["filename"] == "statistics-province.xlsx"
