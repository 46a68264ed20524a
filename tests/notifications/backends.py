"""Senders that always fail, to show that a failed e-mail or SMS never breaks the change that caused it."""

from django.core.mail.backends.base import BaseEmailBackend

from notifications.sms import SMSBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


class FailingSMSBackend(SMSBackend):
    def send(self, phone, text):
        raise TimeoutError("SMS gateway timed out")


class NotASender:
    pass
