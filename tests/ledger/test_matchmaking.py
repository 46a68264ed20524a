"""Each unit must hold at least the plan's number of 政银企对接 events per quarter (seed item 四)."""

from datetime import date

import pytest

from ledger import filing, overview
from ledger.models import Activity, PlanYear
from tests.ledger.conftest import add_activity, make_ledger

pytestmark = pytest.mark.django_db


def cell(year_overview, unit, quarter):
    row = next(r for r in year_overview.rows if r.unit == unit)
    return row.cells[quarter - 1]


def test_a_submitted_quarter_with_one_matchmaking_event_meets_the_requirement(clock, sjz, sjz_reviewer):
    ledger = make_ledger(sjz, sjz_reviewer, quarter=1)
    add_activity(ledger, sjz_reviewer, held_on=date(2022, 3, 15))
    filing.submit(ledger, sjz_reviewer)
    c = cell(overview.year_overview(2022), sjz, 1)
    assert (c.matchmaking, c.matchmaking_ok) == (1, True)


def test_training_alone_does_not_count_as_matchmaking(clock, sjz, sjz_reviewer):
    ledger = make_ledger(sjz, sjz_reviewer, quarter=2)
    add_activity(ledger, sjz_reviewer, category=Activity.Category.TRAINING)
    filing.submit(ledger, sjz_reviewer)
    assert cell(overview.year_overview(2022), sjz, 2).matchmaking_ok is False


def test_a_missing_quarter_fails_the_check_and_one_not_yet_due_is_not_judged(clock, bd):
    year_overview = overview.year_overview(2022, today=date(2022, 7, 11))
    assert cell(year_overview, bd, 1).matchmaking_ok is False
    assert cell(year_overview, bd, 3).matchmaking_ok is None


def test_the_plan_year_can_require_two_events(clock, sjz, sjz_reviewer):
    PlanYear.objects.filter(year=2022).update(matchmaking_per_quarter=2)
    ledger = make_ledger(sjz, sjz_reviewer, quarter=1)
    add_activity(ledger, sjz_reviewer)
    filing.submit(ledger, sjz_reviewer)
    assert cell(overview.year_overview(2022), sjz, 1).matchmaking_ok is False


def test_an_activity_outside_the_quarter_is_refused(sjz_ledger, sjz_reviewer):
    with pytest.raises(filing.Refused, match="本季度"):
        add_activity(sjz_ledger, sjz_reviewer, held_on=date(2022, 9, 30))
