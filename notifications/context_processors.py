"""The unread count in every page's header."""

from django.http import HttpRequest

from .models import Message


def unread(request: HttpRequest) -> dict[str, int]:
    """``unread_messages``: one COUNT for a signed-in user (over the recipient/read_at index); none otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": Message.objects.to(user).unread().count()}
