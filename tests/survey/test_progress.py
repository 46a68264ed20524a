"""Each unit's count against its target, and the lateness of its send to the province (Asia/Shanghai dates)."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Entry
from survey import plans, progress
from survey.models import SurveyPlan
from tests.makers import make_enterprise, signed_in
from tests.survey.makers import make_response


@pytest.fixture
def time_machine(monkeypatch):
    """Moves django.utils.timezone.now (what the code reads) to a fixed instant."""

    class Machine:
        def move_to(self, instant: datetime) -> None:
            monkeypatch.setattr("django.utils.timezone.now", lambda: instant)

    return Machine()


@pytest.mark.django_db
def test_counts_current_responses_against_the_target_with_a_unit_override(admin_user, sjz, bd, sjz_enterprise):
    make_response(sjz_enterprise)
    make_response(sjz_enterprise, version=2, is_current=False)  # history does not count twice
    make_response(make_enterprise("SJZ"), whitelist_consent=False)
    plan = SurveyPlan.objects.get(year=2022)
    plans.save_plan(plan, {bd: 30}, admin_user)
    lines = {line.unit.code: line for line in progress.for_year(2022)}
    assert len(lines) == 14
    assert (lines["SJZ"].responses, lines["SJZ"].target, lines["SJZ"].consenting) == (2, 50, 1)
    assert lines["SJZ"].percent == 4 and not lines["SJZ"].reached
    assert (lines["BD"].responses, lines["BD"].target) == (0, 30)


@pytest.mark.django_db
def test_a_send_at_2330_on_10_april_shanghai_is_on_time(sjz_reviewer, sjz, sjz_enterprise, time_machine):
    make_response(sjz_enterprise)
    time_machine.move_to(datetime(2022, 4, 10, 15, 30, tzinfo=UTC))  # 23:30 in Shanghai
    sent = progress.send_batch(sjz, 2022, sjz_reviewer)
    assert (sent.response_count, sent.deadline, sent.days_late, sent.is_late) == (1, date(2022, 4, 10), 0, False)
    assert Entry.objects.filter(action="survey.batchsend.sent").exists()


@pytest.mark.django_db
def test_a_send_at_0010_on_11_april_shanghai_is_one_day_late(sjz_reviewer, sjz, time_machine):
    time_machine.move_to(datetime(2022, 4, 10, 16, 10, tzinfo=UTC))  # still 10 April in UTC
    sent = progress.send_batch(sjz, 2022, sjz_reviewer)
    assert (sent.days_late, sent.is_late) == (1, True)


@pytest.mark.django_db
def test_the_unit_sends_from_the_progress_page_and_sees_its_lateness(client, sjz_reviewer, time_machine):
    time_machine.move_to(datetime(2022, 4, 20, 2, 0, tzinfo=UTC))
    signed_in(client, sjz_reviewer)
    response = client.post(reverse("survey:send") + "?year=2022", {"note": "第一批"}, follow=True)
    assert "晚于截止日期10天" in response.content.decode()
    assert "逾期10天" in response.content.decode()


@pytest.mark.django_db
def test_a_bd_reviewer_cannot_send_for_sjz_nor_the_province_for_a_unit(bd_reviewer, admin_user, sjz):
    with pytest.raises(PermissionDenied):
        progress.send_batch(sjz, 2022, bd_reviewer)
    with pytest.raises(PermissionDenied):
        progress.send_batch(sjz, 2022, admin_user)
