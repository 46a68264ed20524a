"""The REST API: read what the caller's pages show them, and post the bank's payment results.

Thin: each view fetches through ``api.scopes`` (the pages' own scope functions) and serialises. Outside the
caller's scope is a 404, as on the pages; a question the pages answer with 403 is a 403 here too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts.permissions import fetch_visible
from audit.models import Entry
from calls.models import Call, Programme
from finance import bank_import
from finance import permissions as finance_permissions
from finance.models import Kind, Payment, Result
from workflow.models import Status

from . import bank_results, scopes
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ApprovedAwardSerializer,
    BankPreviewSerializer,
    BankRefusalSerializer,
    BankResultSerializer,
    BankResultsJsonSerializer,
    BankResultsUploadSerializer,
    CallSerializer,
    ErrorSerializer,
    PaymentSerializer,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="没有令牌，或令牌无效、已吊销、已过期，或用户已停用"),
    404: OpenApiResponse(ErrorSerializer, description="不存在，或不在调用者的权限范围内（与页面相同）"),
}


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


# --- applications -----------------------------------------------------------------------------------


class ApplicationFilter(serializers.Serializer):
    call = serializers.IntegerField(required=False, min_value=1, help_text="申报批次 id")
    programme = serializers.ChoiceField(choices=Programme.choices, required=False)
    status = serializers.MultipleChoiceField(choices=Status.choices, required=False)
    unit = serializers.CharField(required=False, max_length=8, help_text="初审单位代码，如 SJZ")
    changed_since = serializers.DateTimeField(required=False, help_text="只列出此时间之后状态有变化的申报")


def _filter_parameters():
    return [
        OpenApiParameter("call", int, description="申报批次 id"),
        OpenApiParameter("programme", str, enum=Programme.values, description="补助项目"),
        OpenApiParameter("status", str, enum=Status.values, many=True, description="状态，可重复"),
        OpenApiParameter("unit", str, description="初审单位代码，如 SJZ"),
        OpenApiParameter("changed_since", str, description="ISO 8601 时间，如 2024-05-20T00:00:00+08:00"),
    ]


@extend_schema(
    tags=["applications"],
    summary="申报列表（含状态）",
    description=(
        "与“申报”页面相同的范围：企业只见本企业；市局审核员只见本单位已提交的申报；省局管理员与省局财务见全部；"
        "专家只见已签署承诺书的批次中分配给本人且未回避的申报。按 id 升序分页。"
    ),
    parameters=_filter_parameters(),
    responses={
        200: ApplicationSerializer(many=True),
        400: OpenApiResponse(description="筛选参数有误，按参数名给出原因"),
        **ERRORS,
    },
)
class ApplicationList(generics.ListAPIView):
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        query = ApplicationFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        applications = scopes.applications(self.request.user)
        if "call" in data:
            applications = applications.filter(call_id=data["call"])
        if "programme" in data:
            applications = applications.filter(programme=data["programme"])
        if data.get("status"):
            applications = applications.filter(status__in=sorted(data["status"]))
        if "unit" in data:
            applications = applications.filter(unit__code=data["unit"].upper())
        if "changed_since" in data:
            applications = applications.filter(status_changed_at__gte=data["changed_since"])
        return applications.order_by("id")


@extend_schema(
    tags=["applications"],
    summary="申报详情与办理记录",
    responses={200: ApplicationDetailSerializer, **ERRORS},
)
class ApplicationDetail(generics.RetrieveAPIView):
    serializer_class = ApplicationDetailSerializer

    def get_object(self):
        return fetch_visible(scopes.applications(self.request.user), pk=self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        timeline = None
        if scopes.shows_timeline(application, request.user):
            timeline = list(Entry.objects.for_object(application).order_by("id"))
        serializer = self.get_serializer(application, context={"request": request, "timeline": timeline})
        return Response(serializer.data)

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", self.get_serializer_context())
        return self.serializer_class(*args, **kwargs)


# --- calls and their approved lists -----------------------------------------------------------------


@extend_schema(tags=["calls"], summary="申报批次", responses={200: CallSerializer(many=True), 401: ERRORS[401]})
class CallList(generics.ListAPIView):
    serializer_class = CallSerializer
    queryset = Call.objects.order_by("-year", "programme", "id")


def _net_paid():
    rows = Payment.objects.filter(application=OuterRef("pk")).order_by().values("application")
    paid = rows.filter(kind=Kind.PAYMENT, status=Result.PAID).annotate(s=Sum("amount")).values("s")[:1]
    reversed_ = rows.filter(kind=Kind.REVERSAL).annotate(s=Sum("amount")).values("s")[:1]
    return Coalesce(Subquery(paid), Value(0), output_field=MONEY) - Coalesce(
        Subquery(reversed_), Value(0), output_field=MONEY
    )


@extend_schema(
    tags=["calls"],
    summary="批准补助名单",
    description=(
        "该批次已批准的补助（批准补助、部分拨付、已拨付、拨付失败、视为放弃），在调用者的申报范围之内："
        "省局管理员与财务见全部，市局见本单位，企业见本企业。"
    ),
    responses={200: ApprovedAwardSerializer(many=True), **ERRORS},
)
class CallApproved(generics.ListAPIView):
    serializer_class = ApprovedAwardSerializer

    def get_queryset(self):
        call = get_object_or_404(Call, pk=self.kwargs["pk"])
        return scopes.approved(self.request.user, call).annotate(net_paid=_net_paid()).order_by("number", "id")


# --- payments -----------------------------------------------------------------------------------------


def _payments():
    return Payment.objects.select_related("application").order_by("recorded_at", "id")


@extend_schema(
    tags=["payments"],
    summary="一件申报的拨付记录",
    description="与财务页面相同：省局财务与管理员见已批准的申报，企业见本企业的；收款账号仅对财务与企业本身显示全号。",
    responses={200: PaymentSerializer(many=True), **ERRORS},
)
class ApplicationPayments(generics.ListAPIView):
    serializer_class = PaymentSerializer

    def get_queryset(self):
        application = fetch_visible(scopes.payment_applications(self.request.user), pk=self.kwargs["pk"])
        return _payments().filter(application=application)


@extend_schema(
    tags=["payments"],
    summary="一个批次的拨付记录",
    description="与预算台账页面相同：仅省局财务与管理员（其他人 403）。",
    responses={200: PaymentSerializer(many=True), 403: ErrorSerializer, **ERRORS},
)
class CallPayments(generics.ListAPIView):
    serializer_class = PaymentSerializer

    def get_queryset(self):
        _require(finance_permissions.can_read_registers(self.request.user))
        call = get_object_or_404(Call, pk=self.kwargs["pk"])
        applications = finance_permissions.payable_applications(self.request.user).filter(call=call)
        return _payments().filter(application__in=applications)


# --- the bank's results ---------------------------------------------------------------------------------


@extend_schema(
    tags=["payments"],
    summary="回传银行支付结果（仅省局财务）",
    description=(
        "与页面“导入银行支付结果”走同一代码：逐行逐列检查，经拨付入口预演，全部通过才写入，否则一行也不写。"
        "可上传银行返回的 .xlsx（multipart：file、subject），也可提交 JSON 行列表。"
        "错误以 400 返回，逐条给出行号与列/字段。同一内容重复提交不会重复登记（replayed=true，返回首次导入）；"
        "同一凭证号永不登记两次。dry_run=true 只检查、预演，不写入。"
    ),
    request={"application/json": BankResultsJsonSerializer, "multipart/form-data": BankResultsUploadSerializer},
    responses={
        201: BankResultSerializer,
        200: OpenApiResponse(BankResultSerializer, description="重复提交：返回首次导入（或 dry_run 的预演结果）"),
        400: BankRefusalSerializer,
        403: ErrorSerializer,
        401: ERRORS[401],
    },
)
class BankResults(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request):
        _require(finance_permissions.can_record(request.user))
        from_json = not request.content_type.startswith("multipart/")
        form = (BankResultsJsonSerializer if from_json else BankResultsUploadSerializer)(data=_plain(request.data))
        if from_json:
            # The rows are checked by the import itself (row and column); here only the envelope.
            form.fields["rows"] = serializers.ListField(child=serializers.JSONField(), allow_empty=False)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            if from_json:
                content, name = bank_results.rows_to_xlsx(data["rows"]), "api.json"
            else:
                upload = data["file"]
                if upload.size > bank_import.MAX_UPLOAD_BYTES:
                    return _refused([bank_results._error(None, None, _("文件超过10MB，请拆分后分批导入"))])
                content, name = upload.read(), upload.name
            if data.get("dry_run"):
                preview = bank_results.check(content, name, data["subject"], request.user, from_json=from_json)
                body = {
                    "dry_run": True,
                    "row_count": len(preview.rows),
                    "paid_total": str(preview.paid_total),
                    "failed_count": preview.failed_count,
                }
                return Response(BankPreviewSerializer(body).data)
            outcome = bank_results.commit(content, name, data["subject"], request.user, from_json=from_json)
        except bank_results.RowsRefused as exc:
            return _refused(exc.errors)
        body = {"replayed": outcome.replayed, "bank_import": outcome.batch, **bank_results.totals(outcome.batch)}
        return Response(
            BankResultSerializer(body).data, status=status.HTTP_200_OK if outcome.replayed else status.HTTP_201_CREATED
        )


def _plain(data):
    """A QueryDict (multipart) as a plain dict of single values, so one serializer reads both bodies."""
    return data.dict() if hasattr(data, "dict") else data


def _refused(errors: list[dict]) -> Response:
    first = errors[0] if errors else {"message": ""}
    where = []
    if first.get("row") is not None:
        where.append(_("第%(r)d行") % {"r": first["row"]})
    if first.get("field"):
        where.append(first["field"])
    detail = _("未写入任何数据：%(n)d处问题。") % {"n": len(errors)} + " ".join(where) + "：" + first["message"]
    return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


# --- the index ------------------------------------------------------------------------------------------


@extend_schema(
    tags=["meta"],
    summary="接口目录",
    responses={200: inline_serializer("ApiIndex", {"name": serializers.CharField(), "links": serializers.DictField()})},
)
class Index(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request):
        names = ["applications", "calls", "bank_results", "schema", "docs", "tokens"]
        links = {name: reverse(f"api:{name}", request=request) for name in names}
        return Response({"name": "河北省知识产权金融补助管理系统 API", "links": links})
