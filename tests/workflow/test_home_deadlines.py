"""The enterprise's home shows when its correction is due, not only that one is."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.makers import signed_in


@pytest.mark.django_db
def test_the_correction_card_names_the_deadline(client, returned, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    page = client.get(reverse("home:index")).content.decode()
    due = timezone.localtime(returned.reply_deadline).strftime("%Y-%m-%d %H:%M")
    assert f"补正截止 {due}" in page


@pytest.mark.django_db
def test_the_draft_card_names_the_call_closing_date(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    page = client.get(reverse("home:index")).content.decode()
    assert f"申报截止 {draft.call.window_closes.isoformat()}" in page
