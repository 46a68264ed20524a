"""Background work and its progress.

A *job* is one batch (the letters of a call, an import, an archive); it has *items*, each identified by a
key unique within the job (an application id, a row number). An item is done exactly once: a worker
claims it under a row lock and does its work in the same transaction that marks it done and records the
worker's host name and process id. A worker killed in the middle rolls that transaction back, and the
item is simply done again by whoever picks it up next.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    failed = models.PositiveIntegerField(_("失败"), default=0)
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    backend = models.CharField(_("执行方式"), max_length=16, default="inline")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.title} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * (self.done + self.failed) / self.total)


class Item(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=64)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    worker_host = models.CharField(_("执行主机"), max_length=128, blank=True)
    worker_pid = models.PositiveIntegerField(_("执行进程"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="one_item_per_key_per_job")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.key} {self.state}"
