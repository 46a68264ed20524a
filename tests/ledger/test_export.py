"""Each ledger exports in Form A's layout; the files are read back and match the ledger's rows."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from ledger import filing
from ledger.models import Activity
from tests.ledger.conftest import add_activity, add_policy, png_upload
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(clock, sjz_ledger, sjz_reviewer):
    first = add_activity(sjz_ledger, sjz_reviewer, held_on=date(2022, 11, 8))
    filing.attach(first, png_upload("对接会现场.png"), sjz_reviewer)
    add_activity(
        sjz_ledger,
        sjz_reviewer,
        category=Activity.Category.TRAINING,
        held_on=date(2022, 12, 2),
        content="知识产权金融政策宣讲会",
        departments="市市场监管局、鹿泉区",
        outcome="培训企业80家",
    )
    add_policy(sjz_ledger, sjz_reviewer)
    clock.set(2023, 1, 9, 15, 30)
    return filing.submit(sjz_ledger, sjz_reviewer)


def test_the_xlsx_export_reads_back_as_form_a_with_the_ledgers_rows(client, filled, sjz_reviewer):
    response = signed_in(client, sjz_reviewer).get(reverse("ledger:export_xlsx", args=[filled.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert rows[0] == ["河北省知识产权金融工作事项台账"]
    assert rows[1] == ["填报单位：石家庄市市场监督管理局（盖章）", "2022年第4季度", "填报时间：2023年1月9日"]
    assert rows[2] == ["活动类", "活动内容", "参与部门", "取得成效"]
    assert rows[3][0].startswith("石家庄市知识产权质押融资政银企对接会\n（政银企对接，2022年11月8日）")
    assert rows[3][1:] == [
        "市市场监管局、石家庄银保监分局、工商银行",
        "12家企业与银行达成融资意向，金额8000万元\n附件：对接会现场.png",
    ]
    assert rows[4][0].startswith("知识产权金融政策宣讲会")
    assert rows[5] == ["政策类", "新形成机制/签署协议/出台政策等", "合作单位/出台部门", "文号", "出台时间", "主要内容"]
    assert rows[6][:4] == [
        "出台政策：石家庄市知识产权质押融资风险补偿办法",
        "石家庄市市场监督管理局、石家庄市财政局",
        "石市监发〔2022〕18号",
        "2022年10月1日",
    ]
    assert rows[7] == ["注：1.活动类中“取得成效”栏需要简述活动成果，并附相关照片、资料等。"]
    assert rows[8] == ["    2.政策类中“主要内容”栏需要简述主要内容，并附PDF及wps版文件。"]
    assert "A3:A5" in {str(r) for r in ws.merged_cells.ranges}  # 活动类 spans its heading and both rows


def test_the_docx_export_reads_back_with_the_same_table(client, filled, sjz_reviewer):
    response = signed_in(client, sjz_reviewer).get(reverse("ledger:export_docx", args=[filled.pk]))
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert "河北省知识产权金融工作事项台账" in texts
    assert any("第4季度" in t and "填报时间：2023年1月9日" in t for t in texts)
    table = doc.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["活动类", "活动内容", "活动内容", "参与部门", "取得成效", "取得成效"]
    assert cells[1][1].startswith("石家庄市知识产权质押融资政银企对接会")
    assert cells[2][3] == "市市场监管局、鹿泉区"
    assert cells[3] == ["政策类", "新形成机制/签署协议/出台政策等", "合作单位/出台部门", "文号", "出台时间", "主要内容"]
    assert cells[4][3] == "石市监发〔2022〕18号"
    assert len(table.rows) == 5
    section = doc.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    assert texts[-1].strip().startswith("2.政策类")


def test_the_provinces_overview_exports_matrix_and_summary(client, filled, admin_user):
    response = signed_in(client, admin_user).get(reverse("ledger:overview_xlsx", args=[2022]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["报送情况", "年度汇总"]
    matrix = {row[0]: row for row in wb["报送情况"].iter_rows(min_row=4, values_only=True)}
    assert len(matrix) == 14
    assert matrix["石家庄市"][7].startswith("按时报送 2023-01-09 15:30")
    assert matrix["石家庄市"][8] == "1次 达标"
    summary = {row[0]: row for row in wb["年度汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["石家庄市"][6:8] == (1, 0)  # 政银企对接 1, 政策入企 0
    assert summary["石家庄市"][8] == 1  # 宣传培训
