"""Eligibility traces, amounts, pinning and re-running an application under one edition."""

import hashlib
import json
import shutil
from decimal import Decimal

import pytest

from scoring.editions import PinMismatchError, get_edition, pinned_edition
from scoring.engine import EngineError, evaluate
from scoring.loader import RULES_DIR, load_edition, load_rulebook

from .makers import make_facts, make_loan, make_policy


def test_trace_names_condition_inputs_result_and_article():
    facts = make_facts(items={"P1": make_policy(policy_date="2019-12-31")})
    result = evaluate(get_edition("insurance-2019"), facts)
    [row] = [r.as_dict() for r in result.items["P1"].conditions if r.id == "policy_in_cycle"]
    assert row["result"] == "failed"
    assert row["inputs"] == {
        "policy_date": "2019-12-31",
        "cycle_year": 2020,
        "window_start": "2020-01-01",
        "window_end": "2020-12-31",
    }
    assert row["article"] == "2021年1月29日申报通知（2020年投保的保单）"
    assert row["notice"] == "该保单投保日期不在本年度补助范围内，不予补助。"


def test_each_policy_is_judged_on_its_own_and_ineligible_ones_are_left_out():
    facts = make_facts(items={"P1": make_policy("12000.00", "2019-12-31"), "P2": make_policy("20000.00")})
    result = evaluate(get_edition("insurance-2019"), facts)
    assert (result.items["P1"].status, result.items["P2"].status) == ("ineligible", "eligible")
    assert (result.status, result.amount) == ("eligible", Decimal("20000.00"))


def test_a_correction_notice_lists_every_problem_at_once():
    facts = make_facts(materials=[], items={"P1": make_policy(materials=[], patents=["ZL2099"])})
    result = evaluate(get_edition("insurance-2019"), facts)
    assert result.status == "needs_correction"
    ids = [n["id"] for n in result.notices("needs_correction")]
    assert ids == [
        "material:application_form",
        "material:patent_certificates",
        "material:integrity_pledge",
        "patents_listed",
        "own_patents",
        "patents_valid",
        "patent_fees_paid",
        "material:policy_copy",
        "material:premium_invoice",
    ]


def test_a_missing_judgement_waits_for_the_reviewer_with_a_provisional_amount():
    facts = make_facts(
        cycle_year=2021,
        items={
            "P1": make_policy(policy_date="2021-05-01", insurance_type="patent_enforcement", product_matches_need=None)
        },
    )
    result = evaluate(get_edition("insurance-2021"), facts)
    assert (result.status, result.amount) == ("awaiting_judgement", Decimal("12000.00"))


def test_loan_amount_is_the_lower_of_interest_share_and_reference_rate_share():
    facts = make_facts("loan_interest", cycle_year=2021, items={"L1": make_loan()})
    result = evaluate(get_edition("loan-interest-2021"), facts)
    steps = dict(result.items["L1"].steps)
    assert steps["reference_rate"] == Decimal("0.0385")  # LPR in force on 2020-06-01
    assert steps["counted_days"] == 150  # 2021-01-01 .. 2021-05-31, the last day bears no interest
    assert steps["by_interest"] == Decimal("10000.00")
    assert result.amount == Decimal("8020.83")  # 1,000,000 x 3.85 % x 50 % x 150 / 360


def test_every_result_pins_edition_id_version_and_sha256_of_the_lf_bytes():
    edition = get_edition("insurance-2021")
    raw = open(edition.path, "rb").read().replace(b"\r\n", b"\n")
    result = evaluate(edition, make_facts(cycle_year=2021, items={"P1": make_policy(policy_date="2021-05-01")}))
    assert (result.edition.id, result.edition.version) == ("insurance-2021", "1.0.0")
    assert result.edition.sha256 == hashlib.sha256(raw).hexdigest()
    loan = get_edition("loan-interest-2021").ref
    assert dict(loan.references)["lpr-1y"] == load_rulebook().references["lpr-1y"].sha256


def test_crlf_line_endings_do_not_change_the_hash(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / "insurance" / "insurance-2019.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_edition(path).sha256 == get_edition("insurance-2019").sha256


def test_re_running_gives_the_same_answer_to_the_fen():
    edition = get_edition("insurance-2019")
    facts = make_facts(items={"P1": make_policy("12345.675"), "P2": make_policy("33333.333")})
    first, second = evaluate(edition, facts).as_dict(), evaluate(edition, facts).as_dict()
    assert first == second
    assert first["amount"] == "45679.01"  # 12345.68 + 33333.33: each item rounded half up to the fen
    json.dumps(first, ensure_ascii=False)  # storable as it is


def test_an_ineligible_application_is_owed_nothing():
    facts = make_facts(
        enterprise={
            "registered_in_hebei": False,
            "is_enterprise": True,
            "is_legal_person": True,
            "size": "small",
            "unit": "SJZ",
        }
    )
    result = evaluate(get_edition("insurance-2019"), facts)
    assert (result.status, result.amount) == ("ineligible", Decimal("0.00"))


def test_an_edition_refuses_a_cycle_year_it_does_not_govern_unless_tried():
    edition, facts = get_edition("insurance-2019"), make_facts(cycle_year=2021)
    with pytest.raises(EngineError, match="governs cycle years \\[2020\\], not 2021"):
        evaluate(edition, facts)
    assert evaluate(edition, facts, trial=True).trial is True


def test_an_edition_refuses_facts_of_the_other_programme():
    with pytest.raises(EngineError, match="cannot be judged"):
        evaluate(get_edition("loan-interest-2019"), make_facts())


def test_computed_criteria_are_traced():
    facts = make_facts(
        cycle_year=2021, items={"P1": make_policy(policy_date="2021-05-01", insurance_type="patent_enforcement")}
    )
    criteria = {c.id: c for c in evaluate(get_edition("insurance-2021"), facts).computed_criteria}
    assert criteria["eligible_policies"].points == 5
    assert criteria["qualifications"].points == 10
    assert criteria["qualifications"].inputs == {"qualifications": frozenset({"high_tech"})}


def test_a_pinned_result_reruns_from_its_snapshot_after_the_file_changed(tmp_path):
    edition = get_edition("insurance-2019")
    facts = make_facts(items={"P1": make_policy("45000.00"), "P2": make_policy("12000.00")})
    stored = evaluate(edition, facts)
    assert pinned_edition("insurance-2019", stored.edition.sha256) is edition
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / "insurance" / "insurance-2019.yaml"
    path.write_text(edition.text.replace("value: 50000", "value: 60000"), encoding="utf-8")  # edited in place
    book = load_rulebook(tmp_path / "rules")
    with pytest.raises(PinMismatchError, match="was pinned at sha256"):
        pinned_edition("insurance-2019", stored.edition.sha256, book=book)
    pinned = pinned_edition("insurance-2019", stored.edition.sha256, snapshot=edition.text, book=book)
    assert evaluate(pinned, facts).as_dict() == stored.as_dict()
    assert evaluate(book.edition("insurance-2019"), facts).amount == Decimal("57000.00")


def test_a_snapshot_that_does_not_match_the_pin_is_refused():
    edition = get_edition("insurance-2019")
    edited = edition.text.replace("value: 50000", "value: 60000")
    with pytest.raises(PinMismatchError):
        pinned_edition("insurance-2019", "f" * 64, snapshot=edited)
