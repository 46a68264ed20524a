"""Rows for the survey template: one good row by field name, and workbooks built from the downloaded template."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from survey import formb
from survey.models import SurveyImport


def good_row(uscc: str, name: str, **overrides) -> dict:
    row = {
        "filled_month": "2022-03",
        "controller_years": 15,
        "controller_education": "本科",
        "name": name,
        "ownership": "民营企业",
        "years_established": 8,
        "registered_capital": 1000,
        "address": "石家庄市裕华区槐安东路1号",
        "premises_ownership": "自有",
        "listed_high_tech": "是",
        "management_changed": "否",
        "uscc": uscc,
        "size": "小型",
        "contact_name": "张三",
        "contact_title": "财务总监",
        "contact_phone": "13912345678",
        "industry": "信息智能",
        "assets": 5000.5,
        "liabilities": 1200,
        "revenue_last_year": 3000,
        "revenue_this_year": 800,
        "sales_two_years": "2020年2500万元，2021年3000万元",
        "large_assets": "厂房一处",
        "audited": "是",
        "lawsuits_as_defendant": 0,
        "administrative_penalties": 0,
        "main_products": "工业软件",
        "military_civil": "否",
        "cultural": "否",
        "patent_applications": 12,
        "patents_granted": 8,
        "patents_valid": 7,
        "trademarks": 3,
        "software_copyrights": 5,
        "ic_layouts": 0,
        "amount_sought": 500,
        "loan_term": "6个月—1年",
        "banks": "中国银行、河北银行",
        "max_cost": "5%-6%",
        "purposes": "扩大经营规模、补充周转资金",
        "purpose_other": "",
        "repayment_plan": "按季付息，到期还本",
        "other_notes": "",
        "policy_suggestions": "建议扩大贴息范围",
        "whitelist_consent": "是",
        "phone_consent": "否",
    }
    row.update(overrides)
    return row


def column_of(field: str) -> int:
    """1-based column of a field in the template."""
    return [c.field for c in formb.COLUMNS].index(field) + 1


def fill(template: bytes, rows: list[dict]) -> bytes:
    """The template with the rows written under its header, as a user would fill it."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for field, value in row.items():
            sheet.cell(row=number, column=column_of(field), value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(rows: list[dict]) -> bytes:
    from survey.xlsx import template

    return fill(template(2022), rows)


def upload_and_run(client, content: bytes, name: str = "采集表.xlsx", **extra) -> SurveyImport:
    """Upload through the page, then run the check and import, as the page's button does."""
    response = client.post(
        reverse("survey:import") + "?year=2022", {"file": SimpleUploadedFile(name, content), **extra}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = SurveyImport.objects.latest("pk")
    client.post(reverse("survey:import_run", args=[batch.pk]))
    batch.refresh_from_db()
    return batch
