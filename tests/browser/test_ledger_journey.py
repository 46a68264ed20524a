"""A unit files its quarterly ledger (台账): starts the quarter, adds an activity with its photo, submits; the
province's year overview then shows the quarter as filed."""

from datetime import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleKind
from ledger.models import Ledger
from ledger.quarters import SHANGHAI
from tests.makers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def january_2023(monkeypatch):
    """5 January 2023 in Beijing: the fourth quarter of 2022 is over and due on the 10th (the server thread
    reads the same clock)."""
    moment = datetime(2023, 1, 5, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_a_unit_files_its_quarterly_ledger(journey, sjz, january_2023, tmp_path):
    page = journey.page
    make_user("sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz))
    make_user("province_admin", (RoleKind.ADMIN, None))

    journey.login("sjz_reviewer")
    journey.nav("工作台账", "ledger-index")
    journey.go("/ledger/units/SJZ/2022/", "ledger-year")
    page.locator("form[action$='/q4/start/']").get_by_role("button", name="开始填报").click()
    journey.step("ledger-started")
    ledger = Ledger.objects.get(unit=sjz, year=2022, quarter=4)

    form = page.locator(f"form[action$='/ledger/{ledger.pk}/activities/add/']")
    journey.field("活动类别", form).select_option(index=1)
    journey.field("活动日期", form).fill("2022-11-03")
    journey.field("活动内容", form).fill("知识产权质押融资入园惠企活动")
    journey.field("参与部门", form).fill("市市场监管局、高新区管委会、工商银行")
    journey.field("取得成效", form).fill("5家企业获得授信，合计3000万元")
    form.get_by_role("button", name="添加").click()
    journey.step("activity-added")
    activity = ledger.activities.get()

    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    upload = page.locator(f"form[action$='/ledger/{ledger.pk}/activities/{activity.pk}/upload/']")
    journey.field("照片或资料", upload).set_input_files(str(photo))
    upload.get_by_role("button", name="上传").click()
    journey.step("photo-uploaded")
    assert activity.files.get().original_name == "photo.png"

    page.get_by_role("link", name="报送台账").click()
    journey.step("submit-confirm")
    journey.submit("submitted", "确认报送")
    ledger = Ledger.objects.get(pk=ledger.pk)
    assert ledger.status == Ledger.Status.SUBMITTED and ledger.first_submitted_at == january_2023

    # the province's overview of the year shows 石家庄's fourth quarter filed on time
    journey.login("province_admin")
    journey.go("/ledger/overview/2022/", "province-overview")
    row = page.get_by_role("row").filter(has_text="石家庄")
    assert "按时报送\n2023-01-05 09:00" in row.first.inner_text()  # the fourth quarter's cell
