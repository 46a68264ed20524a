"""Helpers shared by the hostile-input tests: the corpus, manifests, and what "nothing was written" means."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"


def manifest(category: str) -> list[dict]:
    return yaml.safe_load((CORPUS / category / "cases.yaml").read_text(encoding="utf-8"))


def case_id(case: dict, *extra: str) -> str:
    return "-".join([*extra, str(case.get("id") or case.get("file"))])


def page_text(response) -> str:
    """The page as a reader sees it (entities decoded): where a message fragment is looked for."""
    return html.unescape(response.content.decode())


def assert_escaped(response, raw: str) -> None:
    """``raw`` (markup a user typed) comes back as text: escaped in the HTML, never as a live tag."""
    body = response.content.decode()
    assert raw not in body, f"unescaped {raw!r} in the page"
    assert html.escape(raw, quote=False) in body or html.escape(raw) in body, f"{raw!r} not shown escaped"


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()} if Path(root).exists() else set()


def counts(*models) -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in models}
