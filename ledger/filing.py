"""The doors through which a ledger changes: start, rows, attachments, submit, reopen.

Every door locks the ledger row first (so an edit and a submission of the same ledger queue instead of
interleaving), asks the permission question at call time, writes the audit entry and saves, all in one
transaction. Refusals raise ``Refused`` with every problem at once (一次性告知); a wrong person gets
``PermissionDenied``. Files are deleted from storage only after the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind, User
from accounts.permissions import Verdict
from audit.models import record
from notifications import notify
from workflow.lifecycle import Refused
from workflow.uploads import check

from . import permissions, quarters
from .models import Activity, Attachment, Ledger, PolicyItem, Terms, terms_for

__all__ = ["Refused"]


def _require(verdict: Verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _lock(ledger: Ledger) -> Ledger:
    return Ledger.objects.select_related("unit").select_for_update().get(pk=ledger.pk)


def _lock_to_fill(ledger: Ledger, by) -> Ledger:
    locked = _lock(ledger)
    _require(permissions.can_fill(by, locked))
    return locked


def start(unit, year: int, quarter: int, by) -> Ledger:
    """The unit's ledger for the quarter, created on first use; a quarter that has not begun cannot be filled."""
    _require(permissions.can_start(by, unit))
    if quarter not in quarters.QUARTERS:
        raise Refused(_("季度必须是1至4"))
    if quarters.today_in_shanghai() < quarters.quarter_start(year, quarter):
        raise Refused(_("%(year)s年第%(quarter)s季度尚未开始，不能填报") % {"year": year, "quarter": quarter})
    existing = Ledger.objects.filter(unit=unit, year=year, quarter=quarter).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            ledger = Ledger.objects.create(unit=unit, year=year, quarter=quarter, created_by=by)
            record(by, "ledger.ledger.started", ledger, unit=unit.code, year=year, quarter=quarter)
    except IntegrityError:  # a colleague started it at the same moment: use theirs
        return Ledger.objects.get(unit=unit, year=year, quarter=quarter)
    return ledger


# --- rows ---------------------------------------------------------------------------------------------


def _row_data(row: models.Model) -> dict:
    fields = [f.name for f in row._meta.concrete_fields if f.name not in ("id", "ledger", "created_at")]
    return {name: getattr(row, name) for name in fields}


def save_activity(ledger: Ledger, activity: Activity, by) -> Activity:
    """Add or change an activity row; its date must fall inside the ledger's quarter."""
    with transaction.atomic():
        locked = _lock_to_fill(ledger, by)
        if activity.pk and activity.ledger_id != locked.pk:
            raise PermissionDenied(_("该活动不属于此台账"))
        if not (locked.starts_on <= activity.held_on <= locked.ends_on):
            raise Refused(
                _("活动日期须在%(start)s至%(end)s之间（本季度）")
                % {"start": f"{locked.starts_on:%Y-%m-%d}", "end": f"{locked.ends_on:%Y-%m-%d}"}
            )
        created = activity.pk is None
        activity.ledger = locked
        activity.save()
        action = "ledger.activity.added" if created else "ledger.activity.changed"
        record(by, action, locked, activity=activity.pk, **_row_data(activity))
    return activity


def delete_activity(activity: Activity, by) -> None:
    with transaction.atomic():
        locked = _lock_to_fill(activity.ledger, by)
        names = [a.file.name for a in activity.files.all()]
        record(by, "ledger.activity.deleted", locked, activity=activity.pk, **_row_data(activity))
        activity.delete()
        _delete_files_after_commit(names)


def save_policy(ledger: Ledger, policy: PolicyItem, by) -> PolicyItem:
    with transaction.atomic():
        locked = _lock_to_fill(ledger, by)
        if policy.pk and policy.ledger_id != locked.pk:
            raise PermissionDenied(_("该政策不属于此台账"))
        created = policy.pk is None
        policy.ledger = locked
        policy.save()
        action = "ledger.policy.added" if created else "ledger.policy.changed"
        record(by, action, locked, policy=policy.pk, **_row_data(policy))
    return policy


def delete_policy(policy: PolicyItem, by) -> None:
    with transaction.atomic():
        locked = _lock_to_fill(policy.ledger, by)
        names = [a.file.name for a in policy.files.all()]
        record(by, "ledger.policy.deleted", locked, policy=policy.pk, **_row_data(policy))
        policy.delete()
        _delete_files_after_commit(names)


# --- attachments --------------------------------------------------------------------------------------


def _fits_slot(slot: str, extension: str, kind: str) -> bool:
    if slot == Attachment.Slot.PDF:
        return kind == "pdf"
    if slot == Attachment.Slot.WPS:
        return extension in Attachment.WPS_EXTENSIONS
    return True  # photos and materials: anything workflow.uploads accepts


def attach(row: Activity | PolicyItem, uploaded, by, slot: str = Attachment.Slot.MATERIAL) -> Attachment:
    """Attach a file judged by its content; a policy's PDF or WPS file replaces the one it had."""
    is_policy = isinstance(row, PolicyItem)
    if is_policy and slot not in (Attachment.Slot.PDF, Attachment.Slot.WPS):
        raise Refused(_("政策类文件请选择PDF版或WPS版"))
    if not is_policy:
        slot = Attachment.Slot.MATERIAL
    try:
        checked = check(uploaded)
    except ValidationError as exc:
        raise Refused(exc.messages) from None
    if not _fits_slot(slot, checked.extension, checked.kind):
        if slot == Attachment.Slot.PDF:
            raise Refused(_("“%(name)s”不是PDF文件，PDF版请上传PDF文件") % {"name": checked.name})
        raise Refused(_("“%(name)s”不是WPS/Word文档，WPS版请上传.wps、.doc或.docx文件") % {"name": checked.name})
    with transaction.atomic():
        locked = _lock_to_fill(row.ledger, by)
        replaced = []
        if is_policy:
            replaced = list(row.files.filter(slot=slot))
            for old in replaced:
                old.delete()
            _delete_files_after_commit([old.file.name for old in replaced])
        attachment = Attachment(
            ledger=locked,
            activity=None if is_policy else row,
            policy=row if is_policy else None,
            slot=slot,
            original_name=checked.name,
            extension=checked.extension,
            kind=checked.kind,
            size=len(checked.data),
            sha256=Attachment.digest(checked.data),
            uploaded_by=by,
        )
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.storage.delete(attachment.file.name)
            raise
        record(
            by,
            "ledger.attachment.added",
            locked,
            row=f"{'policy' if is_policy else 'activity'}:{row.pk}",
            slot=slot,
            file=checked.name,
            sha256=attachment.sha256,
            replaced=[old.original_name for old in replaced],
        )
    return attachment


def detach(attachment: Attachment, by) -> None:
    with transaction.atomic():
        locked = _lock_to_fill(attachment.ledger, by)
        record(
            by,
            "ledger.attachment.removed",
            locked,
            slot=attachment.slot,
            file=attachment.original_name,
            sha256=attachment.sha256,
        )
        name = attachment.file.name
        attachment.delete()
        _delete_files_after_commit([name])


def _delete_files_after_commit(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


# --- submission -----------------------------------------------------------------------------------------


def policy_label(index: int, policy: PolicyItem) -> str:
    return _("政策类第%(n)s行“%(title)s”") % {"n": index, "title": policy.title}


def activity_label(index: int, activity: Activity) -> str:
    return _("活动类第%(n)s行“%(content)s”") % {"n": index, "content": activity.content[:20]}


def submission_problems(ledger: Ledger) -> list[str]:
    """What refuses a submission, each naming its row: a policy without its PDF or without its WPS file."""
    problems = []
    policies = ledger.policies.prefetch_related("files")
    for index, policy in enumerate(policies, start=1):
        slots = {f.slot for f in policy.files.all()}
        missing = [
            label
            for slot, label in ((Attachment.Slot.PDF, _("PDF版文件")), (Attachment.Slot.WPS, _("WPS版文件")))
            if slot not in slots
        ]
        if missing:
            problems.append(_("%(row)s缺少%(what)s") % {"row": policy_label(index, policy), "what": "、".join(missing)})
    return problems


def submission_warnings(ledger: Ledger) -> list[str]:
    """What the confirmation page points out without refusing: the form asks for photos, but a meeting
    held by telephone has none, so an activity without files is the unit's judgement."""
    warnings = []
    activities = list(ledger.activities.prefetch_related("files"))
    if not activities and not ledger.policies.exists():
        warnings.append(_("本季度台账没有填写任何活动或政策，将作为“本季度无事项”报送"))
    for index, activity in enumerate(activities, start=1):
        if not activity.files.all():
            warnings.append(_("%(row)s未附照片或资料") % {"row": activity_label(index, activity)})
    terms = ledger_terms(ledger)
    held = sum(1 for a in activities if a.category == Activity.Category.MATCHMAKING)
    if held < terms.matchmaking_per_quarter:
        warnings.append(
            _("本季度政银企对接活动%(held)s次，少于年度计划要求的每季度%(required)s次")
            % {"held": held, "required": terms.matchmaking_per_quarter}
        )
    return warnings


def ledger_terms(ledger: Ledger) -> Terms:
    return terms_for(ledger.year)


def _transition(locked: Ledger, action: str) -> str:
    sources, target = Ledger.TRANSITIONS[action]
    if locked.status not in sources:
        raise Refused(_("台账当前状态为“%(status)s”，不能执行此操作") % {"status": locked.get_status_display()})
    previous, locked.status = locked.status, target
    return previous


def submit(ledger: Ledger, by) -> Ledger:
    """Submit and lock. The first submission's time is the on-time record; a resubmission (补报) keeps it."""
    with transaction.atomic():
        locked = _lock(ledger)
        if locked.status == Ledger.Status.SUBMITTED:
            raise Refused(_("台账已报送，无需重复报送"))
        _require(permissions.can_fill(by, locked))
        problems = submission_problems(locked)
        if problems:
            raise Refused(problems)
        previous = _transition(locked, "submit")
        now = timezone.now()
        locked.submitted_at, locked.submitted_by = now, by
        if locked.first_submitted_at is None:
            locked.first_submitted_at = now
        locked.save()
        terms = ledger_terms(locked)
        record(
            by,
            "ledger.ledger.resubmitted" if locked.reopen_count else "ledger.ledger.submitted",
            locked,
            **{"from": previous, "to": locked.status},
            submitted_at=now,
            due_date=locked.due_date(terms),
            timeliness=locked.timeliness(terms).value,
            activities=locked.activities.count(),
            policies=locked.policies.count(),
        )
    return locked


def reopen(ledger: Ledger, by, reason: str) -> Ledger:
    """The province unlocks a submitted ledger for correction; the unit's reviewers are told why."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("请填写退回原因"))
    with transaction.atomic():
        locked = _lock(ledger)
        _require(permissions.can_reopen(by, locked))
        previous = _transition(locked, "reopen")
        locked.reopen_count += 1
        locked.reopened_at = timezone.now()
        locked.reopen_reason = reason
        locked.save()
        record(by, "ledger.ledger.reopened", locked, **{"from": previous, "to": locked.status}, reason=reason)
        notify(
            unit_staff(locked.unit),
            "ledger_reopened",
            _("%(ledger)s已被省局退回修改") % {"ledger": locked},
            _("退回原因：%(reason)s\n请修改后重新报送；按时与否仍以首次报送时间认定。") % {"reason": reason},
            url=reverse("ledger:detail", args=[locked.pk]),
        )
    return locked


def unit_staff(unit) -> models.QuerySet:
    """The unit's city reviewers: the staff who fill its ledgers."""
    return User.objects.filter(is_active=True, roles__kind=RoleKind.CITY_REVIEWER, roles__unit=unit).distinct()
