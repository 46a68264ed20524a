"""Only the group's panel lead records a moderated total, with a reason and within the rubric's range; the
raw sheets and the aggregated total stay, and the final total is the moderated one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from evaluation import scoring
from evaluation.models import PanelResult
from tests.makers import signed_in

from .conftest import score_all, sheet


@pytest.fixture
def result(group, applications):
    """B: four experts give 65, one 20 (an outlier); the lowest and highest are dropped."""
    score_all(
        applications[1], sheet(30, 20, 15), sheet(30, 20, 15), sheet(30, 20, 15), sheet(30, 20, 15), sheet(10, 5, 5)
    )
    return PanelResult.objects.get(application=applications[1])


@pytest.mark.django_db
def test_the_lead_moderates_and_the_raw_total_stays(result, members):
    assert result.outliers == ["20"] and result.needs_moderation
    raw_total, raw_sheets = result.total, dict(result.sheets)
    moderated = scoring.moderate(result, members["E01"].user, "70.5", "低分专家未说明理由，组长复核后调整")
    result.refresh_from_db()
    assert (result.total, result.moderated_total, result.final_total) == (raw_total, Decimal("70.50"), Decimal("70.50"))
    assert result.sheets == raw_sheets and result.moderated_by == members["E01"].user
    assert not result.needs_moderation and moderated.final_total == Decimal("70.50")
    entry = Entry.objects.for_object(result.application).get(action="evaluation.moderated")
    assert entry.data == {
        "total": str(raw_total),
        "moderated": "70.50",
        "reason": "低分专家未说明理由，组长复核后调整",
    }


@pytest.mark.django_db
def test_another_expert_or_the_administrator_may_not_moderate(result, members, outsider_expert, admin_user):
    others = [e.user for code, e in members.items() if code != "E01"] + [outsider_expert.user, admin_user]
    for user in others:
        with pytest.raises(PermissionDenied):
            scoring.moderate(result, user, "70", "理由")
    result.refresh_from_db()
    assert result.moderated_total is None
    assert not Entry.objects.filter(action="evaluation.moderated").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("total", "reason", "words"),
    [
        ("70", "  ", "理由"),
        ("abc", "理由", "不是数字"),
        ("NaN", "理由", "不是数字"),
        ("Infinity", "理由", "不是数字"),
        ("-0.5", "理由", "超出"),
        ("100.01", "理由", "超出"),
    ],
)
def test_reason_required_and_bounds_checked(result, members, total, reason, words):
    with pytest.raises(scoring.Refused, match=words):
        scoring.moderate(result, members["E01"].user, total, reason)
    result.refresh_from_db()
    assert result.moderated_total is None


@pytest.mark.django_db
def test_the_bounds_themselves_are_allowed(result, members):
    scoring.moderate(result, members["E01"].user, "100", "满分")
    result.refresh_from_db()
    assert result.final_total == Decimal("100.00")


@pytest.mark.django_db
def test_the_moderation_page_for_the_lead(client, result, members):
    lead = members["E01"].user
    signed_in(client, lead)
    page = client.get("/evaluation/moderation/").content.decode()
    assert result.application.number in page and 'class="overdue"' in page
    response = client.post(f"/evaluation/moderation/{result.pk}/", {"total": "NaN", "reason": "理由"})
    assert response.status_code == 302  # refused with a message, not a server error
    response = client.post(f"/evaluation/moderation/{result.pk}/", {"total": "71", "reason": "复核"}, follow=True)
    assert "调整后的得分已记录" in response.content.decode()
    result.refresh_from_db()
    assert result.final_total == Decimal("71.00")


@pytest.mark.django_db
def test_another_expert_posting_to_the_page_is_refused(client, result, members):
    other = next(e.user for code, e in sorted(members.items()) if code not in ("E01", "E05"))  # no lead role
    signed_in(client, other)
    assert client.get("/evaluation/moderation/").status_code == 403
    response = client.post(f"/evaluation/moderation/{result.pk}/", {"total": "71", "reason": "复核"}, follow=True)
    assert "只有本评审组的组长可以调整得分" in response.content.decode()
    result.refresh_from_db()
    assert result.moderated_total is None
