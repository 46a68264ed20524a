"""A unit imports the financing-demand survey workbook (信息采集表): uploads it, runs the check and import;
the province's list of responses then shows the enterprises."""

import pytest

from accounts.models import RoleKind
from survey.models import ImportStatus, SurveyImport, SurveyResponse
from tests.makers import make_uscc, make_user
from tests.survey.sheets import good_row, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_unit_imports_the_survey_workbook(journey, sjz, tmp_path):
    page = journey.page
    make_user("sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz))
    make_user("province_admin", (RoleKind.ADMIN, None))
    names = ["石家庄调查甲科技有限公司", "石家庄调查乙制造有限公司"]
    path = tmp_path / "信息采集表.xlsx"
    path.write_bytes(workbook([good_row(make_uscc(), name) for name in names]))

    journey.login("sjz_reviewer")
    journey.nav("需求调查", "survey-progress")
    journey.go("/survey/imports/?year=2022", "import-form")
    journey.field("信息采集表（.xlsx）").set_input_files(str(path))
    journey.submit("uploaded", "上传")
    batch = SurveyImport.objects.get()
    assert batch.status == ImportStatus.RECEIVED

    page.get_by_role("button", name="检查并导入").click()
    page.get_by_text("已导入2家企业的信息采集表").wait_for()  # the page polls, then reloads when done
    journey.step("imported")
    assert SurveyImport.objects.get(pk=batch.pk).status == ImportStatus.DONE
    assert set(SurveyResponse.objects.filter(is_current=True).values_list("enterprise__name", flat=True)) == set(names)

    # the province sees the unit's responses
    journey.login("province_admin")
    journey.go("/survey/responses/?year=2022", "province-responses")
    assert all(name in journey.text() for name in names)
