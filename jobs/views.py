from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import RoleKind

from .models import Job


@login_required
def detail(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.has_role(RoleKind.ADMIN):
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"state": job.state, "total": job.total, "done": job.done, "failed": job.failed, "percent": job.percent}
        )
    failures = job.items.filter(state="failed").only("key", "error")[:50]
    return render(request, "jobs/detail.html", {"job": job, "failures": failures})
