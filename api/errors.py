"""Every API answer is JSON, refusals and crashes included: never Django's HTML error pages."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger("api")


def handle(exc, context):
    """DRF's handler for what it knows (401, 403, 404, 400, 405, 429…); a JSON 500 for anything else."""
    if isinstance(exc, PermissionDenied) and str(exc):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到，或不在您的权限范围内"))
    response = exception_handler(exc, context)
    if response is not None:
        return response
    log.exception("API error in %s", context.get("view").__class__.__name__, exc_info=exc)
    body = {"detail": _("服务器内部错误，请稍后重试或联系管理员")}
    return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def not_found(request, rest: str = ""):
    """Any other address under /api/: a JSON 404 rather than the site's HTML page."""
    return JsonResponse({"detail": _("没有这个接口地址，请查看 /api/docs/")}, status=404)
