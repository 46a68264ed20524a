"""The one door for money: record a payment, reverse one, record a failure, correct the account, forfeit.

Every function here runs in one transaction that takes the application's viewflow process row and then
the application row ``FOR UPDATE`` (the order every other writer of applications uses, so a timer and a
finance officer queue rather than deadlock). Under that lock it re-reads what was paid, so two officers
recording at the same moment cannot both fit under the award; it writes the payment row, the journal
line, the state transition (through ``audit.transitions.perform``) and the audit entries together, and
queues the enterprise's notification for after commit.

A request carries an *idempotency key* (one per form shown, or ``bank:<file hash>:<row>`` in an import):
sending it again returns the row the first request wrote instead of writing a second one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import transitions
from audit.models import record
from notifications import notify
from workflow.lifecycle import enterprise_users
from workflow.models import Application, Status

from . import permissions
from .models import ZERO, Column, Kind, LedgerEntry, Payment, Result

# Where an application stands once approved: the finance pages list these.
IN_PAYMENT = [Status.APPROVED, Status.PARTLY_PAID, Status.PAID, Status.PAYMENT_FAILED, Status.FORFEITED]
PAYABLE = [Status.APPROVED, Status.PARTLY_PAID]
# A reversal leaves the state as it is, so it is possible only where "less paid" is still true to it.
REVERSIBLE = [Status.APPROVED, Status.PARTLY_PAID, Status.PAID, Status.PAYMENT_FAILED]
DEFAULT_GRACE_DAYS = 30  # used only if an edition lacks payment_grace_days (all shipped editions have it)


class Refused(Exception):
    """The money cannot move as asked. ``field`` names what was wrong (amount, voucher, application…)."""

    def __init__(self, message: str, field: str = ""):
        self.message = message
        self.field = field
        super().__init__(message)


# --- helpers on one application ---------------------------------------------------------------------


def net_paid(application) -> Decimal:
    return Payment.objects.filter(application=application).net_paid()


def grace_days(call) -> int:
    try:
        return int(call.edition.parameter("payment_grace_days"))
    except KeyError:
        return DEFAULT_GRACE_DAYS


MAX_AMOUNT = Decimal("10000000000")  # the amount columns hold 12 digits, 2 of them after the point


def money(value) -> Decimal:
    """A positive amount in yuan to the fen, or Refused."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise Refused(_("“%(v)s”不是金额") % {"v": value}, "amount") from None
    if not amount.is_finite() or amount <= 0:
        raise Refused(_("金额必须大于0"), "amount")
    if amount >= MAX_AMOUNT:  # before quantize, which cannot hold 1e30 to the fen (InvalidOperation)
        raise Refused(_("金额过大，最多%(max)s元") % {"max": "9999999999.99"}, "amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise Refused(_("金额最多保留两位小数（到分）"), "amount")
    return amount.quantize(Decimal("0.01"))


def latest_failure(application) -> Payment | None:
    return Payment.objects.filter(application=application, status=Result.FAILED).order_by("-recorded_at", "-id").first()


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _lock(application) -> Application:
    """Process row first, then the application row (the one lock order of workflow.lifecycle)."""
    from viewflow.workflow.models import Process

    if application.process_id:
        Process.objects.select_for_update().filter(pk=application.process_id).first()
    return Application.objects.select_for_update().select_related("call", "enterprise").get(pk=application.pk)


def _perform(application, transition: str, by, **kwargs) -> Application:
    def lock_first():
        _lock(application)

    return transitions.perform(application, transition, by, state_field="status", lock_first=lock_first, **kwargs)


def _replay(key: str, application, kind: str, **expected) -> Payment | None:
    """The row an earlier request with this key wrote, if it is the same request; Refused if it is not."""
    earlier = Payment.objects.filter(idempotency_key=key).first()
    if earlier is None:
        return None
    same = earlier.application_id == application.pk and earlier.kind == kind
    same = same and all(getattr(earlier, name) == value for name, value in expected.items())
    if not same:
        raise Refused(_("请求编号已用于另一笔登记，请刷新页面后重新填写"), "idempotency_key")
    return earlier


def _link(application) -> str:
    return reverse("finance:account", args=[application.pk])


def _create(**fields) -> Payment:
    try:
        with transaction.atomic():
            return Payment.objects.create(**fields)
    except IntegrityError:
        if (
            fields.get("kind") == Kind.PAYMENT
            and Payment.objects.filter(kind=Kind.PAYMENT, voucher=fields["voucher"]).exists()
        ):
            raise Refused(
                _("凭证号%(v)s已登记过，同一凭证不能重复登记") % {"v": fields["voucher"]}, "voucher"
            ) from None
        raise


def _journal(locked, payment, column: str, amount: Decimal) -> None:
    LedgerEntry.objects.create(
        call_id=locked.call_id, application=locked, payment=payment, column=column, amount=amount
    )


def _touch(locked) -> None:
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status_changed_at"])


# --- payments -----------------------------------------------------------------------------------------


def record_payment(
    application,
    *,
    amount,
    voucher: str,
    subject: str,
    paid_on: dt.date,
    by,
    idempotency_key: str,
    source_import=None,
) -> Payment:
    """Record money paid under ``voucher``; partial → 部分拨付, the whole award → 已拨付.

    Refused when it would take net paid above the award, when the voucher was recorded before, or when
    the payee account is not in the enterprise's name; a retry with the same key returns the first row.
    """
    _require(permissions.can_record(by))
    amount = money(amount)
    voucher = (voucher or "").strip()
    subject = (subject or "").strip()
    if not voucher:
        raise Refused(_("请填写国库集中支付凭证号"), "voucher")
    if not subject:
        raise Refused(_("请填写预算科目"), "subject")
    if paid_on > timezone.localdate():
        raise Refused(_("支付日期不能晚于今天"), "paid_on")
    with transaction.atomic():
        locked = _lock(application)
        earlier = _replay(idempotency_key, locked, Kind.PAYMENT, amount=amount, voucher=voucher)
        if earlier is not None:
            return earlier
        if Payment.objects.filter(kind=Kind.PAYMENT, voucher=voucher).exists():
            raise Refused(_("凭证号%(v)s已登记过，同一凭证不能重复登记") % {"v": voucher}, "voucher")
        if locked.status not in PAYABLE:
            raise Refused(
                _("申报%(n)s当前状态为“%(s)s”，不能登记拨付") % {"n": locked.number, "s": locked.get_status_display()},
                "application",
            )
        _check_account(locked)
        awarded = locked.amount_awarded or ZERO
        already = net_paid(locked)
        if already + amount > awarded:
            raise Refused(
                _("超出批准金额：批准%(a)s元，已拨付%(p)s元，本次%(x)s元，最多还可拨付%(r)s元")
                % {"a": awarded, "p": already, "x": amount, "r": awarded - already},
                "amount",
            )
        payment = _create(
            application=locked,
            kind=Kind.PAYMENT,
            status=Result.PAID,
            amount=amount,
            voucher=voucher,
            subject=subject,
            paid_on=paid_on,
            bank_name=locked.bank_name,
            account_name=locked.account_name,
            account_number=locked.account_number,
            idempotency_key=idempotency_key,
            source_import=source_import,
            recorded_by=by,
        )
        _journal(locked, payment, Column.PAID, amount)
        record(by, "finance.payment.recorded", payment, application=locked.number, amount=str(amount), voucher=voucher)
        transition = "record_full_payment" if already + amount == awarded else "record_part_payment"
        _perform(
            locked,
            transition,
            by,
            note=_("凭证号%(v)s，%(x)s元") % {"v": voucher, "x": amount},
            also=_touch,
            audit_data={"payment": payment.pk, "amount": str(amount)},
        )
        notify(
            enterprise_users(locked),
            "payment_recorded",
            _("补助资金已拨付：%(n)s") % {"n": locked.number},
            _("申报%(n)s的补助资金%(x)s元已于%(d)s拨付至尾号%(tail)s的账户（凭证号%(v)s）。")
            % {"n": locked.number, "x": amount, "d": paid_on, "tail": locked.account_number[-4:], "v": voucher},
            _link(locked),
        )
    return payment


def _check_account(locked) -> None:
    if (locked.account_name or "").strip() != locked.enterprise.name:
        raise Refused(
            _("收款账户名称“%(a)s”与企业名称“%(e)s”不一致，不能拨付")
            % {"a": locked.account_name, "e": locked.enterprise.name},
            "account",
        )
    if not (locked.bank_name or "").strip() or not (locked.account_number or "").strip():
        raise Refused(_("申报未填写完整的收款账户（开户银行、银行账号），不能拨付"), "account")


def record_reversal(
    payment: Payment, *, reason: str, by, idempotency_key: str, amount=None, on: dt.date | None = None
) -> Payment:
    """A reversing entry (冲正) for at most what is left of ``payment``; the payment row itself is untouched."""
    _require(permissions.can_record(by))
    if not (reason or "").strip():
        raise Refused(_("冲正请写明原因"), "reason")
    with transaction.atomic():
        locked = _lock(payment.application)
        original = Payment.objects.get(pk=payment.pk)
        expected = {"reverses_id": original.pk} | ({"amount": money(amount)} if amount not in (None, "") else {})
        earlier = _replay(idempotency_key, locked, Kind.REVERSAL, **expected)
        if earlier is not None:
            return earlier
        if original.kind != Kind.PAYMENT or original.status != Result.PAID:
            raise Refused(_("只能冲正已支付的拨付记录"), "payment")
        if locked.status not in REVERSIBLE:
            # Paid in full (or forfeited) has no way back in the transition table; see finance/README.md.
            raise Refused(
                _("申报当前状态为“%(s)s”，不能冲正") % {"s": locked.get_status_display()},
                "payment",
            )
        wanted = expected.get("amount", original.reversible_amount)
        if wanted <= 0 or wanted > original.reversible_amount:
            raise Refused(_("冲正金额不能超过该笔拨付尚未冲正的%(r)s元") % {"r": original.reversible_amount}, "amount")
        reversal = _reverse(locked, original, wanted, by, idempotency_key, reason=reason, on=on)
        record(by, "finance.payment.reversed", reversal, application=locked.number, amount=str(wanted), reason=reason)
        if locked.status in (Status.PAID, Status.PARTLY_PAID):
            # The state follows the money: some still paid → partly paid; nothing paid any more → approved.
            left = Payment.objects.filter(application=locked).net_paid()
            transition = "reverse_payment" if left > 0 else "reverse_all_payments"
            _perform(locked, transition, by, note=reason, also=_touch, audit_data={"payment": reversal.pk})
    return reversal


def _reverse(locked, original, amount, by, key, *, reason="", failure_reason="", on=None) -> Payment:
    reversal = _create(
        application=locked,
        kind=Kind.REVERSAL,
        status=Result.FAILED if failure_reason else Result.PAID,
        amount=amount,
        reverses=original,
        voucher="",
        subject=original.subject,
        paid_on=on or timezone.localdate(),
        bank_name=original.bank_name,
        account_name=original.account_name,
        account_number=original.account_number,
        reason=reason,
        failure_reason=failure_reason,
        grace_until=(on or timezone.localdate()) + dt.timedelta(days=grace_days(locked.call))
        if failure_reason
        else None,
        idempotency_key=key,
        recorded_by=by,
    )
    _journal(locked, reversal, Column.REVERSED, amount)
    if failure_reason:
        _journal(locked, reversal, Column.FAILED, amount)
    return reversal


# --- failures, corrections and forfeits -----------------------------------------------------------------


def record_failure(
    target: Application | Payment,
    reason: str,
    by,
    *,
    idempotency_key: str,
    amount=None,
    voucher: str = "",
    subject: str = "",
    failed_on: dt.date | None = None,
    source_import=None,
) -> Payment:
    """The bank could not pay: → 拨付失败, the enterprise told to correct its account before the deadline.

    ``target`` is the application (a payment attempt that never went out: a failed row with its voucher and
    amount) or a payment recorded as paid that the bank bounced (reversed in full, marked failed).
    """
    _require(permissions.can_record(by))
    if not (reason or "").strip():
        raise Refused(_("请填写失败原因"), "reason")
    failed_on = failed_on or timezone.localdate()
    bounced = target if isinstance(target, Payment) else None
    application = bounced.application if bounced else target
    with transaction.atomic():
        locked = _lock(application)
        grace_until = failed_on + dt.timedelta(days=grace_days(locked.call))
        refusal = Refused(
            _("申报%(n)s当前状态为“%(s)s”，不能登记拨付失败") % {"n": locked.number, "s": locked.get_status_display()},
            "application",
        )
        if bounced is not None:
            original = Payment.objects.get(pk=bounced.pk)
            earlier = _replay(idempotency_key, locked, Kind.REVERSAL, reverses_id=original.pk)
            if earlier is not None:
                return earlier
            if locked.status not in [*PAYABLE, Status.PAID]:  # a bounce can come after the award was paid in full
                raise refusal
            if original.kind != Kind.PAYMENT or original.status != Result.PAID or original.reversible_amount <= 0:
                raise Refused(_("只能对已支付且未冲正的拨付登记退票"), "payment")
            failed = _reverse(
                locked, original, original.reversible_amount, by, idempotency_key, failure_reason=reason, on=failed_on
            )
        else:
            attempt = money(amount) if amount not in (None, "") else (locked.amount_awarded or ZERO) - net_paid(locked)
            voucher = (voucher or "").strip()
            earlier = _replay(idempotency_key, locked, Kind.PAYMENT, amount=attempt, voucher=voucher)
            if earlier is not None:
                return earlier
            if locked.status not in PAYABLE:
                raise refusal
            if not voucher:
                raise Refused(_("请填写失败支付的凭证号"), "voucher")
            unpaid = (locked.amount_awarded or ZERO) - net_paid(locked)
            if attempt > unpaid:
                raise Refused(_("失败金额%(x)s元超出未拨付的%(r)s元，请核对") % {"x": attempt, "r": unpaid}, "amount")
            if Payment.objects.filter(kind=Kind.PAYMENT, voucher=voucher).exists():
                raise Refused(_("凭证号%(v)s已登记过，同一凭证不能重复登记") % {"v": voucher}, "voucher")
            failed = _create(
                application=locked,
                kind=Kind.PAYMENT,
                status=Result.FAILED,
                amount=attempt,
                voucher=voucher,
                subject=(subject or "").strip(),
                paid_on=failed_on,
                bank_name=locked.bank_name,
                account_name=locked.account_name,
                account_number=locked.account_number,
                failure_reason=reason,
                grace_until=grace_until,
                idempotency_key=idempotency_key,
                source_import=source_import,
                recorded_by=by,
            )
            _journal(locked, failed, Column.FAILED, attempt)
        record(by, "finance.payment.failed", failed, application=locked.number, reason=reason, grace_until=grace_until)
        _perform(locked, "record_payment_failure", by, note=reason, also=_touch, audit_data={"payment": failed.pk})
        notify(
            enterprise_users(locked),
            "payment_failed",
            _("补助资金拨付失败：%(n)s") % {"n": locked.number},
            _("申报%(n)s的补助资金未能拨付，原因：%(r)s。请于%(d)s前登录系统更正收款账户，逾期视为放弃。")
            % {"n": locked.number, "r": reason, "d": grace_until.isoformat()},
            _link(locked),
        )
    return failed


def grace_deadline(application) -> dt.date | None:
    failure = latest_failure(application)
    return failure.grace_until if failure else None


def correct_account(application, by, bank: str, account_name: str, account_number: str) -> Application:
    """The enterprise names the right account within the grace period: → 批准补助 again, ready to pay."""
    _require(permissions.can_correct_account(application, by))
    bank, account_name, account_number = (bank or "").strip(), (account_name or "").strip(), (account_number or "")
    account_number = account_number.replace(" ", "").strip()
    if not bank or not account_number:
        raise Refused(_("请填写开户银行和银行账号"), "account_number" if bank else "bank")
    if account_name != application.enterprise.name:
        raise Refused(
            _("收款账户名称必须与企业名称“%(name)s”一致") % {"name": application.enterprise.name}, "account_name"
        )
    deadline = grace_deadline(application)
    if deadline is not None and timezone.localdate() > deadline:
        raise Refused(_("更正期限已于%(d)s届满，视为放弃补助") % {"d": deadline.isoformat()}, "")

    def after(locked):
        old = locked.account_number
        locked.bank_name, locked.account_name, locked.account_number = bank, account_name, account_number
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["bank_name", "account_name", "account_number", "status_changed_at"])
        # Both numbers masked in the trail, which administrators read.
        record(
            by,
            "workflow.application.payee_saved",
            locked,
            bank=bank,
            old_account=permissions.mask(old),
            new_account=permissions.mask(account_number),
        )

    return _perform(application, "correct_account", by, note=_("更正收款账户"), also=after)


def forfeit_expired(now: dt.datetime | None = None) -> list[Application]:
    """Failed payments not corrected by their deadline → 视为放弃; the unpaid award returns to the budget.

    Each application in its own transaction, so one problem does not hold up the others. Nothing is
    re-awarded: the administrator may run a supplementary allocation from the call's remaining budget.
    """
    today = timezone.localdate(now or timezone.now())
    forfeited = []
    for application in Application.objects.filter(status=Status.PAYMENT_FAILED).select_related("call"):
        deadline = grace_deadline(application)
        if deadline is None or deadline >= today:
            continue
        forfeited.append(_forfeit(application, deadline))
    return forfeited


def _forfeit(application, deadline) -> Application:
    def after(locked):
        returned = (locked.amount_awarded or ZERO) - net_paid(locked)
        _touch(locked)
        if returned > 0:
            _journal(locked, None, Column.FORFEITED, returned)
        notify(
            enterprise_users(locked),
            "forfeited",
            _("补助视为放弃：%(n)s") % {"n": locked.number},
            _("申报%(n)s拨付失败后未在%(d)s前更正收款账户，视为放弃补助。") % {"n": locked.number, "d": deadline},
            "",
        )

    return _perform(
        application, "forfeit", None, note=_("拨付失败后逾期未更正账户（%(d)s）") % {"d": deadline}, also=after
    )
