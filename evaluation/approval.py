"""From a ranking run to approved awards: the public notice, the approval, and the letters.

- ``publish_notice`` puts the run's proposed awards on public notice (notice app) and moves those
  applications into the notice; the others wait for the approval as evaluated.
- ``approve`` (after the notice closed) makes each application approved with its final amount (as the
  notice stands after objections) or not approved with its reasons, never above the budget.
- ``generate_letters`` issues the approval letters and non-approval notices in batches, with progress,
  and can be run again after an interruption without duplicates or gaps.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from audit import transitions
from audit.models import record
from documents import issue
from documents.models import Document
from notifications import notify
from workflow.lifecycle import enterprise_users
from workflow.models import Application, Status

from .models import RankingRun
from .scoring import Refused


def _require_admin(by) -> None:
    if not by.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以进行此操作"))


def publish_notice(run: RankingRun, by, *, working_days: int = 5, contact: str = ""):
    from notice.publication import publish

    _require_admin(by)
    latest = RankingRun.objects.filter(call=run.call).order_by("-number").first()
    if latest.pk != run.pk:
        raise Refused(_("只能公示最近一次的排序与分配结果（第%(n)d次）") % {"n": latest.number})
    rows = run.results["applications"]
    applications = {
        a.number: a
        for a in Application.objects.filter(call=run.call, number__in=list(rows)).select_related("enterprise", "unit")
    }
    awarded = [n for n in sorted(rows, key=lambda n: (rows[n]["rank"] or 0, n)) if Decimal(rows[n]["award"]) > 0]
    with transaction.atomic():
        notice = publish(
            run.call,
            [
                {
                    "application": applications[n],
                    "enterprise_name": applications[n].enterprise.name,
                    "unit_name": applications[n].unit.name,
                    "programme": applications[n].get_programme_display(),
                    "amount": Decimal(rows[n]["award"]),
                }
                for n in awarded
            ],
            by=by,
            working_days=working_days,
            source=f"ranking-run:{run.pk}",
            contact=contact,
        )
        for number in awarded:
            transitions.perform(applications[number], "publish_notice", by, state_field="status", note=str(notice))
        issue(
            "notice_list",
            issuer_code="PROV",
            context={
                "call_title": str(run.call),
                "published_on": timezone.localdate(notice.published_at),
                "ends_on": notice.ends_on,
                "contact": notice.contact,
                "entries": [
                    {
                        "enterprise": applications[n].enterprise.name,
                        "unit": applications[n].unit.name,
                        "programme": applications[n].get_programme_display(),
                        "amount": Decimal(rows[n]["award"]),
                    }
                    for n in awarded
                ],
            },
            obj=notice,
            by=by,
            rules_edition=run.edition_id,
        )
        record(by, "evaluation.notice_published", run, notice=notice.pk, count=len(awarded))
        notify(
            [u for n in awarded for u in enterprise_users(applications[n])],
            "notice_published",
            _("拟补助名单已公示"),
            _("%(call)s拟补助名单已公示，公示期至%(d)s。") % {"call": run.call, "d": notice.ends_on},
            f"/notice/{notice.pk}/",
        )
    return notice


def approve(call, by, run: RankingRun | None = None) -> dict:
    """The final list: the notice as it stands after objections, within the budget."""
    from notice.models import Notice

    _require_admin(by)
    notice = Notice.objects.filter(call=call).order_by("-published_at").first()
    if notice is None or notice.status != "closed":
        raise Refused(_("公示结束并关闭后才能批准补助"))
    run = run or RankingRun.objects.filter(call=call).order_by("-number").first()
    rows = run.results["applications"]
    final = {e.application_id: e.amount for e in notice.entries.current()}
    total = sum(final.values(), Decimal("0"))
    if total > call.budget:
        raise Refused(_("批准合计%(t)s元超出预算%(b)s元") % {"t": total, "b": call.budget})
    approved, refused = [], []
    with transaction.atomic():
        for application in Application.objects.filter(call=call, status__in=[Status.IN_NOTICE, Status.EVALUATED]):
            amount = final.get(application.pk)
            if amount is not None and amount > 0:

                def after(locked, amount=amount):
                    Application.objects.filter(pk=locked.pk).update(
                        amount_awarded=amount, decision_reason=_("经评审、公示，批准补助")
                    )

                transitions.perform(application, "approve", by, state_field="status", also=after, note=str(amount))
                approved.append(application)
            else:
                row = rows.get(application.number, {})
                if application.status == Status.IN_NOTICE:
                    reason = _("公示期间经异议复核，不予补助")
                else:
                    reason = row.get("reason") or _("未列入拟补助名单")

                def after(locked, reason=reason):
                    Application.objects.filter(pk=locked.pk).update(
                        amount_awarded=Decimal("0.00"), decision_reason=reason
                    )

                transitions.perform(application, "not_approve", by, state_field="status", also=after, note=reason)
                refused.append(application)
        record(by, "evaluation.approved", call, approved=len(approved), not_approved=len(refused), total=str(total))
        for application in approved:
            notify(
                enterprise_users(application),
                "approved",
                _("补助已批准：%(n)s") % {"n": application.number},
                _("您的申报%(n)s获批补助%(a)s元。") % {"n": application.number, "a": final[application.pk]},
                f"/applications/{application.pk}/",
            )
        for application in refused:
            notify(
                enterprise_users(application),
                "not_approved",
                _("补助未获批准：%(n)s") % {"n": application.number},
                _("您的申报%(n)s本次未获补助。") % {"n": application.number},
                f"/applications/{application.pk}/",
            )
    return {"approved": approved, "not_approved": refused, "total": total}


LETTER_KINDS = ("approval_letter", "non_approval_notice")


def _letter_for(application, by) -> Document:
    common = {
        "enterprise": {"name": application.enterprise.name, "uscc": application.enterprise.uscc},
        "application_number": application.number,
        "programme": application.get_programme_display(),
        "call_title": str(application.call),
    }
    if application.status == Status.APPROVED:
        return issue(
            "approval_letter",
            issuer_code="PROV",
            context={**common, "amount": application.amount_awarded, "basis": _("经专家评审和社会公示")},
            obj=application,
            by=by,
            rules_edition=application.rules_edition,
        )
    return issue(
        "non_approval_notice",
        issuer_code="PROV",
        context={**common, "reasons": [{"reason": application.decision_reason or _("未列入补助名单")}]},
        obj=application,
        by=by,
        rules_edition=application.rules_edition,
    )


def pending_letters(call):
    """Decided applications that have no letter yet (a re-run after an interruption skips the done ones)."""
    done = Document.objects.filter(object_type="workflow.application", kind__in=LETTER_KINDS).values("object_id")
    return (
        Application.objects.filter(call=call, status__in=[Status.APPROVED, Status.NOT_APPROVED])
        .exclude(pk__in=[int(d["object_id"]) for d in done])
        .select_related("enterprise", "call")
        .order_by("number")
    )


def letter_job(job, key: str) -> dict:
    """One application's letter (a job item): idempotent, since a retried item may run again."""
    locked = Application.objects.select_for_update().select_related("enterprise", "call").get(pk=int(key))
    existing = Document.objects.filter(
        object_type="workflow.application", object_id=str(locked.pk), kind__in=LETTER_KINDS
    ).first()
    if existing is not None:
        return {"document": existing.pk, "number": existing.number, "existing": True}
    document = _letter_for(locked, job.created_by)
    return {"document": document.pk, "number": document.number}


def generate_letters(call, by):
    """The letters of every decided application that has none yet, as a background job (one item each).

    On Celery workers when a broker is configured, in this process otherwise; each letter is issued in the
    transaction that marks its item done, so an interruption loses nothing and a re-run (or a redelivered
    item) makes no letter twice and leaves no gap in the 文号.
    """
    from jobs.running import submit

    _require_admin(by)
    keys = [str(pk) for pk in pending_letters(call).values_list("pk", flat=True)]
    with transaction.atomic():
        record(by, "evaluation.letters", call, letters=len(keys))
    return submit(
        "letters", keys, title=_("%(call)s 批准/不予补助通知书") % {"call": call}, by=by, params={"call": call.pk}
    )
