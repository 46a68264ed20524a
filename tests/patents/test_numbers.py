"""Patent numbers as people type them: normalised when valid, refused with a message that says what to fix."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from patents import numbers


def check_of(digits: str) -> str:
    """Computed here independently of the code under test (domain.md §7)."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] if len(digits) == 12 else [2, 3, 4, 5, 6, 7, 8, 9]
    r = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return "X" if r == 10 else str(r)


def refusal(value: str, **kw) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        numbers.parse(value, **kw)
    return exc.value


def test_the_domain_example_has_check_character_3():
    assert check_of("201710601862") == "3"
    assert numbers.check_character("201710601862") == "3"
    assert numbers.normalise("ZL201710601862.3") == "ZL201710601862.3"


@pytest.mark.parametrize(
    "typed",
    [
        "ZL201710601862.3",
        "zl201710601862.3",
        "201710601862.3",
        "ZL 2017 1060 1862.3",
        "ZL201710601862．3",
        "ZL201710601862。3",
        "ZL2017106018623",
        "ＺＬ２０１７１０６０１８６２．３",
        " ZL201710601862.3\t",
    ],
)
def test_what_people_type_is_normalised(typed):
    assert numbers.normalise(typed) == "ZL201710601862.3"


@pytest.mark.parametrize(
    ("digits", "patent_type", "pct"),
    [
        ("202010345678", "invention", False),
        ("202120456789", "utility_model", False),
        ("201930123456", "design", False),
        ("201880012345", "invention", True),
        ("201990054321", "utility_model", True),
    ],
)
def test_type_digit_gives_the_patent_type(digits, patent_type, pct):
    parsed = numbers.parse(f"ZL{digits}.{check_of(digits)}")
    assert (parsed.patent_type, parsed.is_pct) == (patent_type, pct)
    assert numbers.patent_type_of(f"{digits}{check_of(digits)}") == patent_type


def test_pre_2003_eight_digit_number():
    assert check_of("99123456") == "1"  # 18+27+4+10+18+28+40+54 = 199 = 18*11 + 1
    parsed = numbers.parse("zl99123456.1")
    assert (parsed.normalised, parsed.year, parsed.patent_type) == ("ZL99123456.1", 1999, "invention")


def test_pre_2003_eight_digit_number_without_dot():
    digits = "02212345"
    assert numbers.normalise(digits + check_of(digits)) == f"ZL{digits}.{check_of(digits)}"


def test_x_check_character():
    digits = next(f"2019101{n:05d}" for n in range(1000) if check_of(f"2019101{n:05d}") == "X")
    assert numbers.normalise(f"zl{digits}.x") == f"ZL{digits}.X"
    assert "应为“X”" in refusal(f"ZL{digits}.0").messages[0]


def test_wrong_check_character_says_what_it_should_be():
    error = refusal("ZL201710601862.4")
    assert error.code == "patent_check"
    assert error.messages == ["校验位错误：按申请号201710601862计算，校验位应为“3”，您填写的是“4”，请核对专利证书"]


def test_missing_check_character_says_what_it_should_be():
    error = refusal("ZL201710601862")
    assert error.code == "patent_check_missing"
    assert "应为“3”" in error.messages[0] and "ZL201710601862.3" in error.messages[0]


def test_wrong_length_says_how_many_digits():
    error = refusal("ZL20171060186.3")
    assert error.code == "patent_length"
    assert error.messages == ["申请号应为12位数字（2003年10月起）或8位数字（此前），您填写了11位数字"]


def test_non_digit_names_the_position():
    error = refusal("ZL2017106O1862.3")
    assert error.code == "patent_character"
    assert error.messages[0].startswith("申请号第8位“O”不是数字")


def test_unknown_type_digit():
    error = refusal("ZL201750601862.3")
    assert error.code == "patent_type_digit"
    assert "申请号第5位是专利类型代码" in error.messages[0] and "您填写的是“5”" in error.messages[0]


def test_unknown_type_digit_in_an_old_number_is_at_position_3():
    assert "申请号第3位" in refusal("ZL99523456.1").messages[0]


def test_future_year_is_refused():
    digits = "203010601862"
    error = refusal(f"ZL{digits}.{check_of(digits)}", today=date(2025, 6, 1))
    assert error.code == "patent_year"
    assert error.messages == ["申请年份2030年晚于今年（2025年），请核对申请号前4位"]


def test_year_before_the_patent_law_is_refused():
    digits = "198410601862"
    assert refusal(f"ZL{digits}.{check_of(digits)}").messages == ["申请年份1984年不可能：专利法自1985年起施行"]


def test_eight_digit_number_with_an_impossible_year():
    digits = "50123456"
    error = refusal(f"ZL{digits}.{check_of(digits)}")
    assert error.code == "patent_year" and "“50”不可能" in error.messages[0]


def test_two_dots_and_long_check_are_refused():
    assert refusal("ZL2017.10601862.3").code == "patent_format"
    assert refusal("ZL201710601862.33").code == "patent_format"


def test_empty_is_refused():
    assert refusal("  ").code == "patent_empty"


def test_validator_accepts_typed_forms():
    numbers.validate_patent_number("zl 201710601862。3")
    with pytest.raises(ValidationError):
        numbers.validate_patent_number("ZL201710601862.4")
