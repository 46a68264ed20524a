"""make_response: a current survey response without going through a form or a file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from survey.models import Source, SurveyResponse


def make_response(enterprise, year: int = 2022, **overrides) -> SurveyResponse:
    fields = dict(
        enterprise=enterprise,
        year=year,
        filled_month=date(year, 3, 1),
        name=enterprise.name,
        uscc=enterprise.uscc,
        ownership="private",
        address=enterprise.address,
        size="small",
        industry="information",
        contact_name="王五",
        contact_phone="13912345678",
        amount_sought=Decimal("500.00"),
        loan_term="6to12m",
        max_cost="5-6",
        purposes=["expand"],
        whitelist_consent=True,
        phone_consent=False,
        source=Source.ONLINE,
        submitted_by=enterprise.user,
    )
    fields.update(overrides)
    return SurveyResponse.objects.create(**fields)
