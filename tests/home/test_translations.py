"""The English catalogue: complete, faithful to each message's placeholders, and compiled.

The interface is written in Chinese (the msgids are Chinese); English comes from
locale/en/LC_MESSAGES/django.po. Deployments have no gettext tools, so the compiled .mo is committed
and must say exactly what the .po says. The .po is read with a small stdlib parser.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import RoleKind
from tests.makers import make_user, signed_in

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# %(name)s, %(n)d, %s, %d ... as Python's %-formatting reads them; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGoc]")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, path: Path, lineno: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{path}:{lineno}: expected a quoted string, got {text!r}")
    return ast.literal_eval(text)  # PO escapes (\" \\ \n \t) are a subset of Python's


def parse_po(path: Path) -> list[Entry]:
    """Every active entry of a .po file (obsolete #~ entries are skipped), the header included."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if target is not None and target[0] == "msgstr":
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()
        elif line.startswith("msgctxt "):
            if target is not None:
                finish()
            entry.line = entry.line or lineno
            entry.msgctxt, target = _unquote(line[8:], path, lineno), ("msgctxt", None)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _unquote(line[13:], path, lineno), ("msgid_plural", None)
        elif line.startswith("msgid "):
            if target is not None and target[0] == "msgstr":
                finish()
            entry.line = entry.line or lineno
            entry.msgid, target = _unquote(line[6:], path, lineno), ("msgid", None)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            entry.msgstr[index] = _unquote(line[line.index("]") + 1 :], path, lineno)
            target = ("msgstr", index)
        elif line.startswith("msgstr "):
            entry.msgstr[0], target = _unquote(line[7:], path, lineno), ("msgstr", 0)
        elif line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{lineno}: continuation line outside an entry")
            text = _unquote(line, path, lineno)
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += text
            elif kind == "msgid":
                entry.msgid += text
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            else:
                entry.msgctxt = (entry.msgctxt or "") + text
        else:
            raise ValueError(f"{path}:{lineno}: cannot parse {raw!r}")
    finish()
    return entries


def header_fields(header: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in header.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    return [entry for entry in po_entries if entry.msgid]


def describe(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_the_catalogue_is_english_with_english_plural_rules(po_entries):
    header = next(entry for entry in po_entries if entry.msgid == "" and entry.msgctxt is None)
    assert "fuzzy" not in header.flags
    fields = header_fields(header.msgstr[0])
    assert fields["Language"] == "en"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_the_catalogue_is_not_empty(messages):
    assert len(messages) > 100


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    problems = []
    for entry in messages:
        expected_forms = 2 if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"{describe(entry)} is fuzzy")
        if sorted(entry.msgstr) != list(range(expected_forms)):
            problems.append(f"{describe(entry)} has forms {sorted(entry.msgstr)}, expected {expected_forms}")
        if any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"{describe(entry)} is untranslated")
    assert not problems, "\n".join(problems)


# Chinese may stay only as a quoted literal taken from the msgid: a value people must type or find in a
# Chinese file or register (“是”, “成功”, a bank's registered name, a document-number prefix).
QUOTED = re.compile(r"“([^”]*)”")


def test_translations_are_not_left_in_chinese(messages):
    """English text; a Chinese msgstr is almost always a copy-paste of the msgid."""
    untranslated = []
    for entry in messages:
        for text in entry.msgstr.values():
            unquoted = QUOTED.sub(lambda m: "" if m.group(1) in entry.msgid else m.group(0), text)
            if CJK.search(unquoted):
                untranslated.append(describe(entry))
                break
    assert not untranslated, "\n".join(untranslated)


def test_placeholders_are_kept_exactly(messages):
    """Every placeholder of the msgid is in the msgstr and no other: a missing or invented one breaks at runtime."""
    problems = []
    for entry in messages:
        if entry.msgid_plural is None:
            wanted = Counter(PLACEHOLDER.findall(entry.msgid))
            found = Counter(PLACEHOLDER.findall(entry.msgstr.get(0, "")))
            if found != wanted:
                problems.append(f"{describe(entry)}: msgid has {dict(wanted)}, msgstr has {dict(found)}")
            continue
        singular, plural = set(PLACEHOLDER.findall(entry.msgid)), set(PLACEHOLDER.findall(entry.msgid_plural))
        for index, text in entry.msgstr.items():
            found = set(PLACEHOLDER.findall(text))
            # The singular may say "one" instead of the count; named values must all be kept.
            required = plural if index else {p for p in singular if p.startswith("%(")}
            missing, extra = required - found, found - (singular | plural)
            if missing or extra:
                problems.append(f"{describe(entry)} msgstr[{index}]: missing {missing or '-'}, extra {extra or '-'}")
    assert not problems, "\n".join(problems)


def stray_percents(text: str) -> int:
    return PLACEHOLDER.sub("", text.replace("%%", "")).count("%")


def test_python_format_entries_have_no_new_stray_percent(messages):
    """A lone % in a %-formatted message breaks the formatting: the msgstr may not add one the msgid lacks."""
    problems = []
    for entry in messages:
        if "python-format" not in entry.flags:
            continue
        allowed = max(stray_percents(entry.msgid), stray_percents(entry.msgid_plural or ""))
        for index, text in entry.msgstr.items():
            if stray_percents(text) > allowed:
                problems.append(f"{describe(entry)} msgstr[{index}] has a stray %")
    assert not problems, "\n".join(problems)


def test_html_is_kept_exactly(messages):
    problems = []
    for entry in messages:
        wanted = Counter(HTML_TAG.findall(entry.msgid))
        for index, text in entry.msgstr.items():
            if Counter(HTML_TAG.findall(text)) != wanted:
                problems.append(f"{describe(entry)} msgstr[{index}] changes the HTML")
    assert not problems, "\n".join(problems)


def test_no_msgid_is_duplicated(messages):
    duplicated = [key for key, n in Counter(entry.key for entry in messages).items() if n > 1]
    assert not duplicated


def test_the_compiled_catalogue_says_exactly_what_the_po_says(po_entries):
    """The .mo is committed (no gettext on the servers): recompile after every change to the .po."""
    assert MO_PATH.exists(), "run: manage.py compilemessages -l en"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog

    expected: dict = {}
    for entry in po_entries:
        if "fuzzy" in entry.flags and entry.msgid:
            continue  # msgfmt leaves fuzzy entries out
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
            if entry.key == "":  # msgfmt drops the POT creation date from the header
                expected[""] = "".join(
                    line
                    for line in entry.msgstr[0].splitlines(keepends=True)
                    if not line.startswith("POT-Creation-Date:")
                )
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text

    stale = sorted(str(key) for key in expected.keys() ^ compiled.keys())
    assert not stale, "django.mo is out of date with django.po; run: manage.py compilemessages -l en\n" + "\n".join(
        stale[:20]
    )
    different = sorted(str(key) for key in expected if expected[key] != compiled[key])
    assert not different, "django.mo is out of date with django.po; run: manage.py compilemessages -l en\n" + "\n".join(
        different[:20]
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools not installed")
def test_msgfmt_compiles_the_po_to_the_committed_mo(tmp_path):
    """A cross-check of the parser above, with the tool compilemessages uses (and its format checks)."""
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO_PATH)], check=True, capture_output=True)
    with fresh.open("rb") as a, MO_PATH.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "django.mo is out of date with django.po; run: manage.py compilemessages -l en"
        )


def test_django_translates_through_the_catalogue():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("登录") == "Sign in"
        assert translation.gettext("统一社会信用代码应为18位，您填写了%(n)d位") % {"n": 17} == (
            "A unified social credit code has 18 characters; you entered 17"
        )
    with translation.override("zh-hans"):
        assert translation.gettext("登录") == "登录"


def choose_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


@pytest.mark.django_db
def test_the_login_page_in_english(client):
    choose_english(client)
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page and "登录" not in page
    assert "Hebei Province IP Finance Subsidy Management System" in page
    assert "Register an enterprise account" in page


@pytest.mark.django_db
def test_the_login_page_in_english_has_no_chinese_but_the_language_name(client):
    """Whatever is added to the login page must come with its English translation."""
    choose_english(client)
    page = client.get(reverse("accounts:login")).content.decode()
    leftover = CJK.findall(page.replace("简体中文", ""))
    assert not leftover, "untranslated: " + "".join(leftover)


@pytest.mark.django_db
def test_a_signed_in_dashboard_in_english(client):
    signed_in(client, make_user("en_admin", (RoleKind.ADMIN, None)))
    choose_english(client)
    page = client.get(reverse("home:index")).content.decode()
    assert '<html lang="en">' in page
    for english in ("Dashboard", "Sign out", "Change password", "Provincial bureau administration", "Calls"):
        assert english in page
    for chinese in ("工作台", "退出", "修改密码", "省局管理"):
        assert chinese not in page


@pytest.mark.django_db
def test_chinese_stays_the_default(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page and "Sign in" not in page
