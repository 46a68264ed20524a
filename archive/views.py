from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import RoleKind
from audit.models import record
from calls.models import Call

from .packing import pack


@login_required
@require_POST
def download(request, call_pk: int):
    if not request.user.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以归档申报批次"))
    call = get_object_or_404(Call, pk=call_pk)
    packed = pack(call)
    with transaction.atomic():
        record(request.user, "archive.call.packed", call, sha256=packed.sha256, files=packed.files)
    response = HttpResponse(packed.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="archive-{call.year}-{call.programme}.zip"'
    return response
