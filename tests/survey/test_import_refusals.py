"""A unit's import refuses, clearly and without writing anything, files that are not a clean template."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from survey import xlsx
from survey.models import ImportStatus, SurveyResponse
from tests.makers import make_uscc, signed_in
from tests.survey.sheets import column_of, good_row, upload_and_run, workbook


def _refused(batch) -> str:
    assert batch.status == ImportStatus.REFUSED
    assert SurveyResponse.objects.count() == 0
    return " ".join(batch.problems)


@pytest.mark.django_db
def test_a_file_that_is_not_an_xlsx_is_refused_by_its_content(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert "不是Excel工作簿" in _refused(upload_and_run(client, b"name,uscc\n", name="list.xlsx"))


@pytest.mark.django_db
def test_a_sheet_with_other_headers_is_refused(client, sjz_reviewer):
    book = load_workbook(io.BytesIO(workbook([good_row(make_uscc(), "甲公司")])))
    book.worksheets[0].cell(row=1, column=column_of("amount_sought"), value="拟融资额（元）")
    content = io.BytesIO()
    book.save(content)
    signed_in(client, sjz_reviewer)
    assert "表头与模板不符" in _refused(upload_and_run(client, content.getvalue()))


@pytest.mark.django_db
def test_a_formula_is_marked_on_its_cell(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    batch = upload_and_run(client, workbook([good_row(make_uscc(), "甲公司", amount_sought="=100*5")]))
    assert "含公式" in _refused(batch)
    sheet = load_workbook(batch.marked_file.path).worksheets[0]
    assert "粘贴为数值" in sheet.cell(row=2, column=column_of("amount_sought")).comment.text


@pytest.mark.django_db
def test_merged_cells_are_refused(client, sjz_reviewer):
    book = load_workbook(io.BytesIO(workbook([good_row(make_uscc(), "甲公司"), good_row(make_uscc(), "乙公司")])))
    book.worksheets[0].merge_cells("B2:B3")
    content = io.BytesIO()
    book.save(content)
    signed_in(client, sjz_reviewer)
    assert "合并单元格" in _refused(upload_and_run(client, content.getvalue()))


@pytest.mark.django_db
def test_more_rows_than_the_limit_are_refused(client, sjz_reviewer, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    signed_in(client, sjz_reviewer)
    rows = [good_row(make_uscc(), f"公司{n}") for n in range(3)]
    assert "数据超过2行" in _refused(upload_and_run(client, workbook(rows)))


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_inflated(client, sjz_reviewer):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    signed_in(client, sjz_reviewer)
    assert "解压后" in _refused(upload_and_run(client, content.getvalue()))


@pytest.mark.django_db
def test_an_enterprise_of_another_unit_is_refused_on_its_uscc_cell(client, sjz_reviewer, bd_enterprise):
    signed_in(client, sjz_reviewer)
    batch = upload_and_run(client, workbook([good_row(bd_enterprise.uscc, bd_enterprise.name)]))
    assert "登记在保定" in _refused(batch)
    sheet = load_workbook(batch.marked_file.path).worksheets[0]
    assert "不属于石家庄" in sheet.cell(row=2, column=column_of("uscc")).comment.text


@pytest.mark.django_db
def test_the_same_enterprise_twice_in_a_file_is_refused(client, sjz_reviewer):
    code = make_uscc()
    signed_in(client, sjz_reviewer)
    batch = upload_and_run(client, workbook([good_row(code, "甲公司"), good_row(code, "甲公司")]))
    assert "与第2行是同一企业" in _refused(batch)


@pytest.mark.django_db
def test_other_with_no_note_and_phone_consent_without_list_consent_are_refused(client, sjz_reviewer):
    row = good_row(make_uscc(), "甲公司", purposes="其他", whitelist_consent="否", phone_consent="是")
    signed_in(client, sjz_reviewer)
    problems = _refused(upload_and_run(client, workbook([row])))
    assert "请在此注明" in problems and "未同意列入白名单" in problems


@pytest.mark.django_db
def test_the_import_page_offers_the_marked_workbook_and_lists_the_problems(client, sjz_reviewer):
    from django.urls import reverse

    signed_in(client, sjz_reviewer)
    batch = upload_and_run(client, workbook([good_row("91130104MA00000000", "甲公司", size="巨型")]))
    page = client.get(reverse("survey:import_detail", args=[batch.pk])).content.decode()
    assert "下载标注了错误的工作簿" in page and "第2行" in page and "“巨型”不是可选项" in page
