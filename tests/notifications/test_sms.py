"""Urgent events also go by text message, through the configured sender."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from notifications import notify
from notifications.events import Event
from notifications.models import Delivery
from notifications.sms import LoggingSMSBackend, get_sms_backend


def request_correction(user):
    return notify(user, Event.CORRECTION_REQUESTED, "申报需要补正", "请于 3 月 20 日前补交保单。", url="/a/1/")


@pytest.mark.django_db
def test_a_correction_request_is_texted(ent_user, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_correction(ent_user)
    [text] = sms_outbox
    assert text.phone == "13803110001"
    assert "申报需要补正" in text.text
    assert Delivery.objects.get(channel="sms").status == "sent"


@pytest.mark.django_db
def test_a_routine_event_is_not_texted(ent_user, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(ent_user, Event.REVIEW_PASSED, "市级初审通过", "")
    assert sms_outbox == []


@pytest.mark.django_db
def test_a_landline_is_not_texted(ent_user, sms_outbox, django_capture_on_commit_callbacks):
    ent_user.phone = "0311-86001234"
    ent_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_correction(ent_user)
    assert sms_outbox == []
    assert Delivery.objects.get(channel="sms").status == "skipped"


@pytest.mark.django_db
def test_a_failing_gateway_is_recorded_not_raised(ent_user, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "tests.notifications.backends.FailingSMSBackend"
    with django_capture_on_commit_callbacks(execute=True):
        request_correction(ent_user)
    assert len(mailoutbox) == 1  # the e-mail still went
    assert "SMS gateway timed out" in Delivery.objects.get(channel="sms", status="failed").detail


def test_the_default_sender_logs(settings):
    settings.SMS_BACKEND = "notifications.sms.LoggingSMSBackend"
    assert isinstance(get_sms_backend(), LoggingSMSBackend)


@pytest.mark.parametrize(
    "path", ["notifications.sms.NoSuchBackend", "nowhere.Backend", "tests.notifications.backends.NotASender"]
)
def test_a_wrong_sms_backend_is_a_configuration_error(settings, path):
    settings.SMS_BACKEND = path
    with pytest.raises(ImproperlyConfigured, match="SMS_BACKEND"):
        get_sms_backend()


def test_manage_py_check_names_a_wrong_sms_backend(settings):
    settings.SMS_BACKEND = "nowhere.Backend"
    with pytest.raises(SystemCheckError, match=r"SMS_BACKEND 'nowhere\.Backend'"):
        call_command("check")
