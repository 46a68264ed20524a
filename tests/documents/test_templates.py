"""The committed Word templates are what build_templates writes, with the GB/T 9704 page and fonts."""

import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from documents import build_templates
from documents.kinds import KINDS


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_kind_has_a_template_builder():
    assert set(build_templates.BUILDERS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_template_is_what_the_script_writes(kind):
    committed = KINDS[kind].template_path.read_bytes()
    assert members(committed) == members(build_templates.build(kind)), (
        f"documents/docx/{kind}.docx is stale: run python -m documents.build_templates and commit the result"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_declared_key_is_read_by_the_template_in_a_single_run(kind):
    word = docx.Document(KINDS[kind].template_path)
    runs = [r.text for r in word.element.body.iter(qn("w:t"))]
    for text in runs:
        assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text
    joined = "\n".join(runs)
    for key in KINDS[kind].keys:
        assert "{{ " + key.name in joined or f"in {key.name}" in joined, f"{kind} never prints {key.name}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_is_a4_with_the_official_margins_and_fonts(kind):
    word = docx.Document(KINDS[kind].template_path)
    section = word.sections[0]
    page = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    page += [section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in page] == [210, 297, 37, 35, 28, 26]  # Word stores twips
    normal = word.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert 28 <= normal.paragraph_format.line_spacing.pt <= 29
    title = next(p for p in word.paragraphs if "{{ title }}" in p.text)
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_numbered_kinds_print_the_number_under_the_issuer_line():
    for kind in (k for k in KINDS.values() if k.numbered):
        texts = [p.text for p in docx.Document(kind.template_path).paragraphs]
        assert texts[:2] == ["{{ issuer_name }}", "{{ number }}"], kind.code


def test_the_fonts_have_fallbacks_in_the_font_table():
    data = members(KINDS["acceptance_receipt"].template_path.read_bytes())["word/fontTable.xml"].decode()
    assert 'w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in data
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in data
