"""An expert sees and scores only their own active assignments, after the pledge, and never another expert's
sheet before submitting; enterprises, city reviewers and outsiders open no score page at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluation import scoring
from evaluation.models import ScoreSheet
from experts import pledge
from experts.models import Assignment
from tests.makers import signed_in

from .conftest import active, score, sheet


def url(assignment):
    return f"/evaluation/score/{assignment.pk}/"


@pytest.mark.django_db
def test_another_experts_score_page_is_not_found_and_cannot_be_posted(client, group, applications):
    mine, theirs = active(applications[0])[:2]
    pledge.accept(mine.expert, mine.group.call, mine.expert.user)
    signed_in(client, mine.expert.user)
    assert client.get(url(mine)).status_code == 200
    assert client.get(url(theirs)).status_code == 404
    response = client.post(url(theirs), {"points_patent_importance": "30"})
    assert response.status_code == 404
    assert not ScoreSheet.objects.exists()
    with pytest.raises(PermissionDenied):
        scoring.submit_score(theirs, mine.expert.user, sheet(30, 20, 15), {})


@pytest.mark.django_db
def test_an_expert_never_sees_the_other_sheets_before_submitting(client, group, applications):
    first, second = active(applications[0])[:2]
    score(first, sheet(31, 21, 17), {"product_fit": "第一位专家的评语"})
    pledge.accept(second.expert, second.group.call, second.expert.user)
    signed_in(client, second.expert.user)
    text = client.get(url(second)).content.decode()
    assert "69.00" not in text
    assert "第一位专家的评语" not in text and first.expert.code not in text
    assert "已提交的评分" not in text  # no sheet of theirs yet, and nobody else's
    score(second, sheet(28, 20, 16))
    text = client.get(url(second)).content.decode()
    assert "已提交的评分" in text and "64.00" in text and "69.00" not in text


@pytest.mark.django_db
def test_an_excluded_or_declared_expert_cannot_open_the_application(client, group, applications, members):
    declaring = active(applications[1])[0]
    pledge.accept(declaring.expert, declaring.group.call, declaring.expert.user)
    scoring.declare_conflict(declaring, declaring.expert.user, "曾为该企业提供咨询")
    signed_in(client, declaring.expert.user)
    assert client.get(url(declaring)).status_code == 404
    with pytest.raises(scoring.Refused):
        scoring.submit_score(Assignment.objects.get(pk=declaring.pk), declaring.expert.user, sheet(30, 20, 15), {})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sjz_enterprise", "sjz_reviewer", "outsider", "outsider_expert"])
def test_enterprises_reviewers_outsiders_and_undrawn_experts_open_no_score_page(
    client, group, applications, persona, request
):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)  # an enterprise fixture carries its user
    signed_in(client, user)
    assignment = active(applications[0])[0]
    assert client.get(url(assignment)).status_code in (403, 404)
    assert client.post(url(assignment), {"points_patent_importance": "30"}).status_code in (403, 404)
    assert not ScoreSheet.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, group, applications):
    response = client.get(url(active(applications[0])[0]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_no_scoring_and_no_application_shown_without_the_pledge(client, group, applications):
    assignment = active(applications[0])[0]
    with pytest.raises(PermissionDenied, match="承诺书"):
        scoring.submit_score(assignment, assignment.expert.user, sheet(30, 20, 15), {})
    signed_in(client, assignment.expert.user)
    response = client.get(url(assignment))
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:pledge", args=[assignment.group.call_id])
    response = client.post(
        url(assignment),
        {"points_patent_importance": "30", "points_product_fit": "20", "points_protection_value": "15"},
    )
    assert response.status_code == 302 and "pledge" in response["Location"]
    assert not ScoreSheet.objects.exists()
    pledge.accept(assignment.expert, assignment.group.call, assignment.expert.user)
    assert client.get(url(assignment)).status_code == 200
