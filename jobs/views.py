from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import RoleKind

from .models import Job, State


def _visible_job(request, pk: int) -> Job:
    """A job is seen by whoever started it, and by the province's administrators."""
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.has_role(RoleKind.ADMIN):
        raise Http404
    return job


def _files(job: Job) -> list[dict]:
    # Only the items that made a file: a 1,000-letter job's page polls every 2 s and must not read them all.
    done = job.items.filter(state=State.DONE, result__has_key="file")
    return [{"key": key, **result} for key, result in done.values_list("key", "result")]


@login_required
def detail(request, pk: int):
    job = _visible_job(request, pk)
    files = _files(job)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": job.state,
                "total": job.total,
                "done": job.done,
                "failed": job.failed,
                "percent": job.percent,
                "files": [f["filename"] for f in files],
            }
        )
    failures = job.items.filter(state="failed").only("key", "error")[:50]
    workers = (
        job.items.exclude(worker_host="").values_list("worker_host", "worker_pid").distinct().order_by("worker_host")
    )
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "failures": failures, "files": files, "workers": list(workers)[:20]},
    )


@login_required
def download(request, pk: int, key: str):
    job = _visible_job(request, pk)
    result = next((f for f in _files(job) if f["key"] == key), None)
    if result is None or not default_storage.exists(result["file"]):
        raise Http404
    return FileResponse(
        default_storage.open(result["file"], "rb"),
        as_attachment=True,
        filename=result["filename"],
        content_type=result.get("content_type") or "application/octet-stream",
    )
