"""The one door for telling users something: ``notify()`` (re-exported as ``notifications.notify``).

The in-site messages are written in the caller's transaction, so they exist exactly when the change they
announce does. E-mail and SMS leave only after that transaction commits (a rolled-back transition tells
nobody) and never raise into the caller: each attempt, sent, failed or skipped, is kept as a ``Delivery``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import get_connection, send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

from .events import Event
from .models import Channel, Delivery, DeliveryStatus, Message, Preference, validate_site_path
from .sms import get_sms_backend, mobile_number

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = Message._meta.get_field("subject").max_length


def notify(
    recipients: Iterable | models.Model, event: Event | str, subject: str, body: str, url: str = ""
) -> list[Message]:
    """Tells each recipient (a user or users; repeats and ``None`` ignored) about ``event``; returns the messages.

    Call it inside the transaction that makes the change: the messages roll back with it. ``url`` is a
    path inside the site (the page where the recipient acts). Raises ``ValueError`` only for a caller's
    mistake (an unknown event, a link to another site); never for a failed e-mail or SMS.
    """
    event = Event(event)
    try:
        validate_site_path(url)
    except ValidationError:
        raise ValueError(f"notify(url=...) must be a path inside the site, got {url!r}") from None
    users = _distinct(recipients)
    if not users:
        return []
    # One line, no longer than the column: a newline in a subject is an e-mail header injection.
    subject = Truncator(" ".join(str(subject).split())).chars(SUBJECT_LENGTH)
    with transaction.atomic(savepoint=False):
        messages = Message.objects.bulk_create(
            Message(recipient=user, event=event, subject=subject, body=str(body), url=url) for user in users
        )
        transaction.on_commit(partial(deliver, messages), robust=True)
    return messages


def _distinct(recipients: Iterable | models.Model | None) -> list:
    if recipients is None:
        return []
    if isinstance(recipients, models.Model):
        recipients = [recipients]
    seen: dict[int, object] = {}
    for user in recipients:
        if user is not None and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def deliver(messages: list[Message]) -> None:
    """Carries committed messages (all of one event) out by e-mail and SMS, recording every attempt."""
    try:
        event = Event(messages[0].event)
        deliveries = _email(messages, event)
        if event.policy.sms:
            deliveries += _text(messages)
        Delivery.objects.bulk_create(deliveries)
    except Exception:  # a bug or a lost database here must not surface in the request that committed
        logger.exception("Delivering %d %s message(s) failed", len(messages), messages[0].event)


def _email(messages: list[Message], event: Event) -> list[Delivery]:
    wanted = dict(
        Preference.objects.filter(user__in=[m.recipient_id for m in messages], event=event).values_list(
            "user_id", "email"
        )
    )
    deliveries, due = [], []
    for message in messages:
        user = message.recipient
        if not user.email:
            reason = _skip(message, Channel.EMAIL, "", "没有电子邮箱")
        elif not user.is_active:
            reason = _skip(message, Channel.EMAIL, user.email, "账号已停用")
        elif not wanted.get(user.pk, event.policy.email):
            reason = _skip(message, Channel.EMAIL, user.email, "用户未选择接收此类邮件")
        else:
            due.append(message)
            continue
        deliveries.append(reason)
    if not due:
        return deliveries
    try:
        connection = get_connection()
        connection.open()  # one connection for the whole batch, not one per recipient
    except Exception as exc:
        logger.exception("Could not open the e-mail connection")
        return deliveries + [_failed(m, Channel.EMAIL, m.recipient.email, exc) for m in due]
    try:
        deliveries += [_send_email(message, connection) for message in due]
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Could not close the e-mail connection")
    return deliveries


def _send_email(message: Message, connection) -> Delivery:
    address = message.recipient.email
    try:
        sent = send_mail(
            message.subject,
            _render("notifications/email.txt", message),
            None,  # DEFAULT_FROM_EMAIL
            [address],
            connection=connection,
        )
        if not sent:
            raise RuntimeError("the e-mail backend accepted no message")
    except Exception as exc:
        logger.exception("E-mail for message %s to %s failed", message.pk, address)
        return _failed(message, Channel.EMAIL, address, exc)
    return Delivery(message=message, channel=Channel.EMAIL, status=DeliveryStatus.SENT, address=address)


def _text(messages: list[Message]) -> list[Delivery]:
    try:
        backend = get_sms_backend()
    except ImproperlyConfigured as exc:
        logger.exception("No SMS sender")
        backend, problem = None, exc
    deliveries = []
    for message in messages:
        user = message.recipient
        phone = mobile_number(user.phone)
        if not phone:
            deliveries.append(_skip(message, Channel.SMS, user.phone, "没有手机号码"))
        elif not user.is_active:
            deliveries.append(_skip(message, Channel.SMS, phone, "账号已停用"))
        elif backend is None:
            deliveries.append(_failed(message, Channel.SMS, phone, problem))
        else:
            try:
                backend.send(phone, _render("notifications/sms.txt", message))
            except Exception as exc:
                logger.exception("SMS for message %s to %s failed", message.pk, phone)
                deliveries.append(_failed(message, Channel.SMS, phone, exc))
            else:
                deliveries.append(
                    Delivery(message=message, channel=Channel.SMS, status=DeliveryStatus.SENT, address=phone)
                )
    return deliveries


def _render(template: str, message: Message) -> str:
    # The site's language, not whichever language the committing request happened to use.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            template,
            {
                "message": message,
                "site_title": settings.SITE_TITLE,
                "link": (getattr(settings, "SITE_URL", "").rstrip("/") + message.url) if message.url else "",
            },
        ).strip()


def _skip(message: Message, channel: str, address: str, reason: str) -> Delivery:
    return Delivery(message=message, channel=channel, status=DeliveryStatus.SKIPPED, address=address, detail=reason)


def _failed(message: Message, channel: str, address: str, exc: BaseException) -> Delivery:
    return Delivery(
        message=message,
        channel=channel,
        status=DeliveryStatus.FAILED,
        address=address,
        detail=f"{type(exc).__name__}: {exc}"[:2000],
    )
