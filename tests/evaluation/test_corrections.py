"""A submitted sheet is never overwritten: a second submission is refused, a correction is a new version with
its reason, the old one stays on record, and a result already aggregated is aggregated again."""

from decimal import Decimal

import pytest

from audit.models import Entry
from evaluation import scoring
from evaluation.models import PanelResult, ScoreSheet
from workflow.models import Application, Status

from .conftest import active, score, score_all, sheet


@pytest.mark.django_db
def test_a_second_submission_is_refused_and_changes_nothing(group, applications):
    assignment = active(applications[0])[0]
    first = score(assignment, sheet(30, 20, 15))
    with pytest.raises(scoring.Refused, match="不能覆盖"):
        scoring.submit_score(assignment, assignment.expert.user, sheet(20, 10, 5), {})
    assert list(ScoreSheet.objects.values_list("pk", "total")) == [(first.pk, Decimal("65.00"))]
    with pytest.raises(PermissionError):
        first.save()  # the model refuses a change too


@pytest.mark.django_db
def test_a_correction_is_version_two_with_a_reason_and_the_first_stays(group, applications):
    assignment = active(applications[0])[0]
    first = score(assignment, sheet(30, 20, 15))
    user = assignment.expert.user
    with pytest.raises(scoring.Refused, match="理由"):
        scoring.correct_score(assignment, user, sheet(31, 20, 15), {}, reason="  ")
    with pytest.raises(scoring.Refused, match="保障程度与费率合理性"):
        scoring.correct_score(assignment, user, sheet(31, 20, 21), {}, reason="笔误")
    assert ScoreSheet.objects.count() == 1

    second = scoring.correct_score(assignment, user, sheet(31, 20, 15), {}, reason="第一项笔误，应为31分")
    sheets = list(ScoreSheet.objects.filter(assignment=assignment).order_by("version"))
    assert [(s.version, s.current, s.total) for s in sheets] == [
        (1, False, Decimal("65.00")),
        (2, True, Decimal("66.00")),
    ]
    assert sheets[0].pk == first.pk and sheets[0].points == first.points and sheets[0].reason == ""
    assert second.reason == "第一项笔误，应为31分" and not second.on_behalf
    entry = Entry.objects.for_object(applications[0]).get(action="evaluation.score_corrected")
    assert entry.data["version"] == 2 and entry.data["reason"] == "第一项笔误，应为31分"


@pytest.mark.django_db
def test_nothing_to_correct_before_a_submission(group, applications):
    assignment = active(applications[0])[0]
    score(active(applications[0])[1], sheet(30, 20, 15))  # someone else's
    from experts import pledge

    pledge.accept(assignment.expert, assignment.group.call, assignment.expert.user)
    with pytest.raises(scoring.Refused, match="尚未提交"):
        scoring.correct_score(assignment, assignment.expert.user, sheet(30, 20, 15), {}, reason="更正")


@pytest.mark.django_db
def test_a_correction_after_aggregation_aggregates_again_with_the_new_version(group, applications, members):
    application = applications[2]
    assignments = score_all(application, sheet(30, 20, 15))  # five times 65 (+ the computed part)
    result = PanelResult.objects.get(application=application)
    assert result.experts_score == Decimal("65.00")
    assert Application.objects.get(pk=application.pk).status == Status.EVALUATED
    scoring.moderate(result, members["E01"].user, "70", "组长复核")

    corrected = assignments[0]
    scoring.correct_score(corrected, corrected.expert.user, sheet(20, 10, 5), {}, reason="看错了申报材料")
    result.refresh_from_db()
    assert Decimal(result.sheets[corrected.expert.code]) == Decimal("35")
    assert result.method == "trimmed_mean" and "35" in result.dropped
    assert result.experts_score == Decimal("65.00")  # the lowest is dropped: 65, 65, 65
    assert Entry.objects.for_object(application).filter(action="evaluation.aggregated").count() == 2
    assert Application.objects.get(pk=application.pk).status == Status.EVALUATED
    assert result.moderated_total == Decimal("70.00")  # the total did not change: the moderation stands


@pytest.mark.django_db
def test_a_correction_that_changes_the_total_clears_the_earlier_moderation(group, applications, members):
    application = applications[2]
    assignments = score_all(application, sheet(30, 20, 15), sheet(30, 20, 15), sheet(30, 20, 15), sheet(10, 5, 5))
    result = PanelResult.objects.get(application=application)
    before = result.total
    scoring.moderate(result, members["E01"].user, "60", "低分专家未说明理由")
    result.refresh_from_db()
    assert result.final_total == Decimal("60.00")

    corrected = assignments[-1]  # the last ones gave 20; one of them corrects to 70
    scoring.correct_score(corrected, corrected.expert.user, sheet(34, 20, 16), {}, reason="误填")
    result.refresh_from_db()
    assert result.total != before
    assert result.moderated_total is None and result.final_total == result.total
    entry = Entry.objects.for_object(application).filter(action="evaluation.aggregated").order_by("pk").last()
    assert entry.data["moderation_cleared"] == "60.00"
