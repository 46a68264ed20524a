"""Public notice (公示) of the proposed awards, and the working-day calendar that times it.

Words:

- **Holiday override** (节假日调整): one date whose working status the administrator has entered by hand —
  a statutory holiday (``is_working_day=False``) or a make-up working day (调休上班, ``True``). It beats every
  other source for that date.
- **Holiday year** (节假日年度): the administrator's statement that *all* of a year's holidays and make-up days
  have been entered (``complete=True``). Only a confirmed year may be computed from entered data; see
  ``notice.workdays`` for the order in which the sources are asked.
- **Notice** (公示): one publication of one call's proposed list, open for ``working_days`` working days counted
  from the day after publication; ``ends_on`` is the last day, computed once at publication and stored.
- **Entry** (公示条目): one published line (enterprise, unit, programme, amount) — a snapshot, never edited.
  A decision on an objection that changes a line appends a new row that ``replaces`` the old one (a changed
  amount, or ``withdrawn=True`` when the line leaves the list); the *current* list is the rows that nothing
  replaces and that are not withdrawals.
- **Objection** (异议): a complaint from the public (by phone or letter), keyed in by staff, then upheld or
  dismissed with a written decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Shown when the publisher gives no contact text; the real office, address and telephone belong in ``contact``.
DEFAULT_CONTACT = _(
    "对公示内容有异议的，请在公示期内以书面或电话方式向河北省市场监督管理局（知识产权局）反映，并提供真实姓名和联系方式。"
)


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    complete = models.BooleanField(
        _("已录入完整"), default=False, help_text=_("确认该年度全部法定节假日和调休上班日均已录入")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")

    def __str__(self) -> str:
        state = _("已确认") if self.complete else _("未确认")
        return f"{self.year}（{state}）"


class HolidayOverride(models.Model):
    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否上班"), help_text=_("勾选：调休上班日；不勾选：放假"))
    name = models.CharField(_("名称"), max_length=64, help_text=_("如：春节、国庆节调休上班"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"


class NoticeStatus(models.TextChoices):
    PUBLISHED = "published", _("公示中")
    CLOSED = "closed", _("已结束")


class NoticeQuerySet(models.QuerySet):
    def current(self) -> NoticeQuerySet:
        return self.filter(status=NoticeStatus.PUBLISHED)

    def of_call(self, call) -> NoticeQuerySet:
        return self.filter(call=call)


class Notice(models.Model):
    call = models.ForeignKey("calls.Call", verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    contact = models.TextField(_("异议受理方式"), default=DEFAULT_CONTACT)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    ends_on = models.DateField(_("公示截止日"))
    status = models.CharField(_("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PUBLISHED)
    source = models.CharField(_("名单来源"), max_length=200, blank=True, help_text=_("如排序分配结果的编号"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        constraints = [
            # One open notice per call: a second list while the first is out would confuse the public.
            models.UniqueConstraint(fields=["call"], condition=Q(status="published"), name="one_open_notice_per_call"),
            models.CheckConstraint(name="notice_working_days_positive", condition=Q(working_days__gte=1)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def starts_on(self):
        """The publication day (the period is counted from the day after)."""
        return timezone.localdate(self.published_at)

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED


class EntryQuerySet(models.QuerySet):
    def current(self) -> EntryQuerySet:
        """The list as it stands now: rows no later row replaces, without withdrawals."""
        return self.filter(successor__isnull=True, withdrawn=False)


class NoticeEntry(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("公示"), on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(
        "workflow.Application", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    unit_name = models.CharField(_("单位"), max_length=100)
    programme = models.CharField(_("补助项目"), max_length=100)
    amount = models.DecimalField(_("拟补助金额（元）"), max_digits=12, decimal_places=2)
    order = models.PositiveIntegerField(_("序号"))
    # A later version points back at the row it replaces; one row is replaced at most once (no branches).
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("替代的条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    withdrawn = models.BooleanField(_("撤出名单"), default=False)
    objection = models.ForeignKey(
        "Objection",
        verbose_name=_("依据的异议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_entries",
    )
    created_at = models.DateTimeField(_("写入时间"), default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("公示条目")
        verbose_name_plural = _("公示条目")
        constraints = [
            models.CheckConstraint(name="notice_entry_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="notice_entry_version_has_reason",
                condition=Q(replaces__isnull=True, objection__isnull=True, withdrawn=False)
                | Q(replaces__isnull=False, objection__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.enterprise_name} {self.amount}"

    def save(self, *args, **kwargs):
        # What was published is a record: a change is a new row, never an edit.
        if not self._state.adding:
            raise PermissionError("notice entries are never edited: a change is a new row that replaces it")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("notice entries are never deleted")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("公示"), on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name=_("涉及条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    raised_by_name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=200)
    received_at = models.DateTimeField(_("收到时间"))
    content = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    decision = models.TextField(_("处理决定"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        constraints = [
            models.CheckConstraint(
                name="objection_decided_has_decision",
                condition=Q(status="open", decided_at__isnull=True)
                | (Q(decided_at__isnull=False) & ~Q(status="open") & ~Q(decision="")),
            ),
        ]

    def __str__(self) -> str:
        return _("%(who)s的异议（%(when)s）") % {
            "who": self.raised_by_name,
            "when": timezone.localtime(self.received_at).strftime("%Y-%m-%d"),
        }

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.OPEN
