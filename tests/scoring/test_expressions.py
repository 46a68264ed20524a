"""The expression interpreter: what it computes, and what it refuses with a position."""

import datetime as dt
from decimal import Decimal

import pytest

from scoring.expressions import EvaluationError, ExpressionError, compile_expression

NAMES = {"premium", "ratio", "start", "end", "qualifications", "ok", "facts"}


def run(source, **env):
    return compile_expression(source, NAMES)(env)


def refused(source):
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, NAMES)
    return info.value


def test_money_stays_decimal_and_float_literals_become_decimal():
    assert run("premium * 0.8", premium=Decimal("12000.10")) == Decimal("9600.080")
    assert isinstance(run("1 / 3"), Decimal)


def test_comparison_chains_and_dates():
    env = {"start": dt.date(2021, 1, 1), "end": dt.date(2021, 12, 31)}
    assert run("date(2021, 1, 1) <= start <= end <= date('2021-12-31')", **env) is True
    assert run("days_between(start, end)", **env) == 364
    assert run("add_years(date('2020-02-29'), 1)") == dt.date(2021, 2, 28)


def test_membership_and_sets():
    q = frozenset({"high_tech"})
    assert run("'high_tech' in qualifications", qualifications=q) is True
    assert run("overlaps(qualifications, ['tech_sme', 'high_tech'])", qualifications=q) is True


def test_round_is_half_up():
    assert run("round(premium, 2)", premium=Decimal("0.125")) == Decimal("0.13")


def test_names_read_are_reported_in_order():
    expr = compile_expression("min(premium * ratio, premium)", NAMES)
    assert expr.names == ("premium", "ratio")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os')", "function '__import__' is not allowed"),
        ("().__class__.__bases__", "attribute access"),
        ("facts.premium", "attribute access"),
        ("9**9**9", "power operator"),
        ("premium.__class__", "attribute access"),
        ("open('x')", "function 'open' is not allowed"),
        ("[x for x in qualifications]", "comprehensions"),
        ("(lambda: 1)()", "only whitelisted functions"),
        ("qualifications[0]", "subscripts"),
        ("min(premium, key=ratio)", "keyword arguments"),
        ("secret > 1", "unknown name 'secret'"),
        ("10**3", "power operator"),
        ("99999999999999999999", "number literal larger"),
    ],
)
def test_refused(source, message):
    assert message in refused(source).message


def test_error_position_points_at_the_offending_node():
    err = refused("premium > 0 and facts.x")
    assert (err.line, err.column) == (1, 17)


def test_multiline_expression_reports_its_line():
    err = refused("premium > 0\n  and bogus")
    assert (err.line, err.column) == (2, 7)


def test_syntax_error_is_an_expression_error_with_position():
    err = refused("premium >")
    assert "does not parse" in err.message
    assert err.line == 1


def test_size_limit():
    assert "longer than" in refused("1 + " * 400 + "1").message


def test_string_repetition_cannot_blow_memory():
    with pytest.raises(EvaluationError):
        run("'a' * 999999999999999")


def test_division_by_zero_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="division by zero"):
        run("premium / 0", premium=Decimal(1))


def test_comparing_unlike_types_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="cannot compare"):
        run("start < 3", start=dt.date(2021, 1, 1))
