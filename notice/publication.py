"""The one door for everything that happens to a public notice.

Each function checks at call time that the actor is a provincial administrator, locks what it changes, and
writes its rows and audit entries in one transaction. Refusals raise ``workflow.lifecycle.Refused`` with the
reasons in words (the same exception the application pages already show as messages); a non-administrator
gets ``PermissionDenied``. Nothing here takes a request.

Published rows are never edited: a decision that changes the list appends a row that replaces the old one
(see ``notice.models``). Re-running the allocation after an upheld objection is the caller's business: the
ranking page passes the resulting amount in ``change``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record
from calls.models import Call
from workflow.lifecycle import Refused

from .models import DEFAULT_CONTACT, Notice, NoticeEntry, NoticeStatus, Objection, ObjectionStatus
from .permissions import can_manage_notices
from .workdays import HolidaysNotEntered, add_working_days

MAX_WORKING_DAYS = 30
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EntryChange:
    """What an upheld objection does to its entry: a new amount, or withdrawal from the list."""

    amount: Decimal | None = None
    withdraw: bool = False


def _require_admin(by) -> None:
    verdict = can_manage_notices(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _money(value, label: str) -> Decimal:
    """Amounts arrive as Decimal (or a string of one); floats are refused, they cannot hold fen exactly."""
    if isinstance(value, float) or isinstance(value, bool):
        raise Refused(_("%(label)s的金额必须是精确到分的十进制数") % {"label": label})
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise Refused(_("%(label)s的金额“%(value)s”不是有效金额") % {"label": label, "value": value}) from None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise Refused(_("%(label)s的金额“%(value)s”须精确到分") % {"label": label, "value": value})
    if amount <= 0:
        raise Refused(_("%(label)s的金额须大于零") % {"label": label})
    return amount.quantize(CENT)


def _end_of_period(start: dt.date, working_days: int) -> dt.date:
    try:
        return add_working_days(start, working_days)
    except HolidaysNotEntered as exc:
        raise Refused(str(exc)) from None


def publish(
    call: Call,
    entries: list[dict],
    *,
    by,
    working_days: int = 5,
    title: str | None = None,
    source: str = "",
    contact: str = "",
) -> Notice:
    """Publish ``call``'s proposed list today, open for ``working_days`` working days from tomorrow.

    Each entry is ``{"application", "amount"}`` plus optionally ``"enterprise_name"``, ``"unit_name"`` and
    ``"programme"`` (the label); missing names are taken from the application as it stands now, so the row
    keeps what was actually published even if the enterprise is later renamed.
    """
    _require_admin(by)
    if not entries:
        raise Refused(_("公示名单为空，不能发布"))
    if not 1 <= int(working_days) <= MAX_WORKING_DAYS:
        raise Refused(_("公示期须为1至%(max)d个工作日") % {"max": MAX_WORKING_DAYS})
    problems, rows, seen = [], [], set()
    for position, item in enumerate(entries, start=1):
        application = item.get("application")
        label = _("第%(n)d行") % {"n": position}
        if application is None or application.call_id != call.pk:
            problems.append(_("%(label)s的申报不属于%(call)s") % {"label": label, "call": call})
            continue
        if application.pk in seen:
            problems.append(_("%(label)s重复列出申报%(n)s") % {"label": label, "n": application})
            continue
        seen.add(application.pk)
        try:
            amount = _money(item.get("amount"), label)
        except Refused as exc:
            problems.extend(exc.problems)
            continue
        rows.append(
            NoticeEntry(
                application=application,
                enterprise_name=(item.get("enterprise_name") or application.enterprise.name).strip(),
                unit_name=(item.get("unit_name") or application.unit.name).strip(),
                programme=str(item.get("programme") or application.get_programme_display()).strip(),
                amount=amount,
                order=position,
            )
        )
    if problems:
        raise Refused(problems)

    now = timezone.now()
    ends_on = _end_of_period(timezone.localdate(now), int(working_days))
    try:
        with transaction.atomic():
            # The call's row lock serialises two administrators publishing the same call at once.
            locked_call = Call.objects.select_for_update().get(pk=call.pk)
            if Notice.objects.of_call(locked_call).current().exists():
                raise Refused(_("%(call)s已有正在公示的名单，请先结束该公示") % {"call": locked_call})
            notice = Notice.objects.create(
                call=locked_call,
                title=title or _("%(call)s拟补助名单公示") % {"call": locked_call},
                contact=contact.strip() or str(DEFAULT_CONTACT),
                published_at=now,
                published_by=by,
                working_days=int(working_days),
                ends_on=ends_on,
                source=source,
            )
            for row in rows:
                row.notice = notice
            NoticeEntry.objects.bulk_create(rows)
            # The call's own dates now say when its notice runs (its phase shows 公示 on these days).
            Call.objects.filter(pk=locked_call.pk).update(notice_starts=notice.starts_on, notice_ends=ends_on)
            record(
                by,
                "notice.notice.published",
                notice,
                call=str(locked_call),
                working_days=notice.working_days,
                ends_on=ends_on,
                source=source,
                entries=[
                    {"application": row.application_id, "order": row.order, "amount": str(row.amount)} for row in rows
                ],
                total=str(sum((row.amount for row in rows), Decimal("0.00"))),
            )
    except IntegrityError:
        # The partial unique index caught a concurrent publication the lock could not (another database).
        raise Refused(_("%(call)s已有正在公示的名单，请先结束该公示") % {"call": call}) from None
    return notice


def record_objection(
    notice: Notice,
    *,
    entry: NoticeEntry | None = None,
    raised_by_name: str,
    contact: str,
    content: str,
    by,
    received_at: dt.datetime | None = None,
) -> Objection:
    """Key in an objection received by phone or letter; only one received within the notice period counts.

    ``received_at`` (default now) is when the objection reached the bureau: a letter received on the last day
    may be keyed in the next morning, as long as the notice has not been closed.
    """
    _require_admin(by)
    now = timezone.now()
    received_at = received_at or now
    problems = []
    if not (raised_by_name or "").strip():
        problems.append(_("请填写异议人姓名或单位名称"))
    if not (contact or "").strip():
        problems.append(_("请填写异议人联系方式"))
    if not (content or "").strip():
        problems.append(_("请填写异议内容"))
    if received_at > now:
        problems.append(_("收到时间不能晚于当前时间"))
    if problems:
        raise Refused(problems)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if not locked.is_published:
            raise Refused(_("该公示已结束，不再登记异议"))
        received_on = timezone.localdate(received_at)
        if received_on > locked.ends_on:
            raise Refused(
                _("公示期已于%(end)s结束，之后收到的异议不予登记") % {"end": f"{locked.ends_on:%Y年%m月%d日}"}
            )
        if received_on < locked.starts_on:
            raise Refused(_("收到时间早于公示发布日"))
        if entry is not None and entry.notice_id != locked.pk:
            raise Refused(_("所选条目不属于该公示"))
        objection = Objection.objects.create(
            notice=locked,
            entry=entry,
            raised_by_name=raised_by_name.strip(),
            contact=contact.strip(),
            received_at=received_at,
            content=content.strip(),
            recorded_by=by,
        )
        record(
            by,
            "notice.objection.recorded",
            objection,
            notice=locked.pk,
            entry=entry.pk if entry else None,
            raised_by_name=objection.raised_by_name,
            contact=objection.contact,
            received_at=received_at,
            content=objection.content,
        )
    return objection


def _current_row(notice: Notice, entry: NoticeEntry) -> NoticeEntry | None:
    """The row that stands for ``entry``'s application now (a later decision may have replaced it)."""
    return notice.entries.current().filter(application_id=entry.application_id).first()


def decide_objection(
    objection: Objection,
    *,
    upheld: bool,
    decision: str,
    by,
    change: EntryChange | None = None,
) -> Objection:
    """Uphold or dismiss an objection with a written decision; an upheld one may change its entry.

    The change is written as a new row replacing the entry's current row (never an edit of what was
    published), so the public page shows the new state and the old row stays on record.
    """
    _require_admin(by)
    decision = (decision or "").strip()
    if not decision:
        raise Refused(_("请填写处理决定"))
    if change is not None and not (change.withdraw or change.amount is not None):
        change = None
    if change is not None and not upheld:
        raise Refused(_("异议不成立时不能调整公示名单"))
    if change is not None and change.withdraw and change.amount is not None:
        raise Refused(_("调整金额和撤出名单只能选择一项"))
    new_amount = _money(change.amount, _("调整后")) if change is not None and change.amount is not None else None
    with transaction.atomic():
        # Notice first, then the objection: the same order as record_objection and close, so no deadlock.
        notice = Notice.objects.select_for_update().get(pk=objection.notice_id)
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if not locked.is_open:
            raise Refused(_("该异议已于%(when)s处理") % {"when": f"{timezone.localtime(locked.decided_at):%Y-%m-%d}"})
        if not notice.is_published:
            raise Refused(_("该公示已结束，不能再处理异议"))
        replacement = None
        if change is not None:
            if locked.entry is None:
                raise Refused(_("该异议未指明公示条目，不能调整名单"))
            current = _current_row(notice, locked.entry)
            if current is None:
                raise Refused(_("%(name)s已撤出公示名单") % {"name": locked.entry.enterprise_name})
            if new_amount is not None and new_amount == current.amount:
                raise Refused(_("调整后金额与现公示金额相同"))
            now = timezone.now()
            locked.status = ObjectionStatus.UPHELD
            locked.decision, locked.decided_by, locked.decided_at = decision, by, now
            locked.save()
            replacement = NoticeEntry.objects.create(
                notice=notice,
                application_id=current.application_id,
                enterprise_name=current.enterprise_name,
                unit_name=current.unit_name,
                programme=current.programme,
                amount=Decimal("0.00") if change.withdraw else new_amount,
                order=current.order,
                replaces=current,
                withdrawn=change.withdraw,
                objection=locked,
            )
            record(
                by,
                "notice.entry.withdrawn" if change.withdraw else "notice.entry.changed",
                replacement,
                notice=notice.pk,
                objection=locked.pk,
                application=current.application_id,
                replaces=current.pk,
                amount_before=str(current.amount),
                amount_after=str(replacement.amount),
            )
        else:
            locked.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
            locked.decision, locked.decided_by, locked.decided_at = decision, by, timezone.now()
            locked.save()
        record(
            by,
            "notice.objection.decided",
            locked,
            notice=notice.pk,
            status=locked.status,
            decision=decision,
            replacement=replacement.pk if replacement else None,
        )
    return locked


def close(notice: Notice, by) -> Notice:
    """End the notice after its last day, once every objection is decided; its list then goes to approval."""
    _require_admin(by)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if not locked.is_published:
            raise Refused(_("该公示已结束"))
        today = timezone.localdate()
        if today <= locked.ends_on:
            raise Refused(_("公示期至%(end)s结束，期满后方可结束公示") % {"end": f"{locked.ends_on:%Y年%m月%d日}"})
        open_count = locked.objections.filter(status=ObjectionStatus.OPEN).count()
        if open_count:
            raise Refused(_("还有%(n)d条异议未处理，处理后方可结束公示") % {"n": open_count})
        locked.status = NoticeStatus.CLOSED
        locked.closed_at, locked.closed_by = timezone.now(), by
        locked.save()
        current = list(locked.entries.current().values_list("application_id", "amount"))
        record(
            by,
            "notice.notice.closed",
            locked,
            ends_on=locked.ends_on,
            entries=[{"application": app, "amount": str(amount)} for app, amount in current],
            total=str(sum((amount for _app, amount in current), Decimal("0.00"))),
        )
    return locked
