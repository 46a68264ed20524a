"""The management commands are thin wrappers: they print and exit non-zero on failure."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from .makers import make_policy, make_raw

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rules_check_passes_on_the_shipped_rules():
    out, _ = run("rules_check")
    assert "ok insurance-2021 v1.0.0 released cycles [2021, 2022, 2023] sha256 " in out


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("unknown_key", "insurance-2021.yaml:23: eligibility[1].colour: unknown key 'colour'"),
        ("duplicate_key", "insurance-2021.yaml:18: eligibility[0].severity: duplicate key"),
        ("wrong_type", "insurance-2021.yaml:40: rubric.criteria[0].max_points: wrong type"),
        ("bad_date", "insurance-2021.yaml:11: parameters.window_start.value: bad date"),
        ("overlap", "insurance-2021.yaml:7: edition.cycle_years: cycle year 2021"),
        ("weights", "insurance-2021.yaml:36: rubric.criteria: criterion weights"),
        ("unknown_fact", "insurance-2021.yaml:18: eligibility[0].condition: unknown name 'secret_score'"),
        ("bad_expression", "insurance-2021.yaml:25: eligibility[1].condition: does not parse"),
        ("gap", "insurance-2021.yaml:7: edition.cycle_years: cycle year 2020 of insurance has no edition"),
    ],
)
def test_rules_check_fails_with_the_error_on_each_broken_fixture(fixture, where):
    err = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("rules_check", "--rules-dir", str(FIXTURES / fixture), stdout=StringIO(), stderr=err)
    assert where in err.getvalue()


def test_rules_cases_runs_every_case():
    out, _ = run("rules_cases")
    assert "0 coverage gap(s)" in out


def test_rules_diff_prints_changes():
    out, _ = run("rules_diff", "loan-interest-2019", "loan-interest-2021")
    assert 'parameters.window_end.value: "2020-12-31" -> "2023-12-31"' in out


def test_rules_impact_reads_a_facts_file(tmp_path):
    path = tmp_path / "apps.yaml"
    raw = make_raw(items={"P1": make_policy(premium="36000.00", first_year_premium="12000.00")})
    path.write_text(yaml.safe_dump([raw], allow_unicode=True), encoding="utf-8")
    out, _ = run("rules_impact", "insurance-2019", "insurance-2021", str(path))
    assert "A1: status eligible -> ineligible; amount 36000.00 -> 0.00" in out
    assert "1 of 1 application(s) change" in out
