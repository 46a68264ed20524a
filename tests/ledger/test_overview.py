"""The province's matrix of 14 units × 4 quarters and the year summary, in a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger import filing
from ledger.models import Activity
from places.models import Unit
from tests.ledger.conftest import add_activity, add_policy, make_ledger
from tests.makers import make_user, signed_in

pytestmark = pytest.mark.django_db


def queries_for_matrix(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("ledger:overview", args=[2022])).status_code == 200
    return len(captured)


def test_the_matrix_costs_the_same_queries_with_1_or_53_ledgers(client, clock, admin_user, sjz, sjz_reviewer):
    signed_in(client, admin_user)
    ledger = make_ledger(sjz, sjz_reviewer, quarter=1)
    add_activity(ledger, sjz_reviewer, held_on=date(2022, 2, 1))
    filing.submit(ledger, sjz_reviewer)
    few = queries_for_matrix(client)
    for unit in Unit.objects.exclude(pk=sjz.pk):
        reviewer = make_user(f"r_{unit.code}", ("city_reviewer", unit))
        for quarter in (1, 2, 3, 4):
            other = make_ledger(unit, reviewer, quarter=quarter)
            add_activity(other, reviewer, held_on=other.starts_on)
            add_policy(other, reviewer, pdf=quarter < 4, wps=quarter < 4)
            if quarter < 4:  # a mix of submitted ledgers and drafts
                filing.submit(other, reviewer)
    assert queries_for_matrix(client) == few


def test_the_matrix_shows_on_time_late_missing_and_not_yet_due(client, clock, admin_user, sjz, sjz_reviewer):
    clock.set(2022, 4, 10, 23, 59)
    filing.submit(make_ledger(sjz, sjz_reviewer, quarter=1), sjz_reviewer)
    clock.set(2022, 7, 11, 0, 1)
    filing.submit(make_ledger(sjz, sjz_reviewer, quarter=2), sjz_reviewer)
    clock.set(2022, 10, 20, 9, 0)
    page = signed_in(client, admin_user).get(reverse("ledger:overview", args=[2022])).content.decode()
    assert page.count("按时报送") >= 1 and "逾期报送" in page and "逾期未报" in page and "未到期" in page
    assert "2022-04-10 23:59" in page and "2022-07-11 00:01" in page


def test_the_year_summary_counts_events_by_category_and_policies(clock, sjz, sjz_reviewer):
    from ledger.overview import year_overview

    ledger = make_ledger(sjz, sjz_reviewer, quarter=4)
    add_activity(ledger, sjz_reviewer, category=Activity.Category.INTO_PARKS)
    add_activity(ledger, sjz_reviewer)
    add_policy(ledger, sjz_reviewer)
    filing.submit(ledger, sjz_reviewer)
    row = next(r for r in year_overview(2022).rows if r.unit == sjz)
    assert (row.events["into_parks"], row.events["matchmaking"], row.policies_total, row.on_time) == (1, 1, 1, 1)
