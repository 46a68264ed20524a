"""Each role's home: the work waiting for this person, counted live, each count linking to its items.

A *card* is one count with the link to what it counts. Sections are per role held, so a user with
two roles (an expert who leads a panel) sees both. Every count is one query, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from calls.models import Call
from enterprises.models import Enterprise, RegistrationStatus
from enterprises.permissions import may_submit_applications
from places.models import Unit
from workflow.models import Application, Status


@dataclass
class Card:
    label: str
    count: int | None
    url: str
    hint: str = ""
    attention: bool = False


@dataclass
class Section:
    role: str
    title: str
    cards: list[Card] = field(default_factory=list)
    notice: str = ""
    empty: str = ""
    table: list[dict] | None = None


def open_calls_card() -> Card:
    today = timezone.localdate()
    count = Call.objects.open_on(today).count()
    return Card(_("正在申报的批次"), count, reverse("calls:list"), _("今日 %(d)s") % {"d": today.isoformat()})


def enterprise_section(user) -> Section:
    enterprise = user.enterprise
    section = Section(RoleKind.ENTERPRISE, _("企业：%(name)s") % {"name": enterprise.name})
    detail = reverse("enterprises:detail", args=[enterprise.pk])
    section.cards.append(
        Card(
            _("注册状态：%(s)s") % {"s": enterprise.get_registration_status_display()},
            None,
            detail,
            enterprise.registration_note,
            attention=not enterprise.is_confirmed,
        )
    )
    section.cards.append(Card(_("企业资质"), enterprise.qualifications.count(), detail + "#qualifications"))
    mine = Application.objects.filter(enterprise=enterprise).aggregate(
        all=Count("pk"),
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        draft_closes=Min("call__window_closes", filter=Q(status=Status.DRAFT)),
        reply_by=Min("reply_deadline", filter=Q(status=Status.RETURNED)),
    )
    section.cards.append(Card(_("我的申报"), mine["all"], reverse("workflow:mine")))
    draft_hint = _("申报截止 %(d)s") % {"d": mine["draft_closes"].isoformat()} if mine["draft_closes"] else ""
    section.cards.append(
        Card(_("未提交的草稿"), mine["drafts"], reverse("workflow:mine"), draft_hint, attention=mine["drafts"] > 0)
    )
    reply_hint = (
        _("补正截止 %(d)s") % {"d": timezone.localtime(mine["reply_by"]).strftime("%Y-%m-%d %H:%M")}
        if mine["reply_by"]
        else _("请在截止时间前提交")
    )
    section.cards.append(
        Card(_("需要补正"), mine["returned"], reverse("workflow:mine"), reply_hint, attention=mine["returned"] > 0)
    )
    section.cards.append(open_calls_card())
    verdict = may_submit_applications(user)
    if not verdict:
        section.notice = verdict.reason
    return section


def city_reviewer_section(user) -> Section:
    unit = user.reviewer_unit
    section = Section(RoleKind.CITY_REVIEWER, _("%(unit)s · 初审工作") % {"unit": unit})
    counts = Enterprise.objects.in_unit(unit).aggregate(
        pending=Count("pk", filter=Q(registration_status=RegistrationStatus.PENDING)),
        confirmed=Count("pk", filter=Q(registration_status=RegistrationStatus.CONFIRMED)),
    )
    base = reverse("enterprises:list")
    section.cards.append(
        Card(_("待确认的企业注册"), counts["pending"], f"{base}?status=pending", attention=counts["pending"] > 0)
    )
    section.cards.append(Card(_("本单位已确认企业"), counts["confirmed"], f"{base}?status=confirmed"))
    today = timezone.localdate()
    work = Application.objects.filter(unit=unit).aggregate(
        review=Count("pk", filter=Q(status=Status.SUBMITTED)),
        overdue=Count("pk", filter=Q(status=Status.SUBMITTED, call__city_review_deadline__lt=today)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        forward=Count("pk", filter=Q(status__in=[Status.PASSED, Status.RETURNED_TO_UNIT])),
        sent_back=Count("pk", filter=Q(status=Status.RETURNED_TO_UNIT)),
    )
    queue = reverse("workflow:queue")
    deadline = (
        Call.objects.filter(city_review_deadline__gte=today)
        .order_by("city_review_deadline")
        .values_list("city_review_deadline", flat=True)
        .first()
    )
    hint = _("初审截止 %(d)s") % {"d": deadline.isoformat()} if deadline else ""
    section.cards.append(
        Card(_("待初审的申报"), work["review"], f"{queue}?status=submitted", hint, attention=work["review"] > 0)
    )
    section.cards.append(
        Card(_("初审已逾期"), work["overdue"], f"{queue}?status=submitted&overdue=1", attention=work["overdue"] > 0)
    )
    section.cards.append(Card(_("退回补正中"), work["returned"], f"{queue}?status=returned"))
    section.cards.append(
        Card(_("待报送省局"), work["forward"], reverse("workflow:forward_list"), attention=work["sent_back"] > 0)
    )
    section.cards.append(open_calls_card())
    section.cards.append(Card(_("季度工作台账"), None, reverse("ledger:index"), _("每季度第一个月10日前报送")))
    section.cards.append(Card(_("融资需求调查"), None, reverse("survey:progress"), _("每市不少于50家，4月10日前报送")))
    section.cards.append(Card(_("入园惠企"), None, reverse("parks:progress")))
    return section


def admin_section(user) -> Section:
    section = Section(RoleKind.ADMIN, _("省局管理"))
    base = reverse("enterprises:list")
    totals = Enterprise.objects.aggregate(
        pending=Count("pk", filter=Q(registration_status=RegistrationStatus.PENDING)),
        confirmed=Count("pk", filter=Q(registration_status=RegistrationStatus.CONFIRMED)),
    )
    section.cards.append(
        Card(_("全省待确认的企业注册"), totals["pending"], f"{base}?status=pending", attention=totals["pending"] > 0)
    )
    section.cards.append(Card(_("全省已确认企业"), totals["confirmed"], f"{base}?status=confirmed"))
    section.cards.append(Card(_("申报批次"), Call.objects.count(), reverse("calls:list")))
    stages = Application.objects.aggregate(
        forwarded=Count("pk", filter=Q(status=Status.FORWARDED)),
        evaluating=Count("pk", filter=Q(status=Status.UNDER_EVALUATION)),
        evaluated=Count("pk", filter=Q(status=Status.EVALUATED)),
        notice=Count("pk", filter=Q(status=Status.IN_NOTICE)),
    )
    section.cards.append(Card(_("各单位已报送"), stages["forwarded"], reverse("workflow:province_forwarded")))
    section.cards.append(Card(_("专家评审中"), stages["evaluating"], reverse("experts:calls")))
    section.cards.append(
        Card(_("评审完成待排序"), stages["evaluated"], reverse("experts:calls"), attention=stages["evaluated"] > 0)
    )
    notice_ends = (
        Call.objects.filter(notice_ends__gte=timezone.localdate())
        .order_by("notice_ends")
        .values_list("notice_ends", flat=True)
        .first()
    )
    notice_hint = _("公示截止 %(d)s") % {"d": notice_ends.isoformat()} if notice_ends else ""
    section.cards.append(Card(_("公示中"), stages["notice"], reverse("notice:manage_list"), notice_hint))
    section.cards.append(open_calls_card())
    units = Unit.objects.annotate(
        pending=Count("enterprises", filter=Q(enterprises__registration_status=RegistrationStatus.PENDING)),
        confirmed=Count("enterprises", filter=Q(enterprises__registration_status=RegistrationStatus.CONFIRMED)),
    ).order_by("order")
    section.table = [
        {
            "unit": unit,
            "pending": unit.pending,
            "confirmed": unit.confirmed,
            "pending_url": f"{base}?unit={unit.code}&status=pending",
            "confirmed_url": f"{base}?unit={unit.code}&status=confirmed",
        }
        for unit in units
    ]
    return section


def expert_section(user, role: str) -> Section:
    from evaluation.models import PanelResult, ScoreSheet
    from experts.models import Assignment, GroupMember

    if role == RoleKind.PANEL_LEAD:
        section = Section(role, _("评审组长"))
        led = GroupMember.objects.filter(expert__user=user, is_lead=True).values("group")
        waiting = PanelResult.objects.filter(
            application__status=Status.EVALUATED,
            application__in=Application.objects.filter(
                pk__in=Assignment.objects.filter(group__in=led).values("application")
            ),
            moderated_at__isnull=True,
        ).exclude(outliers=[])
        count = waiting.count()
        section.cards.append(Card(_("待复核的异常评分"), count, reverse("evaluation:moderation"), attention=count > 0))
        return section
    section = Section(role, _("评审专家"))
    mine = Assignment.objects.filter(expert__user=user, status="active", application__status=Status.UNDER_EVALUATION)
    open_work = mine.exclude(pk__in=ScoreSheet.objects.values("assignment")).aggregate(
        n=Count("pk"), by=Min("group__call__evaluation_date")
    )
    to_score = open_work["n"]
    score_hint = _("评审日期 %(d)s") % {"d": open_work["by"].isoformat()} if open_work["by"] else ""
    section.cards.append(
        Card(_("待评分的申报"), to_score, reverse("experts:tasks"), score_hint, attention=to_score > 0)
    )
    section.cards.append(Card(_("评审中的任务"), mine.count(), reverse("experts:tasks")))
    if not to_score:
        section.empty = _("目前没有待评分的申报。省局启动评审后，任务会出现在这里。")
    return section


def finance_section(user) -> Section:
    section = Section(RoleKind.FINANCE, _("省局财务"))
    money = Application.objects.aggregate(
        to_pay=Count("pk", filter=Q(status__in=[Status.APPROVED, Status.PARTLY_PAID])),
        failed=Count("pk", filter=Q(status=Status.PAYMENT_FAILED)),
    )
    pending = reverse("finance:pending")
    section.cards.append(Card(_("待拨付"), money["to_pay"], pending, attention=money["to_pay"] > 0))
    section.cards.append(Card(_("拨付失败待企业更正"), money["failed"], f"{pending}?status=payment_failed"))
    section.cards.append(Card(_("申报批次及预算"), Call.objects.count(), reverse("finance:ledgers")))
    section.cards.append(Card(_("导入银行支付结果"), None, reverse("finance:import")))
    return section


def sections_for(user) -> list[Section]:
    sections = []
    for kind in user.role_kinds:
        if kind == RoleKind.ENTERPRISE:
            sections.append(enterprise_section(user))
        elif kind == RoleKind.CITY_REVIEWER:
            sections.append(city_reviewer_section(user))
        elif kind == RoleKind.ADMIN:
            sections.append(admin_section(user))
        elif kind in (RoleKind.EXPERT, RoleKind.PANEL_LEAD):
            sections.append(expert_section(user, kind))
        elif kind == RoleKind.FINANCE:
            sections.append(finance_section(user))
    return sections
