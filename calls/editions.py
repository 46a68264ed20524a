"""Which rules edition may govern a call: the question is asked of the rules engine (scoring)."""

from __future__ import annotations

KNOWN = {
    "insurance-2019": ("insurance", {2020}),
    "insurance-2021": ("insurance", {2021, 2022, 2023}),
    "loan-interest-2019": ("loan_interest", {2020}),
    "loan-interest-2021": ("loan_interest", {2021, 2022, 2023}),
}


def problem_with(edition_id: str, programme: str, cycle_year: int) -> str | None:
    """None when the edition may govern a call of this programme and cycle year, else the reason."""
    known = KNOWN.get(edition_id)
    if known is None:
        return f"未知的规则版本“{edition_id}”"
    if known[0] != programme:
        return f"规则版本“{edition_id}”不适用于该补助项目"
    if cycle_year not in known[1]:
        return f"规则版本“{edition_id}”不适用于{cycle_year}年的补助周期"
    return None
