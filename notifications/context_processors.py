def unread(request):
    """Placeholder until the message box exists: no unread messages."""
    return {"unread_messages": 0}
