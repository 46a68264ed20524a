"""The province's evaluation: expert score sheets, the panel result, ranking runs and letter batches.

A *score sheet* is one expert's scores for one application; it is never changed: a correction is a new
version with a reason, and only the newest version counts. The *panel result* aggregates the current
sheets by the edition's rule (the raw sheets stay visible); the panel lead may record a moderated total
with a reason. A *ranking run* is one computation of eligibility, score, rank and award over a call's
applications, stored with its inputs and the edition's hash so that it can be re-run to the fen.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScoreSheet(models.Model):
    assignment = models.ForeignKey("experts.Assignment", on_delete=models.PROTECT, related_name="sheets")
    application = models.ForeignKey("workflow.Application", on_delete=models.PROTECT, related_name="score_sheets")
    version = models.PositiveSmallIntegerField(_("版本"))
    points = models.JSONField(_("各项得分"))  # {criterion id: "12.5"}
    comments = models.JSONField(_("各项评语"), default=dict, blank=True)
    overall = models.TextField(_("总体意见"), blank=True)
    total = models.DecimalField(_("合计"), max_digits=6, decimal_places=2)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    # Meeting mode: staff keyed the scores in from the signed paper sheet on the expert's behalf.
    on_behalf = models.BooleanField(_("代为录入"), default=False)
    paper_reference = models.CharField(_("纸质评分表编号"), max_length=64, blank=True)
    reason = models.TextField(_("更正理由"), blank=True)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["application", "assignment", "version"]
        verbose_name = _("专家评分表")
        verbose_name_plural = _("专家评分表")
        constraints = [models.UniqueConstraint(fields=["assignment", "version"], name="one_sheet_per_version")]

    def __str__(self) -> str:
        return f"{self.application} · {self.assignment.expert} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:  # superseding flips `current` with a queryset update, nothing else changes
            raise PermissionError("a submitted score sheet is never changed: record a new version")
        super().save(*args, **kwargs)


class PanelResult(models.Model):
    application = models.OneToOneField("workflow.Application", on_delete=models.PROTECT, related_name="panel_result")
    edition_id = models.CharField(max_length=64)
    edition_version = models.CharField(max_length=32)
    edition_sha256 = models.CharField(max_length=64)
    experts_score = models.DecimalField(_("专家评分"), max_digits=6, decimal_places=2, null=True)
    computed_score = models.DecimalField(_("系统计算得分"), max_digits=6, decimal_places=2)
    total = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True)
    method = models.CharField(_("汇总方法"), max_length=20)
    sheets = models.JSONField(_("各专家合计"))  # {expert code: "82.00"}
    dropped = models.JSONField(_("去掉的分数"), default=list)
    outliers = models.JSONField(_("异常分数"), default=list)
    trace = models.JSONField(_("计算过程"), default=list)
    aggregated_at = models.DateTimeField(_("汇总时间"), default=timezone.now)
    moderated_total = models.DecimalField(
        _("评审组长调整后得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    moderation_reason = models.TextField(_("调整理由"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评审结果")
        verbose_name_plural = _("评审结果")

    def __str__(self) -> str:
        return f"{self.application}: {self.final_total}"

    @property
    def final_total(self) -> Decimal | None:
        return self.moderated_total if self.moderated_total is not None else self.total

    @property
    def needs_moderation(self) -> bool:
        return bool(self.outliers) and self.moderated_at is None


class RankingRun(models.Model):
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="ranking_runs")
    number = models.PositiveSmallIntegerField(_("第几次计算"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    edition_id = models.CharField(max_length=64)
    edition_version = models.CharField(max_length=32)
    edition_sha256 = models.CharField(max_length=64)
    budget = models.DecimalField(_("预算（元）"), max_digits=14, decimal_places=2)
    policy = models.CharField(_("分配方式"), max_length=24)
    # What went in: per application, the pinned facts and the panel score (so a re-run needs nothing else).
    inputs = models.JSONField()
    # What came out: per application, status, eligible amount, score, pass, rank and award; plus the trace.
    results = models.JSONField()
    total_awarded = models.DecimalField(_("拟补助合计（元）"), max_digits=14, decimal_places=2)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["call", "-number"]
        verbose_name = _("排序与分配计算")
        verbose_name_plural = _("排序与分配计算")
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="one_run_number_per_call")]

    def __str__(self) -> str:
        return _("%(call)s 第%(n)d次计算") % {"call": self.call, "n": self.number}
