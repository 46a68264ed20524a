from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import RoleKind
from audit.models import record
from calls.models import Call
from jobs.running import on_celery, store_result_file, submit

from .packing import pack


def _require_admin(user) -> None:
    if not user.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以归档申报批次"))


def _file_name(call) -> str:
    return f"archive-{call.year}-{call.programme}.zip"


@login_required
@require_POST
def download(request, call_pk: int):
    _require_admin(request.user)
    call = get_object_or_404(Call, pk=call_pk)
    if on_celery():  # a call's archive can take minutes: the workers make it, the job's page offers it
        job = submit("archive", [str(call.pk)], title=_("归档：%(call)s") % {"call": call}, by=request.user)
        return redirect("jobs:detail", pk=job.pk)
    packed = pack(call)
    with transaction.atomic():
        record(request.user, "archive.call.packed", call, sha256=packed.sha256, files=packed.files)
    response = HttpResponse(packed.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(call)}"'
    return response


def archive_job(job, key: str) -> dict:
    """The jobs handler: pack one call on a worker; the audit entry commits with the item (exactly once)."""
    _require_admin(job.created_by)
    call = Call.objects.get(pk=int(key))
    packed = pack(call)
    record(job.created_by, "archive.call.packed", call, sha256=packed.sha256, files=packed.files)
    return {**store_result_file(job, key, packed.data, _file_name(call), "application/zip"), "sha256": packed.sha256}
