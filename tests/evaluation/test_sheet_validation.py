"""A score sheet follows the call's rubric: every criterion scored, numbers within 0..max, a comment at the
extremes. A wrong sheet is refused naming the criterion, and nothing is written: the expert's task stays open."""

from decimal import Decimal

import pytest
from viewflow.workflow.models import Task

from audit.models import Entry
from evaluation import scoring
from evaluation.flows import ScoringFlow
from evaluation.models import ScoreSheet
from experts import pledge
from tests.makers import signed_in

from .conftest import active, sheet

IMPORTANCE, FIT, PROTECTION = "投保专利的技术重要性", "保险产品与企业需求的匹配度", "保障程度与费率合理性"


@pytest.fixture
def assignment(group, applications):
    first = active(applications[0])[0]
    pledge.accept(first.expert, first.group.call, first.expert.user)
    return first


def open_task(assignment):
    return Task.objects.filter(
        process_id=assignment.application.evaluation_process_id,
        flow_task=ScoringFlow.score,
        data__assignment=assignment.pk,
        status__in=scoring.OPEN,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("points", "comments", "named", "words"),
    [
        ({"patent_importance": "30", "product_fit": "20"}, {}, PROTECTION, "未打分"),
        ({**sheet(30, 20, 15), "product_fit": "  "}, {}, FIT, "未打分"),
        (sheet("三十", 20, 15), {}, IMPORTANCE, "不是数字"),
        (sheet(36, 20, 15), {}, IMPORTANCE, "应在0至35分之间"),
        (sheet(30, "25.5", 15), {}, FIT, "应在0至25分之间"),
        (sheet(30, 20, -1), {}, PROTECTION, "应在0至20分之间"),
        (sheet(30, 20, "NaN"), {}, PROTECTION, "应在0至20分之间"),
        (sheet(30, "12.25", 15), {}, FIT, "最多保留一位小数"),
        (sheet(35, 20, 15), {}, IMPORTANCE, "须填写评语"),
        (sheet(30, 20, 0), {"patent_importance": "无关评语"}, PROTECTION, "须填写评语"),
        (sheet(30, 0, 15), {"product_fit": "   "}, FIT, "须填写评语"),
    ],
)
def test_a_wrong_sheet_is_refused_naming_the_criterion_and_nothing_is_written(
    assignment, points, comments, named, words
):
    with pytest.raises(scoring.Refused) as refused:
        scoring.submit_score(assignment, assignment.expert.user, points, comments)
    assert len(refused.value.problems) == 1, refused.value.problems
    assert named in refused.value.problems[0] and words in refused.value.problems[0]
    assert not ScoreSheet.objects.exists()
    assert not Entry.objects.filter(action="evaluation.score_submitted").exists()
    assert open_task(assignment).count() == 1


@pytest.mark.django_db
def test_every_problem_is_named_at_once(assignment):
    with pytest.raises(scoring.Refused) as refused:
        scoring.submit_score(assignment, assignment.expert.user, {"patent_importance": "99", "product_fit": "x"}, {})
    problems = "；".join(refused.value.problems)
    assert all(label in problems for label in (IMPORTANCE, FIT, PROTECTION))


@pytest.mark.django_db
def test_extremes_with_a_comment_and_one_decimal_are_accepted(assignment):
    comments = {"patent_importance": "核心专利，满分", "protection_value": "保障明显不足"}
    created = scoring.submit_score(assignment, assignment.expert.user, sheet(35, "12.5", 0), comments)
    assert created.total == Decimal("47.5") and created.version == 1 and created.current
    assert created.comments == comments
    assert not open_task(assignment).exists()


@pytest.mark.django_db
def test_the_page_shows_the_problems_keeps_what_was_typed_and_writes_nothing(client, assignment):
    signed_in(client, assignment.expert.user)
    response = client.post(
        f"/evaluation/score/{assignment.pk}/",
        {"points_patent_importance": "36", "points_product_fit": "20", "points_protection_value": "15"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert IMPORTANCE in text and "应在0至35分之间" in text
    assert 'value="36"' in text
    assert not ScoreSheet.objects.exists() and open_task(assignment).count() == 1
