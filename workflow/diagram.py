"""The lifecycle diagram in the README, generated from the transition table on ``Application``.

``manage.py workflow_diagram --write`` rewrites the README section between the markers; a test fails
when the README and the table differ, so the picture can never drift from the code.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .models import Application, Status

START, END = "<!-- lifecycle:start -->", "<!-- lifecycle:end -->"


def transitions() -> list[tuple[str, str, str, str]]:
    """(source, target, transition name, who may take it) for every edge, in a stable order."""
    field = Application._meta.get_field("status")
    rows = set()
    for transition in field.get_all_transitions(Application):
        who = getattr(transition.permission, "__name__", "")
        rows.add((transition.source, transition.target, transition.name, who))
    order = list(Status.values)
    return sorted(rows, key=lambda r: (order.index(r[0]), order.index(r[1]), r[2]))


def mermaid() -> str:
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> draft"]
    for source, target, name, _who in transitions():
        lines.append(f"    {source} --> {target}: {name}")
    lines.append("```")
    return "\n".join(lines)


def table() -> str:
    labels = dict(Status.choices)
    lines = ["| from | to | transition | who may take it (workflow/rights.py) |", "| --- | --- | --- | --- |"]
    for source, target, name, who in transitions():
        lines.append(f"| {source} ({labels[source]}) | {target} ({labels[target]}) | `{name}` | `{who}` |")
    return "\n".join(lines)


def section() -> str:
    return f"{START}\n{mermaid()}\n\n{table()}\n{END}"


def readme_path() -> Path:
    return Path(settings.BASE_DIR) / "README.md"


def current_section(text: str) -> str | None:
    if START not in text or END not in text:
        return None
    return text[text.index(START) : text.index(END) + len(END)]


def write_readme() -> bool:
    """Replace the README's section with the generated one; True when something changed."""
    path = readme_path()
    text = path.read_text(encoding="utf-8")
    old = current_section(text)
    if old is None:
        raise ValueError(f"README.md has no {START} … {END} section")
    new_text = text.replace(old, section())
    path.write_text(new_text, encoding="utf-8")
    return new_text != text
