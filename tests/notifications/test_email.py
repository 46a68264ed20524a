"""E-mail leaves after commit, only to people with an address who did not turn that event off."""

import pytest
from django.db import transaction

from notifications import notify
from notifications.events import Event
from notifications.models import Delivery, Preference


def tell(user, event=Event.REGISTRATION_CONFIRMED, url="/enterprises/1/"):
    return notify(user, event, "企业注册已确认", "贵企业的注册已由石家庄市市场监督管理局确认。", url=url)


@pytest.mark.django_db
def test_the_e_mail_leaves_when_the_transaction_commits(ent_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            tell(ent_user)
            assert mailoutbox == []
    assert len(callbacks) == 1
    [mail] = mailoutbox
    assert mail.to == ["zhang@jia-tech.example.cn"]
    assert mail.subject == "企业注册已确认"
    assert "贵企业的注册已由" in mail.body and "/enterprises/1/" in mail.body
    assert Delivery.objects.get().status == "sent"


@pytest.mark.django_db
def test_no_e_mail_when_the_user_turned_the_event_off(ent_user, mailoutbox, django_capture_on_commit_callbacks):
    Preference.objects.create(user=ent_user, event=Event.REGISTRATION_CONFIRMED, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        tell(ent_user)
    assert mailoutbox == []
    assert Delivery.objects.get().status == "skipped"


@pytest.mark.django_db
def test_no_e_mail_without_an_address(sjz_reviewer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(sjz_reviewer)
    assert mailoutbox == []
    assert Delivery.objects.get().detail == "没有电子邮箱"


@pytest.mark.django_db
def test_an_event_off_by_default_is_mailed_once_chosen(ent_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(ent_user, Event.APPLICATION_SUBMITTED)
    assert mailoutbox == []
    Preference.objects.create(user=ent_user, event=Event.APPLICATION_SUBMITTED, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        tell(ent_user, Event.APPLICATION_SUBMITTED)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_break_the_caller(
    ent_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            [message] = tell(ent_user)
    message.refresh_from_db()  # the message itself stays in the box
    delivery = Delivery.objects.get(message=message)
    assert (delivery.channel, delivery.status, delivery.address) == ("email", "failed", "zhang@jia-tech.example.cn")
    assert "SMTP server refused" in delivery.detail
