"""``manage.py check`` refuses a misspelt SMS_BACKEND at start-up instead of at the first urgent message."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .sms import get_sms_backend


@checks.register()
def sms_backend_importable(app_configs, **kwargs) -> list[checks.CheckMessage]:
    try:
        get_sms_backend()
    except ImproperlyConfigured as exc:
        hint = "Set SMS_BACKEND to the dotted path of an SMSBackend subclass."
        return [checks.Error(str(exc), hint=hint, id="notifications.E001")]
    return []
