"""The hand-kept Chinese catalogue for third-party packages (locale_thirdparty/zh_Hans).

viewflow ships an empty zh_Hans catalogue; django-filter ships only zh_CN (which Django never loads for
zh-hans); django-otp and django-axes ship no Chinese; Django's own zh_Hans lags behind a few 5.2 msgids.
The project's msgids are Chinese and need no zh_Hans catalogue, so this one is kept by hand (not by
makemessages) in the second LOCALE_PATHS directory, where `makemessages -a` never writes.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.home.test_translations import CJK, PLACEHOLDER, header_fields, parse_po

LC_MESSAGES = Path(settings.BASE_DIR) / "locale_thirdparty" / "zh_Hans" / "LC_MESSAGES"
PO_PATH, MO_PATH = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
BRACES = re.compile(r"\{[A-Za-z0-9_]*\}")
SAME_IN_CHINESE = {"PNG", "BPMN", "#", ""}  # file formats, a column sign, placeholders alone
# The packages whose msgids must all be here (their own zh_Hans is empty or missing).
COVERED_PACKAGES = ["viewflow", "django_filters", "django_otp", "axes"]


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in parse_po(PO_PATH) if entry.msgid]


def test_the_catalogue_is_simplified_chinese_with_one_plural_form():
    header = next(entry for entry in parse_po(PO_PATH) if entry.msgid == "")
    fields = header_fields(header.msgstr[0])
    assert fields["Language"] == "zh_Hans"
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"


def test_every_entry_is_translated_into_chinese(entries):
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags or sorted(entry.msgstr) != [0] or not entry.msgstr[0].strip():
            problems.append(f"{entry.msgid!r}: untranslated, fuzzy or with more than one plural form")
        elif not CJK.search(entry.msgstr[0]) and PLACEHOLDER.sub("", entry.msgid).strip(" ") not in SAME_IN_CHINESE:
            problems.append(f"{entry.msgid!r}: {entry.msgstr[0]!r} is not Chinese")
    assert not problems, "\n".join(problems)


def test_placeholders_are_kept(entries):
    problems = []
    for entry in entries:
        source = entry.msgid_plural or entry.msgid
        for pattern in (PLACEHOLDER, BRACES):
            if sorted(pattern.findall(source)) != sorted(pattern.findall(entry.msgstr.get(0, ""))):
                problems.append(f"{entry.msgid!r}: {entry.msgstr.get(0)!r}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_says_what_the_po_says():
    """The .mo is committed (servers have no gettext tools): recompile after every change to the .po."""
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in parse_po(PO_PATH):
        if not entry.msgid:
            continue
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            expected[(entry.key, 0)] = entry.msgstr[0]
    compiled.pop("", None)
    assert compiled == expected, f"run: msgfmt --check -o {MO_PATH} {PO_PATH}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools not installed")
def test_msgfmt_accepts_the_catalogue(tmp_path):
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO_PATH)], check=True)


def _package_msgids(package: str, workdir: Path) -> set[str]:
    """Every msgid in the installed package's source, extracted as makemessages extracts the project's."""
    module = __import__(package)
    copy = workdir / package
    shutil.copytree(Path(module.__file__).parent, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    environment = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "xx"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    return {entry.key for entry in parse_po(copy / "locale" / "xx" / "LC_MESSAGES" / "django.po") if entry.msgid}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
@pytest.mark.parametrize("package", COVERED_PACKAGES)
def test_every_message_of_the_package_is_translated(package, entries, tmp_path):
    """After upgrading a package, this names the new messages to add to locale_thirdparty."""
    ours = {entry.key for entry in entries}
    theirs = _package_msgids(package, tmp_path)
    assert len(theirs) >= 10, f"extracted only {theirs} from {package}"
    missing = sorted(theirs - ours)
    assert not missing, f"add to {PO_PATH}:\n" + "\n".join(map(repr, missing))


# (The msgids are in a table, not written inside gettext() calls, so that makemessages does not take these
# English words into the project's own catalogue.)
LOOKED_UP = [
    ("Inbox", "待办"),
    ("Multiple values may be separated by commas.", "多个值可以用逗号分隔。"),
    ("Yes", "是"),  # the same word as Django's own catalogue
]


def test_django_loads_the_catalogue_for_zh_hans_only():
    from viewflow.workflow.status import STATUS

    with translation.override("zh-hans"):
        assert str(STATUS.DONE.label) == "已完成"
        for english, chinese in LOOKED_UP:
            assert translation.gettext(english) == chinese
    with translation.override("en"):
        for english, _chinese in LOOKED_UP:
            assert translation.gettext(english) == english


def test_makemessages_never_writes_here():
    """makemessages writes into the first LOCALE_PATHS directory (and -a lists the languages found there)."""
    assert [Path(p) for p in settings.LOCALE_PATHS] == [
        Path(settings.BASE_DIR) / "locale",
        Path(settings.BASE_DIR) / "locale_thirdparty",
    ]
    assert not (Path(settings.BASE_DIR) / "locale" / "zh_Hans").exists()


def test_words_shared_with_django_read_as_django_says_them(entries):
    """This catalogue comes first: where Django's own zh_Hans has the msgid, the admin must not change."""
    django_dir = Path(translation.__file__).parents[1]
    django_zh = {}
    for mo in sorted(django_dir.glob("**/locale/zh_Hans/LC_MESSAGES/django.mo")):
        with mo.open("rb") as handle:
            for key, text in gettext.GNUTranslations(handle)._catalog.items():
                django_zh.setdefault(key, text)
    different = [
        f"{entry.msgid!r}: ours {entry.msgstr[0]!r}, Django's {django_zh[entry.key]!r}"
        for entry in entries
        if entry.msgid_plural is None and entry.key in django_zh and django_zh[entry.key] != entry.msgstr[0]
    ]
    assert not different, "\n".join(different)
