"""``{% sortable "amount" _("金额") %}``: a column header that sorts the list, keeping the query string."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sortable(context, key: str, label: str, default: str = ""):
    request = context["request"]
    current = request.GET.get("sort", default)
    query = request.GET.copy()
    query.pop("page", None)
    if current == key:
        query["sort"], state, arrow = f"-{key}", "ascending", "▲"
    elif current == f"-{key}":
        query["sort"], state, arrow = key, "descending", "▼"
    else:
        query["sort"], state, arrow = key, "", ""
    title = _("按此列排序")
    if state:
        return format_html(
            '<a href="?{}" class="sort" title="{}" data-sorted="{}">{} <span aria-hidden="true">{}</span></a>',
            query.urlencode(),
            title,
            state,
            label,
            arrow,
        )
    return format_html('<a href="?{}" class="sort" title="{}">{}</a>', query.urlencode(), title, label)


@register.simple_tag(takes_context=True)
def aria_sort(context, key: str, default: str = ""):
    """``aria-sort`` for the <th> of the column the list is sorted by (screen readers announce it)."""
    current = context["request"].GET.get("sort", default)
    if current == key:
        return mark_safe('aria-sort="ascending"')
    if current == f"-{key}":
        return mark_safe('aria-sort="descending"')
    return ""
