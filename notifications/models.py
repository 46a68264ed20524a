"""The message box: what each user was told, what they chose to receive by e-mail, and what went out.

A *message* is one event told to one user, kept in the site whatever happens to the e-mail or SMS.
A *preference* is a user's own choice of e-mail for one event; no row means the event's default.
A *delivery* is one attempt to carry a message outside the site (e-mail or SMS), kept so that a
failed or skipped send can be seen and explained rather than lost in a log.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import Event


def validate_site_path(value: str) -> None:
    """Links in messages stay inside the site: a path, never another host (no open redirect by message)."""
    if value and (not value.startswith("/") or value.startswith("//") or "\\" in value):
        raise ValidationError(_("链接必须是本站内的路径，例如 /enterprises/1/。"), code="not_site_path")


class MessageQuerySet(models.QuerySet):
    def to(self, user) -> MessageQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> MessageQuerySet:
        return self.filter(read_at__isnull=True)

    def newest_first(self) -> MessageQuerySet:
        return self.order_by("-created_at", "-pk")

    def mark_read(self) -> int:
        """Marks the unread ones read now; already-read messages keep the time they were first read."""
        return self.unread().update(read_at=timezone.now())


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="inbox"
    )
    event = models.CharField(_("事项"), max_length=40, choices=Event.choices)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True, validators=[validate_site_path])
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="message_unread_idx"),  # the header's count
            models.Index(fields=["recipient", "-created_at"], name="message_inbox_idx"),  # the inbox's pages
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class PreferenceQuerySet(models.QuerySet):
    def email_choices(self, user) -> dict[Event, bool]:
        """Whether ``user`` gets each event by e-mail: their own choice, else the event's default."""
        chosen = dict(self.filter(user=user).values_list("event", "email"))
        return {event: chosen.get(event.value, event.policy.email) for event in Event}

    def choose(self, user, choices: dict[Event, bool]) -> None:
        """Stores the user's choices, one row per event they were shown (an upsert: one query)."""
        self.bulk_create(
            [Preference(user=user, event=event, email=email) for event, email in choices.items()],
            update_conflicts=True,
            unique_fields=["user", "event"],
            update_fields=["email"],
        )


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("事项"), max_length=40, choices=Event.choices)
    email = models.BooleanField(_("发送邮件"))

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_user_event")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_event_display()}"


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("未发送")


class Delivery(models.Model):
    message = models.ForeignKey(Message, verbose_name=_("消息"), on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("结果"), max_length=8, choices=DeliveryStatus.choices)
    address = models.CharField(_("地址"), max_length=254, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        indexes = [models.Index(fields=["status", "-at"], name="delivery_status_idx")]  # failures, newest first

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_status_display()}"
