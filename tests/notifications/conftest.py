"""The enterprise user reachable by e-mail and mobile phone, and SMS kept in memory."""

import pytest

from notifications import sms


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSMSBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def ent_user(sjz_enterprise):
    """石家庄甲科技's user, with an e-mail address and a mobile number on file."""
    user = sjz_enterprise.user
    user.email = "zhang@jia-tech.example.cn"
    user.phone = "138-0311-0001"
    user.save(update_fields=["email", "phone"])
    return user
