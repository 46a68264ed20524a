"""Choosing the edition for a call, and reading editions by id.

An edition is chosen by programme and cycle year among the *released* editions of the shipped rules. None or
more than one match is refused. Drafts are never chosen: they can be loaded by id and tried
(`engine.evaluate(..., trial=True)`), but they decide nothing. Retired editions can still be loaded by id, so an
application decided with one can be re-run with its pinned edition.
"""

from __future__ import annotations

import functools
from pathlib import Path

from scoring.loader import RULES_DIR, RuleBook, load_edition_snapshot, load_rulebook
from scoring.ruleset import Edition


class EditionSelectionError(LookupError):
    """No edition, or more than one, for a programme and cycle year."""


class PinMismatchError(LookupError):
    """The edition a result was pinned to is not the one on disk, and no matching snapshot was given."""


@functools.lru_cache(maxsize=4)
def rulebook(root: str = str(RULES_DIR)) -> RuleBook:
    """The rules under `root`, loaded once per process (raises loader.RulesError when a file is broken)."""
    return load_rulebook(Path(root))


def get_edition(edition_id: str, book: RuleBook | None = None) -> Edition:
    """The edition with this id, whatever its status (KeyError when unknown)."""
    return (book or rulebook()).edition(edition_id)


def released_edition_ids(programme: str | None = None, book: RuleBook | None = None) -> list[str]:
    """Ids of released editions (optionally of one programme): what a Call may name as `rules_edition`."""
    return sorted(
        e.id
        for e in (book or rulebook()).editions.values()
        if e.status == "released" and (programme is None or e.programme == programme)
    )


def edition_choices(programme: str | None = None, book: RuleBook | None = None) -> list[tuple[str, str]]:
    """(id, label) pairs of released editions, for a form's choices."""
    book = book or rulebook()
    return [
        (i, f"{i} · {book.editions[i].spec.edition.title} (v{book.editions[i].version})")
        for i in released_edition_ids(programme, book)
    ]


def select_edition(programme: str, cycle_year: int, book: RuleBook | None = None) -> Edition:
    """The one released edition of `programme` that governs `cycle_year`."""
    book = book or rulebook()
    matches = [
        e
        for e in book.editions.values()
        if e.programme == programme and e.status == "released" and cycle_year in e.cycle_years
    ]
    if not matches:
        known = sorted((e.id, e.cycle_years) for e in book.editions.values() if e.programme == programme)
        raise EditionSelectionError(
            f"no released {programme} edition governs cycle year {cycle_year}; editions: {known or 'none'}"
        )
    if len(matches) > 1:
        raise EditionSelectionError(
            f"{len(matches)} released {programme} editions govern cycle year {cycle_year}: "
            f"{', '.join(sorted(e.id for e in matches))}"
        )
    return matches[0]


def pinned_edition(edition_id: str, sha256: str, snapshot: str | None = None, book: RuleBook | None = None) -> Edition:
    """The exact edition a stored result was computed with, to re-run it and get the same answer to the fen.

    The file on disk is used when its hash still matches; otherwise the stored `snapshot` text (the edition's
    `text` saved with the result) when its hash matches; otherwise PinMismatchError, because a released file
    must never change once it decided an application.
    """
    book = book or rulebook()
    current = book.editions.get(edition_id)
    if current is not None and current.sha256 == sha256:
        return current
    if snapshot is not None:
        edition = load_edition_snapshot(snapshot, book.references, display=f"<snapshot of {edition_id}>")
        if edition.sha256 == sha256 and edition.id == edition_id:
            return edition
    found = "missing" if current is None else f"sha256 {current.sha256[:12]}…"
    raise PinMismatchError(
        f"{edition_id} was pinned at sha256 {sha256[:12]}…, but the rules file is {found} "
        "and no matching snapshot was given"
    )
