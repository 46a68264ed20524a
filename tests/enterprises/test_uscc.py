"""统一社会信用代码 on the registration form: refused with a message on that field, or accepted."""

import pytest
from stdnum.cn.uscc import calc_check_digit

from enterprises.forms import EnterpriseForm
from enterprises.uscc import warnings

VALID = "91130104MA0D1K2L3" + calc_check_digit("91130104MA0D1K2L3")


def form_with(code, sjz):
    return EnterpriseForm(
        data={
            "uscc": code,
            "name": "石家庄测试有限公司",
            "unit": sjz.pk,
            "address": "石家庄市测试路1号",
            "size": "small",
            "industry": "other",
            "contact_name": "张三",
            "contact_phone": "13800000000",
        }
    )


@pytest.mark.django_db
def test_a_valid_code_is_accepted(sjz):
    form = form_with(VALID, sjz)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["uscc"] == VALID


@pytest.mark.django_db
def test_lowercase_and_spaces_are_normalised(sjz):
    typed = " " + VALID[:9] + " " + VALID[9:].lower() + " "
    form = form_with(typed, sjz)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["uscc"] == VALID


@pytest.mark.django_db
def test_a_code_of_the_wrong_length_is_refused_on_the_field(sjz):
    form = form_with(VALID[:-1], sjz)
    assert not form.is_valid()
    assert form.errors["uscc"] == ["统一社会信用代码应为18位，您填写了17位"]


@pytest.mark.django_db
@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_a_letter_outside_the_alphabet_is_refused_with_its_position(sjz, letter):
    code = VALID[:10] + letter + VALID[11:]
    form = form_with(code, sjz)
    assert not form.is_valid()
    assert form.errors["uscc"] == [
        f"第11位“{letter}”不是统一社会信用代码使用的字符（代码只用数字和除I、O、S、V、Z以外的大写字母）"
    ]


@pytest.mark.django_db
def test_a_wrong_check_character_is_refused_naming_the_right_one(sjz):
    right = VALID[-1]
    wrong = "0" if right != "0" else "1"
    form = form_with(VALID[:-1] + wrong, sjz)
    assert not form.is_valid()
    assert form.errors["uscc"] == [
        f"校验位错误：按GB 32100-2015，第18位应为“{right}”，您填写的是“{wrong}”，请核对营业执照"
    ]


def test_a_hebei_company_code_has_no_warning():
    assert warnings(VALID) == []


def test_a_code_from_outside_hebei_is_a_warning_not_a_refusal():
    body = "91110108MA0E7F8G9"
    found = warnings(body + calc_check_digit(body))
    assert len(found) == 1
    assert "110108" in found[0] and "河北" in found[0]


def test_a_code_not_registered_as_an_enterprise_is_a_warning():
    body = "12130000000000001"  # 12 = a public institution (事业单位)
    found = warnings(body + calc_check_digit(body))
    assert any("91/92/93" in w for w in found)


@pytest.mark.django_db
def test_the_unit_is_chosen_never_inferred_from_the_code(sjz):
    """辛集's region code 130181 lies inside 石家庄's range: the form keeps the unit the user chose."""
    from places.models import Unit

    xinji = Unit.objects.get(code="XJ")
    body = "91130181MA0P4Q5R6"
    form = form_with(body + calc_check_digit(body), sjz)
    form.data = {**form.data, "unit": xinji.pk}
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == xinji
