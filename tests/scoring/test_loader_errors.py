"""The loader refuses each class of broken rules file, naming the file, the key path and the line."""

from pathlib import Path

import pytest

from scoring.loader import RULES_DIR, check_rules, load_rulebook

FIXTURES = Path(__file__).parent / "fixtures"


def only_error(name):
    errors = check_rules(FIXTURES / name)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_the_shipped_rules_load_without_error():
    assert check_rules(RULES_DIR) == []
    assert sorted(load_rulebook().editions) == [
        "insurance-2019",
        "insurance-2021",
        "loan-interest-2019",
        "loan-interest-2021",
    ]


def test_the_minimal_fixture_is_itself_valid():
    assert check_rules(FIXTURES / "valid") == []


@pytest.mark.parametrize(
    ("fixture", "file", "path", "line", "message"),
    [
        ("unknown_key", "insurance-2021.yaml", "eligibility[1].colour", 23, "unknown key 'colour'"),
        (
            "duplicate_key",
            "insurance-2021.yaml",
            "eligibility[0].severity",
            18,
            "duplicate key 'severity' (first given on line 17)",
        ),
        ("wrong_type", "insurance-2021.yaml", "rubric.criteria[0].max_points", 40, "expected a number, got 'ninety'"),
        ("bad_date", "insurance-2021.yaml", "parameters.window_start.value", 11, "bad date '2021-02-30'"),
        (
            "overlap",
            "insurance-2021.yaml",
            "edition.cycle_years",
            7,
            "cycle year 2021 of insurance is also governed by insurance-2021b",
        ),
        ("weights", "insurance-2021.yaml", "rubric.criteria", 36, "add up to 95, not total_points 100"),
        ("unknown_fact", "insurance-2021.yaml", "eligibility[0].condition", 18, "unknown name 'secret_score'"),
        ("bad_expression", "insurance-2021.yaml", "eligibility[1].condition", 25, "does not parse"),
        ("gap", "insurance-2021.yaml", "edition.cycle_years", 7, "cycle year 2020 of insurance has no edition"),
    ],
)
def test_each_error_class_names_file_key_path_and_line(fixture, file, path, line, message):
    error = only_error(fixture)
    assert error.file.endswith(f"{fixture}/insurance/{file}")
    assert (error.path, error.line) == (path, line)
    assert message in error.message


def test_all_errors_of_a_directory_are_reported_at_once(tmp_path):
    target = tmp_path / "insurance"
    target.mkdir()
    for name in ("unknown_key", "weights"):
        text = (FIXTURES / name / "insurance" / "insurance-2021.yaml").read_text()
        year = "2021" if name == "unknown_key" else "2022"
        text = text.replace("id: insurance-2021", f"id: insurance-{name}").replace("[2021]", f"[{year}]")
        (target / f"insurance-{name}.yaml").write_text(text)
    assert sorted(e.path for e in check_rules(tmp_path)) == ["eligibility[1].colour", "rubric.criteria"]


def test_edition_id_must_match_the_file_name(tmp_path):
    (tmp_path / "insurance").mkdir()
    text = (FIXTURES / "valid" / "insurance" / "insurance-2021.yaml").read_text()
    (tmp_path / "insurance" / "insurance-2022.yaml").write_text(text)
    [error] = check_rules(tmp_path)
    assert (error.path, error.line) == ("edition.id", 2)
