"""Submitting and running jobs: on Celery workers when ``CELERY_BROKER_URL`` is set, in-process otherwise.

Each kind of job has a handler ``handler(job, key) -> dict`` registered by the app that owns the work
(``jobs.running.register("letters", issue_letter)``). The handler must be idempotent by key: it runs
inside the transaction that marks the item done, so a worker killed half-way leaves nothing behind, but
a handler should still check that its result is not already there (a retried item is run again).

Long items (a whole import, a PDF conversion, an archive) are registered with ``atomic=False``: the item is
claimed (marked running, with the worker's host and pid) in one short transaction, the handler runs with
no transaction around it — so its own progress writes are visible to the page that polls — and the item
is marked done in another. Such a handler must be idempotent by its own state: run again after a worker
died, it either finds its work done (and returns) or does it again from the start, as one transaction.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Item, Job, State

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[[Job, str], dict]] = {}
LONG: set[str] = set()  # kinds whose handler runs outside the item's transaction


def register(kind: str, handler: Callable[[Job, str], dict], *, atomic: bool = True) -> None:
    HANDLERS[kind] = handler
    if atomic:
        LONG.discard(kind)
    else:
        LONG.add(kind)


def on_celery() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def submit(kind: str, keys: Iterable[str], *, title: str, by=None, params: dict | None = None) -> Job:
    """Create the job and its items, then run them: queued on Celery, or right here, one by one."""
    if kind not in HANDLERS:
        raise LookupError(f"no handler registered for jobs of kind {kind!r}")
    keys = list(dict.fromkeys(str(k) for k in keys))
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            total=len(keys),
            created_by=by,
            params=params or {},
            backend="celery" if on_celery() else "inline",
            state=State.QUEUED if keys else State.DONE,
            finished_at=None if keys else timezone.now(),
        )
        Item.objects.bulk_create([Item(job=job, key=key) for key in keys])
    if on_celery():
        from .tasks import run_item

        item_ids = list(Item.objects.filter(job=job).values_list("pk", flat=True))
        # After the caller's transaction commits, or a worker could look for items it cannot yet see.
        transaction.on_commit(lambda: [run_item.delay(item_id) for item_id in item_ids], robust=True)
    else:
        for item_id in Item.objects.filter(job=job).values_list("pk", flat=True):
            run(item_id)
    job.refresh_from_db()
    return job


def resume(job: Job) -> int:
    """Queue (or run) again every item not done: after workers died, or a broker was flushed."""
    pending = list(Item.objects.filter(job=job).exclude(state=State.DONE).values_list("pk", flat=True))
    for item_id in pending:
        if on_celery():
            from .tasks import run_item

            run_item.delay(item_id)
        else:
            run(item_id)
    return len(pending)


def run(item_id: int) -> str:
    """Do one item exactly once: claim it under a row lock, run the handler, mark it done, in one transaction."""
    host, pid = socket.gethostname(), os.getpid()
    kind = Item.objects.filter(pk=item_id).values_list("job__kind", flat=True).first()
    if kind in LONG:
        return _run_long(item_id, host, pid)
    try:
        with transaction.atomic():
            item = Item.objects.select_for_update().select_related("job").get(pk=item_id)
            if item.state == State.DONE:
                return "already done"
            retrying_a_failure = item.state == State.FAILED
            Job.objects.filter(pk=item.job_id).exclude(state=State.RUNNING).update(
                state=State.RUNNING, finished_at=None
            )
            Item.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1)
            result = HANDLERS[item.job.kind](item.job, item.key) or {}
            Item.objects.filter(pk=item.pk).update(
                state=State.DONE, result=result, error="", worker_host=host, worker_pid=pid, finished_at=timezone.now()
            )
            Job.objects.filter(pk=item.job_id).update(
                done=F("done") + 1, failed=F("failed") - (1 if retrying_a_failure else 0)
            )
    except Exception as exc:  # recorded on the item; the job carries on with the others
        log.exception("job item %s failed", item_id)
        with transaction.atomic():
            updated = (
                Item.objects.filter(pk=item_id)
                .exclude(state__in=[State.DONE, State.FAILED])
                .update(state=State.FAILED, error=f"{type(exc).__name__}: {exc}", worker_host=host, worker_pid=pid)
            )
            if updated:
                Job.objects.filter(items__pk=item_id).update(failed=F("failed") + 1)
        _finish_if_complete(item_id)
        return "failed"
    _finish_if_complete(item_id)
    return "done"


def _run_long(item_id: int, host: str, pid: int) -> str:
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("job").get(pk=item_id)
        if item.state == State.DONE:
            return "already done"
        Job.objects.filter(pk=item.job_id).exclude(state=State.RUNNING).update(state=State.RUNNING, finished_at=None)
        if item.state == State.FAILED:  # tried again: no longer counted as failed while it runs
            Job.objects.filter(pk=item.job_id).update(failed=F("failed") - 1)
        Item.objects.filter(pk=item.pk).update(
            state=State.RUNNING, attempts=F("attempts") + 1, error="", worker_host=host, worker_pid=pid
        )
    try:
        result = HANDLERS[item.job.kind](item.job, item.key) or {}
    except Exception as exc:
        log.exception("job item %s failed", item_id)
        with transaction.atomic():
            updated = (
                Item.objects.filter(pk=item_id)
                .exclude(state__in=[State.DONE, State.FAILED])
                .update(state=State.FAILED, error=f"{type(exc).__name__}: {exc}", worker_host=host, worker_pid=pid)
            )
            if updated:
                Job.objects.filter(pk=item.job_id).update(failed=F("failed") + 1)
        _finish_if_complete(item_id)
        return "failed"
    with transaction.atomic():
        updated = (
            Item.objects.filter(pk=item_id)
            .exclude(state=State.DONE)
            .update(state=State.DONE, result=result, worker_host=host, worker_pid=pid, finished_at=timezone.now())
        )
        if updated:
            Job.objects.filter(pk=item.job_id).update(done=F("done") + 1)
    _finish_if_complete(item_id)
    return "done"


def _finish_if_complete(item_id: int) -> None:
    """When no item is left to do, the job is done (or failed, if any item failed): recomputed each time,
    so a resumed job whose failed items then succeed ends as done."""
    job = Job.objects.filter(items__pk=item_id).first()
    if job and not Item.objects.filter(job=job).exclude(state__in=[State.DONE, State.FAILED]).exists():
        state = State.FAILED if Item.objects.filter(job=job, state=State.FAILED).exists() else State.DONE
        finished = (
            Job.objects.filter(pk=job.pk)
            .exclude(state__in=[State.DONE, State.FAILED])
            .update(state=state, finished_at=timezone.now())
        )
        if finished and job.backend == "celery" and job.created_by_id:
            _tell_the_owner(job, state)


def _tell_the_owner(job: Job, state: str) -> None:
    """Work handed to the workers ends in the message box of whoever started it (once per outcome)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from notifications import notify

    job.refresh_from_db()
    subject = (_("后台任务已完成：%(t)s") if state == State.DONE else _("后台任务有失败项：%(t)s")) % {"t": job.title}
    body = _("共%(total)d项，完成%(done)d项，失败%(failed)d项。") % {
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
    }
    notify([job.created_by], "job_finished", subject, body, reverse("jobs:detail", args=[job.pk]))


def store_result_file(job: Job, key: str, data: bytes, filename: str, content_type: str) -> dict:
    """Keep a file a job produced (an export, an archive) and return the item result that points at it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save(f"jobs/{job.pk}/{key}-{filename}", ContentFile(data))
    return {"file": name, "filename": filename, "content_type": content_type, "size": len(data)}
