"""Text messages through a pluggable sender, chosen by ``settings.SMS_BACKEND`` (a dotted class path).

The province's SMS gateway is contracted separately; until it is, ``LoggingSMSBackend`` writes each text
to the log. A gateway adapter subclasses ``SMSBackend`` and raises on failure, so that the failure is
recorded against the message. ``LocmemSMSBackend`` keeps texts in ``outbox`` for tests, as Django's
locmem e-mail backend does with ``mail.outbox``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# A mainland mobile number, optionally with +86 / 86 and spaces or dashes: a landline cannot take texts.
MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


def mobile_number(phone: str) -> str:
    """The 11-digit mobile number in ``phone``, or "" when it is empty or a landline."""
    match = MOBILE.match(re.sub(r"[\s-]", "", phone or ""))
    return match.group(1) if match else ""


class SMSBackend:
    """Sends one text to one number; raises on failure (the caller records it)."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSMSBackend(SMSBackend):
    """The default: writes the text to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        from accounts.masking import mask_phone

        logger.info("SMS to %s: %s", mask_phone(phone), text)  # logs are kept for months: no full numbers


@dataclass(frozen=True)
class SMS:
    phone: str
    text: str


outbox: list[SMS] = []


class LocmemSMSBackend(SMSBackend):
    """For tests: appends each text to ``notifications.sms.outbox``."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SMS(phone, text))


def get_sms_backend() -> SMSBackend:
    """An instance of the configured sender; a wrong ``SMS_BACKEND`` is a configuration error, said as such."""
    path = settings.SMS_BACKEND
    try:
        backend = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"SMS_BACKEND {path!r} cannot be imported: {exc}") from None
    if not (isinstance(backend, type) and issubclass(backend, SMSBackend)):
        raise ImproperlyConfigured(f"SMS_BACKEND {path!r} is not a subclass of notifications.sms.SMSBackend")
    return backend()
