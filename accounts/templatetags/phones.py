"""``{{ number|mask_phone }}`` always masks; ``{% phone_for number owner %}`` masks unless the signed-in user may
see the owner's phone numbers (accounts/masking.py says who)."""

from django import template

from accounts import masking

register = template.Library()


@register.filter
def mask_phone(phone):
    return masking.mask_phone(phone)


@register.simple_tag(takes_context=True)
def phone_for(context, phone, owner):
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user")
    return masking.phone_for(viewer, phone, owner)
