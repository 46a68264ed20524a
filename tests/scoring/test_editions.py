"""Choosing the edition of a call by programme and cycle year; drafts are tried, never chosen."""

import dataclasses
import shutil
from decimal import Decimal

import pytest

from scoring.decision import Candidate, decide
from scoring.editions import (
    EditionSelectionError,
    edition_choices,
    get_edition,
    released_edition_ids,
    select_edition,
)
from scoring.engine import EngineError, evaluate
from scoring.loader import RULES_DIR, RuleBook, load_rulebook

from .makers import make_facts, make_policy


@pytest.mark.parametrize(
    ("programme", "year", "edition"),
    [
        ("insurance", 2020, "insurance-2019"),
        ("insurance", 2021, "insurance-2021"),
        ("insurance", 2023, "insurance-2021"),
        ("loan_interest", 2020, "loan-interest-2019"),
        ("loan_interest", 2022, "loan-interest-2021"),
    ],
)
def test_edition_is_chosen_by_programme_and_cycle_year(programme, year, edition):
    assert select_edition(programme, year).id == edition


@pytest.mark.parametrize("year", [2019, 2024])
def test_a_cycle_year_without_an_edition_is_refused(year):
    with pytest.raises(EditionSelectionError, match=f"no released insurance edition governs cycle year {year}"):
        select_edition("insurance", year)


def test_two_matching_released_editions_are_refused():
    book = load_rulebook()
    twin = dataclasses.replace(book.edition("insurance-2021"))
    doubled = RuleBook(book.root, {**book.editions, "twin": twin}, book.references)
    with pytest.raises(EditionSelectionError, match="2 released insurance editions govern cycle year 2022"):
        select_edition("insurance", 2022, doubled)


def test_released_edition_ids_are_what_a_call_may_name():
    assert released_edition_ids() == ["insurance-2019", "insurance-2021", "loan-interest-2019", "loan-interest-2021"]
    assert released_edition_ids("loan_interest") == ["loan-interest-2019", "loan-interest-2021"]
    assert edition_choices("insurance")[0][0] == "insurance-2019"


def test_unknown_edition_id_is_a_key_error():
    with pytest.raises(KeyError, match="no rules edition 'insurance-2099'"):
        get_edition("insurance-2099")


def draft_book(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    source = (tmp_path / "rules" / "insurance" / "insurance-2021.yaml").read_text(encoding="utf-8")
    draft = source.replace("id: insurance-2021", "id: insurance-2024").replace("status: released", "status: draft")
    draft = draft.replace("value: 50000", "value: 60000")  # the draft raises the cap
    (tmp_path / "rules" / "insurance" / "insurance-2024.yaml").write_text(draft, encoding="utf-8")
    return load_rulebook(tmp_path / "rules")


def test_a_draft_may_overlap_but_is_never_chosen(tmp_path):
    book = draft_book(tmp_path)
    assert book.edition("insurance-2024").status == "draft"
    assert select_edition("insurance", 2022, book).id == "insurance-2021"
    assert "insurance-2024" not in released_edition_ids(book=book)


def test_a_draft_can_be_tried_but_decides_nothing(tmp_path):
    draft = draft_book(tmp_path).edition("insurance-2024")
    facts = make_facts(
        cycle_year=2022,
        items={
            "P1": make_policy("70000.00", "2022-03-01", insurance_type="patent_enforcement", period_end="2023-02-28")
        },
    )
    with pytest.raises(EngineError, match="draft edition"):
        evaluate(draft, facts)
    tried = evaluate(draft, facts, trial=True)
    assert (tried.trial, str(tried.amount)) == (True, "60000.00")


def test_a_trial_result_cannot_enter_an_allocation(tmp_path):
    draft = draft_book(tmp_path).edition("insurance-2024")
    facts = make_facts(
        cycle_year=2022,
        items={
            "P1": make_policy(policy_date="2022-03-01", period_end="2023-02-28", insurance_type="patent_enforcement")
        },
    )
    with pytest.raises(ValueError, match="a trial result"):
        decide(draft, [Candidate(facts, evaluate(draft, facts, trial=True), Decimal(90))], Decimal(100000))


def test_the_payment_grace_period_is_an_unverified_parameter():
    edition = get_edition("insurance-2021")
    assert edition.parameter("payment_grace_days") == 30
    assert edition.spec.parameters["payment_grace_days"].verified is False
