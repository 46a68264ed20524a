"""Meeting mode: the province keys in a signed paper sheet on an expert's behalf (its reference required),
and prints the blank sheets of a group, one per expert and application, for signature."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from evaluation import scoring
from evaluation.models import ScoreSheet
from tests.makers import signed_in

from .conftest import active, sheet


@pytest.mark.django_db
def test_the_administrator_enters_a_paper_sheet_on_the_experts_behalf(group, applications, admin_user):
    assignment = active(applications[0])[0]  # the expert has not even pledged online: the paper was signed
    with pytest.raises(scoring.Refused, match="纸质评分表编号"):
        scoring.submit_score(assignment, admin_user, sheet(30, 20, 15), {}, on_behalf=True, paper_reference=" ")
    assert not ScoreSheet.objects.exists()

    entered = scoring.submit_score(
        assignment, admin_user, sheet(30, 20, 15), {}, on_behalf=True, paper_reference="PS-2022-001"
    )
    assert entered.on_behalf and entered.paper_reference == "PS-2022-001" and entered.submitted_by == admin_user
    assert entered.assignment.expert == assignment.expert
    entry = Entry.objects.for_object(applications[0]).get(action="evaluation.score_submitted")
    assert entry.actor == admin_user and entry.data["on_behalf"] is True
    assert entry.data["paper_reference"] == "PS-2022-001" and entry.data["expert"] == assignment.expert.code


@pytest.mark.django_db
def test_only_the_province_enters_on_behalf(group, applications, sjz_reviewer):
    theirs, mine = active(applications[0])[:2]
    for user in (sjz_reviewer, mine.expert.user):
        with pytest.raises(PermissionDenied):
            scoring.submit_score(theirs, user, sheet(30, 20, 15), {}, on_behalf=True, paper_reference="PS-1")
    assert not ScoreSheet.objects.exists()


@pytest.mark.django_db
def test_the_page_enters_on_behalf_with_the_paper_reference(client, group, applications, admin_user):
    assignment = active(applications[0])[0]
    signed_in(client, admin_user)
    page = client.get(f"/evaluation/score/{assignment.pk}/")
    assert page.status_code == 200 and "代专家录入" in page.content.decode()
    posted = {"points_patent_importance": "30", "points_product_fit": "20", "points_protection_value": "15"}
    refused = client.post(f"/evaluation/score/{assignment.pk}/", posted)
    assert refused.status_code == 400 and "纸质评分表编号" in refused.content.decode()
    done = client.post(f"/evaluation/score/{assignment.pk}/", {**posted, "paper_reference": "PS-7"})
    assert done.status_code == 302
    entered = ScoreSheet.objects.get()
    assert entered.on_behalf and entered.paper_reference == "PS-7"
    assert "代录入" in client.get(f"/evaluation/score/{assignment.pk}/").content.decode()


@pytest.mark.django_db
def test_the_printable_sheets_list_every_expert_and_application_of_the_group(
    client, group, applications, members, admin_user
):
    signed_in(client, admin_user)
    response = client.get(f"/evaluation/groups/{group.pk}/sheets/")
    assert response.status_code == 200
    text = response.content.decode()
    pairs = group.assignments.filter(status="active").select_related("expert", "application")
    assert pairs.count() == 15
    assert text.count('class="card print-page"') == 15
    for assignment in pairs:
        assert f"（{assignment.expert.code}）" in text and f"{group.pk}-{assignment.pk}" in text
    for application in applications:
        assert text.count(application.number) == 5
    for label in ("投保专利的技术重要性", "保险产品与企业需求的匹配度", "保障程度与费率合理性"):
        assert text.count(label) == 15
    assert "系统计算" not in text  # computed criteria are not for the experts
    assert "专家签字" in text


@pytest.mark.django_db
def test_the_printable_sheets_are_for_the_province_only(client, group, members):
    signed_in(client, members["E01"].user)
    assert client.get(f"/evaluation/groups/{group.pk}/sheets/").status_code == 403
