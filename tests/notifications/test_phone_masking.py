"""Texts' mobile numbers are masked in the delivery admin and in the log (kept for months)."""

import logging

import pytest
from django.urls import reverse

from notifications.models import Delivery, Message
from notifications.sms import LoggingSMSBackend
from tests.makers import signed_in


@pytest.mark.django_db
def test_the_delivery_admin_masks_mobile_numbers_but_not_email(client, admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    message = Message.objects.create(recipient=admin_user, event="payment_failed", subject="拨付失败")
    sms = Delivery.objects.create(message=message, channel="sms", status="sent", address="13812345678")
    Delivery.objects.create(message=message, channel="email", status="sent", address="cw@example.gov.cn")
    signed_in(client, admin_user)
    for url in (
        reverse("admin:notifications_delivery_changelist"),
        reverse("admin:notifications_delivery_change", args=[sms.pk]),
        reverse("admin:notifications_message_change", args=[message.pk]),
    ):
        page = client.get(url).content.decode()
        assert "13812345678" not in page, url
        assert "138****5678" in page, url
    assert "cw@example.gov.cn" in client.get(reverse("admin:notifications_delivery_changelist")).content.decode()


def test_the_logging_backend_masks_the_number(caplog):
    with caplog.at_level(logging.INFO):
        LoggingSMSBackend().send("13812345678", "您的补助拨付失败")
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
