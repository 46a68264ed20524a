"""Lateness is computed from the first submission, on the Beijing-time calendar day (seed item 二)."""

from datetime import UTC, date, datetime

import pytest

from ledger import filing
from ledger.models import PlanYear, terms_for
from ledger.quarters import SHANGHAI, Timeliness, due_date, is_late, timeliness

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [
        (2022, 1, date(2022, 4, 10)),
        (2022, 2, date(2022, 7, 10)),
        (2022, 3, date(2022, 10, 10)),
        (2022, 4, date(2023, 1, 10)),
    ],
)
def test_a_ledger_is_due_on_the_10th_of_the_next_quarters_first_month(year, quarter, due):
    assert terms_for(year).due_date(quarter) == due


def test_exactly_2359_on_the_due_day_in_shanghai_is_on_time():
    assert not is_late(datetime(2023, 1, 10, 23, 59, tzinfo=SHANGHAI), date(2023, 1, 10))


def test_0001_the_next_day_in_shanghai_is_late():
    assert is_late(datetime(2023, 1, 11, 0, 1, tzinfo=SHANGHAI), date(2023, 1, 10))


def test_1700_utc_on_the_10th_is_already_the_11th_in_shanghai():
    assert is_late(datetime(2023, 1, 10, 17, 0, tzinfo=UTC), date(2023, 1, 10))
    assert not is_late(datetime(2023, 1, 10, 15, 59, tzinfo=UTC), date(2023, 1, 10))


def test_not_submitted_is_missing_only_after_the_due_day():
    due = due_date(2022, 4, 10)
    assert timeliness(None, due, date(2023, 1, 10)) == Timeliness.NOT_YET_DUE
    assert timeliness(None, due, date(2023, 1, 11)) == Timeliness.MISSING


def test_a_q4_ledger_submitted_on_10_january_at_2359_is_on_time(clock, sjz_ledger, sjz_reviewer):
    clock.set(2023, 1, 10, 23, 59)
    ledger = filing.submit(sjz_ledger, sjz_reviewer)
    assert ledger.timeliness(today=date(2023, 2, 1)) == Timeliness.ON_TIME


def test_a_q4_ledger_submitted_at_1700_utc_on_10_january_is_late(clock, sjz_ledger, sjz_reviewer):
    clock.set(datetime(2023, 1, 10, 17, 0, tzinfo=UTC))
    ledger = filing.submit(sjz_ledger, sjz_reviewer)
    assert ledger.timeliness() == Timeliness.LATE


def test_a_year_without_plan_figures_uses_2022s_and_says_so():
    terms = terms_for(2023)
    assert (terms.due_day, terms.matchmaking_per_quarter, terms.source_year) == (10, 1, 2022)
    assert "沿用2022年" in terms.explanation


def test_the_provinces_plan_figures_for_a_year_move_its_due_dates():
    PlanYear.objects.create(year=2023, due_day=15, matchmaking_per_quarter=2)
    terms = terms_for(2023)
    assert (terms.due_date(4), terms.borrowed) == (date(2024, 1, 15), False)
