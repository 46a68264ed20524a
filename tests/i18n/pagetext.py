"""What a person reads on a page, and the catalogue phrases that must not be among it.

The visible text of a page is its text nodes outside <script>/<style>/<template>, plus the attributes a
browser shows or reads aloud (title, placeholder, aria-label, alt) and the label of an <input> button.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.home.test_translations import PLACEHOLDER, parse_po

SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_INPUTS = ("submit", "button", "reset")
# {task}, {0}: str.format placeholders (viewflow and django-otp use them).
BRACES = re.compile(r"\{[A-Za-z0-9_]*\}")
LETTERS = re.compile(r"[A-Za-z]{2,}")


class _VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.links: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        for name in SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.pieces.append(attributes[name])
        if tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUTS and attributes.get("value"):
            self.pieces.append(attributes["value"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.pieces.append(data)


def visible_text(html: str) -> tuple[list[str], list[str]]:
    """(the pieces of text shown, each with its white space collapsed; the href of every link)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [" ".join(piece.split()) for piece in parser.pieces], parser.links


def _fragment_pattern(text: str) -> str | None:
    """A regex for the phrase with its placeholders as wildcards; None when nothing English is left."""
    text = " ".join(text.split())
    parts = re.split(f"{PLACEHOLDER.pattern}|{BRACES.pattern}", text)
    if not any(LETTERS.search(part) for part in parts):
        return None
    return r"[^\n]+?".join(re.escape(part) for part in parts)


class PhraseFinder:
    """Finds the phrases in a page's text: a phrase of several words wherever it stands as a whole phrase
    (not inside a longer word); a single word only as a whole piece of text (a button, a heading, a cell),
    since a lone "year" or "date" inside a command line or a file name is not an untranslated label."""

    def __init__(self, phrases: dict[str, str]):
        # phrases: {phrase as shown: where it comes from}
        self.words = {}
        self.patterns = {}
        for phrase, origin in phrases.items():
            shown = " ".join(phrase.split())
            if " " not in shown and not PLACEHOLDER.search(shown) and not BRACES.search(shown):
                if LETTERS.search(shown):
                    self.words[shown] = origin
                continue
            pattern = _fragment_pattern(shown)
            if pattern:
                self.patterns[pattern] = origin
        # Longest first, so a long phrase is reported rather than a shorter one inside it.
        ordered = sorted(self.patterns, key=len, reverse=True)
        self.regex = re.compile(r"(?<![A-Za-z])(?:" + "|".join(ordered) + r")(?![A-Za-z])")

    def origin_of(self, found: str) -> str:
        if found in self.words:
            return self.words[found]
        return next((origin for pattern, origin in self.patterns.items() if re.fullmatch(pattern, found)), "?")

    def find(self, pieces: list[str]) -> list[str]:
        """Each offending text, with the catalogue entry it comes from."""
        found = [piece for piece in pieces if piece.rstrip(":：") in self.words]
        found += [match.group(0) for piece in pieces for match in self.regex.finditer(piece)]
        return [f"{text!r} ← {self.origin_of(text.rstrip(':：'))}" for text in found]


def third_party_english(po_path: Path) -> dict[str, str]:
    """Every English msgid the third-party catalogue translates into something else: {msgid: 'context'}."""
    phrases = {}
    for entry in parse_po(po_path):
        if not entry.msgid or entry.msgctxt == "":
            continue
        source = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        for text in source:
            if all(text.strip() != translated.strip() for translated in entry.msgstr.values()):
                phrases[text] = f"untranslated third-party msgid {entry.msgid!r}"
    return phrases


QUOTED = re.compile(r"“[^”]*”")


def project_english(po_path: Path) -> dict[str, str]:
    """Every English msgstr of the project's catalogue that is not simply copied from its Chinese msgid
    (a product name such as “PDF” or an unchanged code is the same in both languages): {msgstr: msgid}."""
    phrases = {}
    for entry in parse_po(po_path):
        if not entry.msgid:
            continue
        for text in entry.msgstr.values():
            english = QUOTED.sub("", text)
            if text and english.strip() not in entry.msgid and LETTERS.search(english):
                phrases[text] = f"English msgstr of project msgid {entry.msgid!r}"
    return phrases


def project_chinese(po_path: Path) -> dict[str, str]:
    """Every Chinese msgid of the project's catalogue: on an English page none may be left untranslated."""
    return {entry.msgid: "project msgid" for entry in parse_po(po_path) if entry.msgid}
