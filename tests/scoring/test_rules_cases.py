"""The YAML cases beside each edition pass, and every condition is seen both passing and failing."""

import pytest

from scoring.cases import condition_coverage, run_all_cases, run_cases, uncovered
from scoring.editions import rulebook

OUTCOMES = run_all_cases(rulebook())


@pytest.mark.parametrize("outcome", OUTCOMES, ids=[f"{o.file.split('/')[-1]}::{o.name}" for o in OUTCOMES])
def test_case(outcome):
    assert outcome.problems == []


def test_every_condition_has_a_passing_and_a_failing_case():
    assert uncovered(condition_coverage(rulebook(), OUTCOMES)) == []


def test_every_edition_has_cases():
    assert {o.evaluations[0].edition.id for o in OUTCOMES if o.evaluations} == set(rulebook().editions)


def test_a_wrong_expectation_is_reported(tmp_path):
    source = rulebook().edition("insurance-2019").path.replace(".yaml", ".cases.yaml")
    text = (
        open(source, encoding="utf-8")
        .read()
        .replace('expect: {status: eligible, amount: "12000.00"}', 'expect: {status: eligible, amount: "12000.01"}', 1)
    )
    broken = tmp_path / "broken.cases.yaml"
    broken.write_text(text, encoding="utf-8")
    first = run_cases(rulebook(), broken)[0]
    assert first.problems == ["amount 12000.00, expected 12000.01"]


def test_coverage_notices_a_condition_never_failing():
    only_passing = [o for o in OUTCOMES if o.name == "一份保单，全额补助"]
    gaps = uncovered(condition_coverage(rulebook(), only_passing))
    assert "insurance-2019: registered_in_hebei lacks a failing case" in gaps
    assert "insurance-2021: registered_in_hebei lacks a passing and a failing case" in gaps
