"""The message box pages: a user's own messages only (anyone else's id is a 404), and e-mail choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .events import events_for
from .forms import PreferencesForm
from .models import Message

PAGE_SIZE = 50


@login_required
def inbox(request):
    show = "unread" if request.GET.get("show") == "unread" else "all"
    box = Message.objects.to(request.user).newest_first()
    if show == "unread":
        box = box.unread()
    page = Paginator(box.only("id", "event", "subject", "created_at", "read_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page, "show": show})


@login_required
def message_detail(request, pk: int):
    # Opening a message is reading it: marked read first, so the header count below already excludes it.
    Message.objects.to(request.user).filter(pk=pk).mark_read()
    message = get_object_or_404(Message.objects.to(request.user), pk=pk)
    return render(
        request,
        "notifications/message.html",
        {"message": message, "deliveries": message.deliveries.order_by("at", "pk")},
    )


@require_POST
@login_required
def mark_all_read(request):
    count = Message.objects.to(request.user).mark_read()
    if count:
        messages.success(request, _("已将 %(count)d 条消息标记为已读。") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(request.user, events_for(request.user.role_kinds), data)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
