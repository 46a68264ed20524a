"""The province downloads the template: the header, drop-downs for 项目 and 险种, and instructions."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from patents import imports
from tests.makers import signed_in


@pytest.mark.django_db
def test_template_opens_with_header_dropdowns_and_instructions(client, admin_user):
    signed_in(client, admin_user)
    response = client.get(reverse("patents:past_award_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(imports.HEADERS)
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {
        "B2:B50001": '"专利保险补助,专利权质押贷款贴息补助"',
        "F2:F50001": '"专利执行保险,专利被侵权损失险,侵犯专利权责任险,境外会展专利纠纷法律费用险,其他"',
    }
    assert workbook.sheetnames == ["历年补助", "填写说明"]
    assert "不要合并单元格" in "".join(str(c.value) for c in workbook["填写说明"]["A"])


@pytest.mark.django_db
def test_the_template_as_downloaded_is_refused_only_for_having_no_rows(client, admin_user):
    signed_in(client, admin_user)
    content = client.get(reverse("patents:past_award_template")).content
    assert [str(p) for p in imports.check_file(content, "t.xlsx").problems] == ["表头之后没有数据行"]


@pytest.mark.django_db
def test_reviewer_cannot_download_the_template(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("patents:past_award_template")).status_code == 403
