"""Finance pages: the 待拨付 list, an application's payments, the call ledger, the bank import, and the
enterprise's account correction. Thin: fetch with the permission check, call one door, redirect."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible
from audit.transitions import TransitionNotAllowed
from calls.models import Call
from home.listing import chosen_sort
from jobs.running import on_celery
from workflow.models import Status

from . import bank_import, ledger, payments, permissions
from . import jobs as finance_jobs
from .forms import AccountForm, CommitForm, FailureForm, PaymentForm, PendingFilter, ReversalForm, UploadForm
from .models import Kind, Payment, Result

PAGE_SIZE = 50
PENDING_SORTS = {
    "number": ["call__year", "number", "pk"],
    "enterprise": ["enterprise__name", "pk"],
    "awarded": ["amount_awarded", "pk"],
}
SESSION_TOKENS = "finance.previewed_bank_results"
WAITING = [Status.APPROVED, Status.PARTLY_PAID, Status.PAYMENT_FAILED]
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _sum(**conditions):
    rows = Payment.objects.filter(application=OuterRef("pk"), **conditions).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(s=Sum("amount")).values("s")[:1]), Value(0), output_field=MONEY)


@login_required
def pending(request):
    """待拨付: approved, partly paid and failed applications, with what is paid; one query per page."""
    _require(permissions.can_read_registers(request.user))
    form = PendingFilter(request.GET or None)
    applications = permissions.payable_applications(request.user)
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"]
        if data["call"]:
            applications = applications.filter(call=data["call"])
        if data["unit"]:
            applications = applications.filter(unit=data["unit"])
        applications = applications.search(data["q"])
    applications = applications.filter(status=status) if status else applications.filter(status__in=WAITING)
    applications = applications.annotate(
        paid=_sum(kind=Kind.PAYMENT, status=Result.PAID), reversed=_sum(kind=Kind.REVERSAL)
    )
    _sort, order = chosen_sort(request, PENDING_SORTS, "number")
    page = Paginator(applications.order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        application.net_paid = application.paid - application.reversed
        application.unpaid = (application.amount_awarded or 0) - application.net_paid
    return render(request, "finance/pending.html", {"form": form, "page": page, "calls": Call.objects.all()})


def _application_for_finance(request, pk: int):
    _require(permissions.can_read_registers(request.user))
    return fetch_visible(permissions.payable_applications(request.user), pk=pk)


def _detail_context(request, application, **forms) -> dict:
    rows = list(
        Payment.objects.filter(application=application)
        .select_related("recorded_by", "reverses", "source_import")
        .prefetch_related("reversals")
    )
    for row in rows:
        row.account_shown = permissions.account_shown(application, request.user, row.account_number)
    may_record = bool(permissions.can_record(request.user))
    return {
        "application": application,
        "rows": rows,
        "net_paid": payments.net_paid(application),
        "unpaid": (application.amount_awarded or 0) - payments.net_paid(application),
        "account_shown": permissions.account_shown(application, request.user, application.account_number),
        "may_record": may_record,
        "payable": application.status in payments.PAYABLE,
        "reversible": application.status in payments.REVERSIBLE,
        "grace_until": payments.grace_deadline(application),
        "payment_form": forms.get("payment_form") or PaymentForm(initial={"amount": None}),
        "failure_form": forms.get("failure_form") or FailureForm(),
        "reversal_form": forms.get("reversal_form") or ReversalForm(),
        "reversal_of": forms.get("reversal_of"),
    }


@login_required
def application_payments(request, pk: int):
    application = _application_for_finance(request, pk)
    return render(request, "finance/application.html", _detail_context(request, application))


def _refused(request, form, exc) -> None:
    message = exc.message if isinstance(exc, payments.Refused) else str(exc)
    field = getattr(exc, "field", "")
    if field in form.fields:
        form.add_error(field, message)
    else:
        form.add_error(None, message)


@login_required
@require_POST
def pay(request, pk: int):
    application = _application_for_finance(request, pk)
    _require(permissions.can_record(request.user))
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = payments.record_payment(
                application,
                amount=data["amount"],
                voucher=data["voucher"],
                subject=data["subject"],
                paid_on=data["paid_on"],
                by=request.user,
                idempotency_key=data["idempotency_key"],
            )
        except (payments.Refused, TransitionNotAllowed) as exc:
            _refused(request, form, exc)
        else:
            messages.success(
                request, _("已登记拨付%(x)s元（凭证号%(v)s）") % {"x": payment.amount, "v": payment.voucher}
            )
            return redirect("finance:application", pk=pk)
    context = _detail_context(request, application, payment_form=form)
    return render(request, "finance/application.html", context, status=400)


@login_required
@require_POST
def fail(request, pk: int):
    application = _application_for_finance(request, pk)
    _require(permissions.can_record(request.user))
    form = FailureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payments.record_failure(
                application,
                data["reason"],
                request.user,
                idempotency_key=data["idempotency_key"],
                amount=data["amount"],
                voucher=data["voucher"],
                failed_on=data["failed_on"],
            )
        except (payments.Refused, TransitionNotAllowed) as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("已登记拨付失败，并通知企业更正收款账户"))
            return redirect("finance:application", pk=pk)
    context = _detail_context(request, application, failure_form=form)
    return render(request, "finance/application.html", context, status=400)


@login_required
@require_POST
def reverse_payment(request, pk: int, payment_pk: int):
    application = _application_for_finance(request, pk)
    _require(permissions.can_record(request.user))
    payment = get_object_or_404(Payment, pk=payment_pk, application=application)
    form = ReversalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payments.record_reversal(
                payment,
                reason=data["reason"],
                by=request.user,
                idempotency_key=data["idempotency_key"],
                amount=data["amount"],
            )
        except (payments.Refused, TransitionNotAllowed) as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("已登记冲正"))
            return redirect("finance:application", pk=pk)
    context = _detail_context(request, application, reversal_form=form, reversal_of=payment.pk)
    return render(request, "finance/application.html", context, status=400)


# --- the ledger ---------------------------------------------------------------------------------------


@login_required
def ledgers(request):
    _require(permissions.can_read_registers(request.user))
    return render(request, "finance/ledgers.html", {"calls": Call.objects.all()})


@login_required
def call_ledger(request, pk: int):
    _require(permissions.can_read_registers(request.user))
    call = get_object_or_404(Call, pk=pk)
    return render(request, "finance/ledger.html", {"call": call, "result": ledger.reconcile(call)})


@login_required
def call_ledger_xlsx(request, pk: int):
    _require(permissions.can_read_registers(request.user))
    call = get_object_or_404(Call, pk=pk)
    response = HttpResponse(
        ledger.export_xlsx(call), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{call.year}-{call.programme}-ledger.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''" + quote(
        f"{call}预算台账核对.xlsx"
    )
    return response


# --- the bank import ------------------------------------------------------------------------------------


@login_required
def import_results(request):
    """GET: the form. POST a file: check and rehearse it, show the preview. POST a token: commit that file."""
    _require(permissions.can_record(request.user))
    previewed = request.session.get(SESSION_TOKENS, {})
    if request.method == "POST" and "token" in request.POST:
        form = CommitForm(request.POST)
        token = form.data.get("token", "")
        if not form.is_valid() or token not in previewed:
            messages.error(request, _("没有找到您预览过的这个文件，请重新上传"))
            return redirect("finance:import")
        file_name, subject = previewed[token]
        if on_celery():  # the workers commit it; the job's page shows the outcome
            job = finance_jobs.start(token, file_name, subject, request.user)
            previewed.pop(token, None)
            request.session[SESSION_TOKENS] = previewed
            return redirect("jobs:detail", pk=job.pk)
        try:
            batch = bank_import.commit(bank_import.staged(token), file_name, subject, request.user)
        except bank_import.StagedFileMissing as exc:
            messages.error(request, str(exc))
            return redirect("finance:import")
        except bank_import.ImportRefused as exc:
            return render(request, "finance/import.html", {"form": UploadForm(), "preview": exc.preview}, status=400)
        bank_import.discard(token)
        previewed.pop(token, None)
        request.session[SESSION_TOKENS] = previewed
        messages.success(request, _("已导入“%(f)s”，共%(n)d行") % {"f": batch.file_name, "n": batch.row_count})
        return redirect("finance:pending")

    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > bank_import.MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过10MB，请拆分后分批导入"))
        else:
            content = upload.read()
            preview = bank_import.check_file(content, upload.name, form.cleaned_data["subject"], request.user)
            if preview.ok:
                previewed[bank_import.stage(content)] = [upload.name, preview.subject]
                request.session[SESSION_TOKENS] = previewed
    return render(
        request,
        "finance/import.html",
        {
            "form": form,
            "preview": preview,
            "commit_form": CommitForm(initial={"token": preview.sha256}) if preview and preview.ok else None,
        },
    )


# --- the enterprise -------------------------------------------------------------------------------------


@login_required
def correct_account(request, pk: int):
    application = fetch_visible(permissions.own_failed_applications(request.user), pk=pk)
    failure = payments.latest_failure(application)
    form = AccountForm(
        request.POST or None,
        initial={"bank_name": application.bank_name, "account_name": application.enterprise.name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payments.correct_account(
                application, request.user, data["bank_name"], data["account_name"], data["account_number"]
            )
        except (payments.Refused, TransitionNotAllowed) as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("收款账户已更正，省局财务将重新拨付"))
            return redirect("finance:account", pk=pk)
    rows = list(Payment.objects.filter(application=application))
    return render(
        request,
        "finance/account.html",
        {
            "application": application,
            "failure": failure,
            "grace_until": payments.grace_deadline(application),
            "form": form,
            "rows": rows,
            "may_correct": application.status == Status.PAYMENT_FAILED,
            "net_paid": payments.net_paid(application),
        },
        status=400 if form.errors else 200,
    )
