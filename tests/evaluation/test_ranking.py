"""Ranking and allocation: one stored run per action, re-runnable to the fen, comparable with an earlier run,
exported to .xlsx, never above the budget; refused while scoring goes on, and for anyone but the province."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Entry
from calls.models import Call
from evaluation import ranking, scoring
from evaluation.models import RankingRun
from experts import draw
from tests.makers import make_call

from .conftest import CRITERIA_2019, forwarded, score_all, sheet


def awards(run):
    return {number: Decimal(row["award"]) for number, row in run.results["applications"].items()}


def set_budget(call, amount):
    Call.objects.filter(pk=call.pk).update(budget=Decimal(amount))
    return Call.objects.get(pk=call.pk)


@pytest.mark.django_db
def test_refused_while_an_application_is_still_under_evaluation(group, applications, admin_user):
    score_all(applications[0], sheet(30, 22, 18))
    score_all(applications[1], sheet(30, 22, 18))
    with pytest.raises(scoring.Refused, match="还有1件申报的专家评审未完成"):
        ranking.rank(applications[0].call, admin_user)
    assert not RankingRun.objects.exists()


@pytest.mark.django_db
def test_refused_while_a_forwarded_application_has_not_been_evaluated(evaluated, call, admin_user):
    forwarded("SJZ", "5000.00", call)  # forwarded late, in no group yet: a run would silently leave it out
    with pytest.raises(scoring.Refused, match="还有1件"):
        ranking.rank(call, admin_user)
    assert not RankingRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["finance_user", "sjz_reviewer", "expert", "outsider"])
def test_refused_for_anyone_but_the_province(evaluated, call, persona, request):
    with pytest.raises(PermissionDenied):
        ranking.rank(call, request.getfixturevalue(persona))
    assert not RankingRun.objects.exists()


@pytest.mark.django_db
def test_a_run_is_stored_and_reruns_to_the_fen(evaluated, call, admin_user):
    a, b, c = evaluated
    run = ranking.rank(call, admin_user, note="首次计算")
    assert (run.number, run.created_by, run.note, run.budget) == (1, admin_user, "首次计算", call.budget)
    assert run.edition_id == "insurance-2021" and len(run.edition_sha256) == 64
    rows = run.results["applications"]
    assert {n: (r["score"], r["rank"], r["passed"]) for n, r in rows.items()} == {
        a.number: ("75.00", 1, True),  # the 2021 edition ranks by Art. 5 (premium rate, coverage), not score
        b.number: ("77.00", 2, True),
        c.number: ("71.00", 3, True),
    }
    assert awards(run) == {a.number: Decimal("12000.00"), b.number: Decimal("9000.00"), c.number: Decimal("8000.00")}
    assert run.total_awarded == Decimal("29000.00")
    assert run.inputs[a.number]["score"] == "75.00" and run.inputs[a.number]["facts"] == a.facts
    assert ranking.rerun(run) == run.results
    assert Entry.objects.for_object(run).get(action="evaluation.ranked").data["edition"] == run.edition_sha256


@pytest.mark.django_db
def test_a_second_run_is_number_two_and_compare_lists_what_changed(evaluated, call, admin_user, members):
    _a, b, c = evaluated
    first = ranking.rank(call, admin_user)
    from evaluation.models import PanelResult

    scoring.moderate(PanelResult.objects.get(application=c), members["E01"].user, "95", "组长复核")
    call = set_budget(call, "20000.00")
    second = ranking.rank(call, admin_user)
    assert (first.number, second.number) == (1, 2)
    changes = {row["number"]: row for row in ranking.compare(first, second)}
    assert set(changes) == {b.number, c.number}  # A: same score, same award
    assert (changes[b.number]["before"]["award"], changes[b.number]["after"]["award"]) == ("9000.00", "8000.00")
    assert (changes[c.number]["before"]["score"], changes[c.number]["after"]["score"]) == ("71.00", "95.00")
    assert (changes[c.number]["before"]["award"], changes[c.number]["after"]["award"]) == ("8000.00", "0.00")
    assert ranking.compare(second, second) == []
    assert ranking.rerun(first) == first.results and ranking.rerun(second) == second.results
    assert second.total_awarded <= Decimal("20000.00")


@pytest.mark.django_db
@pytest.mark.parametrize("budget", ["0.01", "7999.99", "20000.00", "28999.99", "29000.00", "50000.00"])
def test_the_allocation_never_exceeds_the_budget(evaluated, call, admin_user, budget):
    call = set_budget(call, budget)
    run = ranking.rank(call, admin_user)
    assert sum(awards(run).values()) == run.total_awarded <= Decimal(budget)
    assert run.total_awarded == min(Decimal(budget), Decimal("29000.00"))  # fill in order: nothing left unused
    assert ranking.rerun(run) == run.results


@pytest.mark.django_db
def test_the_export_opens_with_every_row(evaluated, call, admin_user):
    call = set_budget(call, "20000.00")
    run = ranking.rank(call, admin_user)
    book = load_workbook(io.BytesIO(ranking.export(run)))
    rows = list(book["排序与分配"].iter_rows(values_only=True))
    assert "insurance-2021" in rows[0][0] and "20000.00" in rows[1][0]
    assert list(rows[2]) == ranking.COLUMNS
    body = rows[3:]
    assert len(body) == 3
    by_number = {row[1]: row for row in body}
    a, b, c = evaluated
    assert [row[0] for row in body] == [1, 2, 3]
    assert by_number[b.number][2] == b.enterprise.name and by_number[b.number][3] == b.unit.name
    assert by_number[a.number][8] == 12000 and by_number[b.number][8] == 8000 and by_number[c.number][8] == 0
    assert by_number[c.number][9] == "按排序预算已分配完毕"
    assert sum(row[8] for row in body) == 20000


@pytest.mark.django_db
def test_the_2019_edition_cuts_the_ratio_pro_rata(pool, admin_user):
    today = timezone.localdate()
    call = make_call(
        "insurance",
        2021,
        rules_edition="insurance-2019",
        budget=Decimal("14500.00"),
        window_opens=today - timedelta(days=10),
        window_closes=today + timedelta(days=10),
        city_review_deadline=today + timedelta(days=30),
    )
    apps = [
        forwarded(code, premium, call) for code, premium in (("SJZ", "12000.00"), ("BD", "9000.00"), ("TS", "8000.00"))
    ]
    group = draw.draw_group(call, apps, name="2021保险组", size=3, seed=11, by=admin_user, minimum=3)
    scoring.start_evaluation(group, admin_user)
    for application in apps:
        score_all(application, sheet(30, 22, 15, criteria=CRITERIA_2019))
    run = ranking.rank(call, admin_user)
    assert run.edition_id == "insurance-2019" and run.policy == "pro_rata"
    assert awards(run) == {
        apps[0].number: Decimal("6000.00"),
        apps[1].number: Decimal("4500.00"),
        apps[2].number: Decimal("4000.00"),
    }
    assert run.total_awarded == Decimal("14500.00") <= call.budget
    assert ranking.rerun(run) == run.results
