"""Small bar charts drawn as inline SVG on the server: no script, no CDN, readable when printed.

Each chart has a title for screen readers; the same figures are in the table beside it. Every label
and value goes through ``format_html``, so a name with markup in it is shown, never run.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR = 22
GAP = 8
LABEL = 150
WIDTH = 560


def bars(title: str, rows: list[tuple[str, float | int | Decimal]], unit: str = "") -> SafeString:
    if not rows:
        return SafeString("")
    top = max(float(v) for _label, v in rows) or 1.0
    span = WIDTH - LABEL - 90
    items = []
    for n, (label, value) in enumerate(rows):
        y = GAP + n * (BAR + GAP)
        width = max(1.0, span * float(value) / top) if float(value) else 0.0
        items.append((LABEL - 6, f"{y + BAR * 0.7:.1f}", label, LABEL, y, f"{width:.1f}", BAR))
        items[-1] += (f"{LABEL + width + 6:.1f}", f"{y + BAR * 0.7:.1f}", f"{_fmt(value)}{unit}")
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#a61b1b" rx="2"></rect>'
        '<text x="{}" y="{}" font-size="13">{}</text>',
        items,
    )
    height = len(rows) * (BAR + GAP) + GAP
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        WIDTH,
        height,
        title,
        body,
    )


def _fmt(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"
