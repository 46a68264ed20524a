"""The second factor: a TOTP authenticator app (django-otp), asked for after the password.

Words: a *device* is one enrolled authenticator (a TOTPDevice row holding the shared secret); it is *confirmed*
once the user typed a code from it. A session is *verified* once a code was accepted in it (django-otp keeps the
device id in the session). A user *needs* the second factor when one of their roles is listed in
``settings.OTP_REQUIRED_ROLES`` or when they enrolled a device of their own accord.

Wrong codes are throttled per device by django-otp: after n failures in a row the next attempt is refused for
``OTP_TOTP_THROTTLE_FACTOR * 2**(n-1)`` seconds, so guessing six digits takes years.
"""

from __future__ import annotations

import logging

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit.models as audit

logger = logging.getLogger("accounts.security")


def role_requires_it(user) -> bool:
    # A query, not user.role_list: this runs at sign-in and must not fill the cache of a user object the
    # caller goes on using.
    from .models import Role

    required = settings.OTP_REQUIRED_ROLES
    return bool(required) and Role.objects.filter(user=user, kind__in=required).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def needs_second_factor(user) -> bool:
    return role_requires_it(user) or confirmed_device(user) is not None


def start_enrolment(user) -> TOTPDevice:
    """A fresh unconfirmed device (any earlier unconfirmed one is discarded: its secret was shown once)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (drawn here, no outside service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="TOTP")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def check_code(device: TOTPDevice, code: str) -> tuple[bool, bool]:
    """(accepted, throttled). A refused code counts toward the device's throttle."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            logger.warning("second factor: user %s tried a code while throttled", device.user_id)
            return False, True
        accepted = device.verify_token((code or "").strip().replace(" ", ""))
    if not accepted:
        logger.warning("second factor: wrong code for user %s", device.user_id)
    return accepted, False


def confirm_enrolment(device: TOTPDevice, code: str) -> tuple[bool, bool]:
    accepted, throttled = check_code(device, code)
    if accepted:
        with transaction.atomic():
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            device.confirmed = True
            audit.record(device.user, "accounts.otp_enrolled", device.user)
        logger.info("second factor: user %s enrolled an authenticator", device.user_id)
    return accepted, throttled


def reset_devices(user, by) -> int:
    """The province removes a user's authenticators (lost phone); the user enrols again at next sign-in."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        audit.record(by, "accounts.otp_reset", user, devices=count, username=user.username)
    logger.warning("second factor: %s reset the authenticators of user %s (%d)", by, user.pk, count)
    return count
