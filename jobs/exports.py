"""Exports and archives as background jobs: on the Celery workers when a broker is configured.

An export is registered by name with a builder ``builder(user, query) -> (data, filename)`` that asks its
own permission questions of ``user`` (again, on the worker: the job runs as the person who asked). The
file is kept with the job and downloaded from the job's page (``jobs:download``), which only its owner and
the province's administrators can see. The language the person was using travels with the job.
"""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect
from django.utils import translation

from .models import Job
from .running import register, store_result_file, submit

Builder = Callable[..., tuple[bytes, str]]
EXPORTS: dict[str, tuple[Builder, str]] = {}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_export(name: str, builder: Builder, content_type: str = XLSX) -> None:
    EXPORTS[name] = (builder, content_type)


def start(name: str, user, query: dict, *, title: str) -> Job:
    if name not in EXPORTS:
        raise LookupError(f"no export registered as {name!r}")
    params = {"query": query, "language": translation.get_language() or ""}
    return submit("export", [name], title=title, by=user, params=params)


def started(name: str, request, *, title: str):
    """The view's answer when an export goes to the workers: the job's page, which shows its progress."""
    job = start(name, request.user, request.GET.dict(), title=title)
    return redirect("jobs:detail", pk=job.pk)


def export_job(job: Job, key: str) -> dict:
    builder, content_type = EXPORTS[key]
    with translation.override(job.params.get("language") or None):
        data, filename = builder(job.created_by, job.params.get("query", {}))
    return store_result_file(job, key, data, filename, content_type)


register("export", export_job)
