"""The rules impact command reads the facts pinned on a call's stored applications."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.django_db
def test_impact_of_another_edition_on_a_calls_stored_applications(submitted):
    out = StringIO()
    call_command(
        "rules_impact", "insurance-2021", "insurance-2019", "--call", str(submitted.call_id), "--all", stdout=out
    )
    text = out.getvalue()
    assert submitted.number in text
    assert "1 application(s)" in text.splitlines()[-1] or "of 1 application(s)" in text


@pytest.mark.django_db
def test_a_file_or_a_call_but_not_both(submitted, tmp_path):
    with pytest.raises(CommandError, match="either a facts file or --call"):
        call_command("rules_impact", "insurance-2021", "insurance-2019")
