"""Must-show: the template downloaded, filled with 3 good and 3 bad rows, imported — nothing written, the user's own
workbook returned with each bad cell filled and commented — then fixed and imported in full."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.models import Enterprise, RegistrationStatus
from survey.models import ImportStatus, Source, SurveyResponse
from survey.xlsx import BAD_FILL
from tests.makers import make_uscc, signed_in
from tests.survey.sheets import column_of, fill, good_row, upload_and_run


def _bad_uscc(code: str) -> str:
    wrong = "0" if code[-1] != "0" else "1"
    return code[:-1] + wrong


@pytest.mark.django_db
def test_sjz_reviewer_gets_own_workbook_back_marked_then_imports_it_fixed(client, sjz_reviewer, sjz_enterprise):
    signed_in(client, sjz_reviewer)
    template = client.get(reverse("survey:template") + "?year=2022")
    assert template.status_code == 200
    template_bytes = template.content

    codes = [make_uscc() for _ in range(5)]
    rows = [
        good_row(sjz_enterprise.uscc, sjz_enterprise.name),  # 2: an enterprise already registered
        good_row(codes[0], "石家庄一号科技有限公司"),  # 3
        good_row(_bad_uscc(codes[1]), "石家庄二号科技有限公司"),  # 4: bad check character
        good_row(codes[2], "石家庄三号科技有限公司", loan_term="5年"),  # 5: no such choice
        good_row(codes[3], "石家庄四号科技有限公司", amount_sought="五百万"),  # 6: text in a number cell
        good_row(codes[4], "石家庄五号科技有限公司", purposes="补充周转资金、其他", purpose_other="研发投入"),  # 7
    ]
    uploaded = fill(template_bytes, rows)
    enterprises_before = Enterprise.objects.count()

    batch = upload_and_run(client, uploaded)

    assert batch.status == ImportStatus.REFUSED
    assert SurveyResponse.objects.count() == 0
    assert Enterprise.objects.count() == enterprises_before
    assert batch.problem_count == 3

    marked = client.get(reverse("survey:import_marked", args=[batch.pk]))
    book = load_workbook(io.BytesIO(b"".join(marked.streaming_content)))
    assert book.sheetnames == load_workbook(io.BytesIO(uploaded)).sheetnames  # same sheets
    sheet = book.worksheets[0]
    names = [sheet.cell(row=n, column=column_of("name")).value for n in range(2, 8)]
    assert names == [row["name"] for row in rows]  # same row order

    def marked_cell(row: int, field: str):
        cell = sheet.cell(row=row, column=column_of(field))
        assert cell.fill.fgColor.rgb.endswith(BAD_FILL.fgColor.rgb[-6:])
        assert cell.comment is not None
        return cell.comment.text

    assert "校验位" in marked_cell(4, "uscc")
    assert "“5年”不是可选项" in marked_cell(5, "loan_term")
    assert "6个月—1年" in marked_cell(5, "loan_term")  # it says what to choose instead
    assert "“五百万”不是数字" in marked_cell(6, "amount_sought")
    for good in (2, 3, 7):
        assert all(cell.comment is None for cell in sheet[good])

    sheet.cell(row=4, column=column_of("uscc"), value=codes[1])
    sheet.cell(row=5, column=column_of("loan_term"), value="1年—2年")
    sheet.cell(row=6, column=column_of("amount_sought"), value=500)
    fixed = io.BytesIO()
    book.save(fixed)

    batch = upload_and_run(client, fixed.getvalue(), name="采集表-已改正.xlsx")

    assert batch.status == ImportStatus.DONE, batch.problems
    imported = SurveyResponse.objects.current().of_year(2022)
    assert imported.count() == 6
    assert set(imported.values_list("source", flat=True)) == {Source.IMPORTED}
    assert imported.get(uscc=sjz_enterprise.uscc).enterprise == sjz_enterprise
    created = Enterprise.objects.filter(uscc__in=codes)
    assert created.count() == 5
    assert set(created.values_list("registration_status", flat=True)) == {RegistrationStatus.PENDING}
    assert set(created.values_list("unit__code", flat=True)) == {"SJZ"}
    other = imported.get(uscc=codes[4])
    assert other.purposes == ["working_capital", "other"] and other.purpose_other == "研发投入"
    assert imported.get(uscc=codes[3]).amount_sought == 500
    assert batch.created_enterprises == 5
