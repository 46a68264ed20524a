"""notify() writes the in-site messages inside the caller's transaction, once per person."""

import pytest
from django.db import transaction

from notifications import notify
from notifications.events import Event
from notifications.models import Message


@pytest.fixture(autouse=True)
def empty_boxes(ent_user, sjz_reviewer):
    """Making the personas (registration, confirmation) already told them things: start from empty boxes."""
    Message.objects.all().delete()


@pytest.mark.django_db
def test_a_message_lands_in_the_recipients_box(ent_user):
    [message] = notify(
        ent_user, Event.REGISTRATION_CONFIRMED, "企业注册已确认", "可以提交申报了。", url="/enterprises/1/"
    )
    assert (message.recipient, message.event, message.read_at) == (ent_user, "registration_confirmed", None)
    assert Message.objects.to(ent_user).unread().count() == 1


@pytest.mark.django_db
def test_the_message_rolls_back_with_the_callers_transaction(ent_user, mailoutbox, django_capture_on_commit_callbacks):
    class TransitionFailed(Exception):
        """The caller's own failure, after it called notify()."""

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionFailed):
        with transaction.atomic():
            notify(ent_user, Event.CORRECTION_REQUESTED, "申报需要补正", "缺少保单。")
            raise TransitionFailed
    assert not Message.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_each_person_is_told_once(ent_user, sjz_reviewer):
    messages = notify([ent_user, sjz_reviewer, ent_user, None], Event.APPLICATION_SUBMITTED, "申报已受理", "")
    assert [m.recipient for m in messages] == [ent_user, sjz_reviewer]


@pytest.mark.django_db
def test_nobody_to_tell_writes_nothing():
    assert notify([], Event.APPROVED, "补助已批准", "") == []


@pytest.mark.django_db
def test_a_link_to_another_site_is_refused(ent_user):
    for url in ("https://evil.example.com/", "//evil.example.com/", "enterprises/1/"):
        with pytest.raises(ValueError, match="inside the site"):
            notify(ent_user, Event.APPROVED, "补助已批准", "", url=url)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_an_unknown_event_is_refused(ent_user):
    with pytest.raises(ValueError):
        notify(ent_user, "party_invitation", "联欢会", "")


@pytest.mark.django_db
def test_a_subject_is_one_line_that_fits(ent_user):
    [message] = notify(ent_user, Event.APPROVED, "补助\r\n已批准" + "长" * 300, "")
    assert "\n" not in message.subject and len(message.subject) == 200
