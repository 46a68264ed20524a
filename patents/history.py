"""An enterprise's award history, as the rules read it (``scoring.facts.AWARD_FIELDS``).

The rules check "the same patent and insurance type is subsidised once, ever" and "no subsidy for the
renewal of a patent subsidised the year before" against this list. Here it holds the awards imported from
earlier years' lists; the application workflow adds the awards it makes itself.
"""

from __future__ import annotations

from enterprises import uscc as uscc_codes

from .models import PastAward


def awards_for(uscc: str) -> list[dict]:
    """Past awards of the enterprise with this code, oldest first:
    ``[{"programme", "year", "patent", "insurance_type", "amount"}]`` with None for blanks, amount a string."""
    awards = PastAward.objects.filter(uscc=uscc_codes.normalise(uscc)).order_by(
        "year", "programme", "patent_number", "insurance_type", "pk"
    )
    return [award.as_facts() for award in awards]
