"""In-site messages, e-mail and SMS for the events people wait for; ``notify()`` is the one way in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

    from .events import Event
    from .models import Message


def notify(recipients: Iterable | Model, event: Event | str, subject: str, body: str, url: str = "") -> list[Message]:
    """See ``notifications.sending.notify``; imported late because this package loads before the models."""
    from .sending import notify as send

    return send(recipients, event, subject, body, url)
