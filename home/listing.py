"""Sorting for long lists: the column headers link to ``?sort=key`` (again: ``?sort=-key``), the view orders by
what the key names, and anything else in the query string (search, filters) is kept. Unknown keys fall
back to the default, so a hand-edited address never gives a 500."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def chosen_sort(request, allowed: Mapping[str, Sequence[str]], default: str) -> tuple[str, list[str]]:
    """The sort key asked for (``name`` or ``-name``), and the ``order_by`` fields that carry it out.

    ``allowed`` maps each key to its ascending fields; descending reverses each field's direction."""
    key = request.GET.get("sort", default)
    name = key.removeprefix("-")
    if name not in allowed:
        key, name = default, default.removeprefix("-")
    fields = list(allowed[name])
    if key.startswith("-"):
        fields = [f.removeprefix("-") if f.startswith("-") else f"-{f}" for f in fields]
    return key, fields
