"""Chinese patent numbers (专利号): parse what people type, normalise it, refuse it precisely.

A patent number is ``ZL`` + the application number (申请号) + ``.`` + a check character (校验位).

- Since 1 October 2003 the application number has 12 digits: a 4-digit filing year, one type digit and a
  7-digit serial (ZL201710601862.3).
- Before, it had 8 digits: a 2-digit year, the type digit and a 5-digit serial (ZL99123456.1).
- Type digit: 1 invention (发明), 2 utility model (实用新型), 3 design (外观设计), 8 and 9 PCT applications
  entering China (8 invention, 9 utility model).
- Check character: Σ digitᵢ × weightᵢ mod 11, weights 2,3,4,5,6,7,8,9 repeating from the first digit
  (2,3,4,5,6,7,8,9,2,3,4,5 for 12 digits); a remainder of 10 is written ``X``.

People copy numbers from certificates, receipts and web pages, so ``parse`` accepts lower case, a missing
``ZL``, spaces, full-width characters, ``．`` or ``。`` for the dot and a missing dot; everything else is
refused with a message that says which character is wrong and what it should be.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
FIRST_YEAR = 1985  # the Patent Law took effect on 1 April 1985
LAST_EIGHT_DIGIT_YEAR = 2003  # 12-digit numbers from 1 October 2003

# The rules engine's PATENT_TYPES (scoring/facts.py) are exactly these three.
INVENTION, UTILITY_MODEL, DESIGN = "invention", "utility_model", "design"
TYPE_DIGITS = {"1": INVENTION, "2": UTILITY_MODEL, "3": DESIGN, "8": INVENTION, "9": UTILITY_MODEL}
PCT_DIGITS = ("8", "9")


@dataclass(frozen=True)
class PatentNumber:
    """A valid patent number, split into its parts."""

    application_number: str  # 12 or 8 digits
    check: str  # one digit or X

    @property
    def normalised(self) -> str:
        return f"ZL{self.application_number}.{self.check}"

    @property
    def type_digit(self) -> str:
        return self.application_number[4 if len(self.application_number) == 12 else 2]

    @property
    def patent_type(self) -> str:
        return TYPE_DIGITS[self.type_digit]

    @property
    def is_pct(self) -> bool:
        return self.type_digit in PCT_DIGITS

    @property
    def year(self) -> int:
        return filing_year(self.application_number)

    def __str__(self) -> str:
        return self.normalised


def check_character(digits: str) -> str:
    """The check character of an application number (8 or 12 digits)."""
    total = sum(int(d) * WEIGHTS[i % len(WEIGHTS)] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def filing_year(digits: str) -> int:
    """The filing year: four digits since 2003; two before (85–99 → 19xx, 00–03 → 20xx)."""
    if len(digits) == 12:
        return int(digits[:4])
    yy = int(digits[:2])
    return 1900 + yy if yy >= FIRST_YEAR % 100 else 2000 + yy


def _clean(value: str) -> str:
    # NFKC turns full-width letters, digits and '．' into ASCII; '。' is not a compatibility form.
    text = unicodedata.normalize("NFKC", value or "").replace("。", ".").upper()
    text = "".join(text.split())
    return text.removeprefix("ZL")


def parse(value: str, *, today: date | None = None) -> PatentNumber:
    """Parse what someone typed into a PatentNumber, or raise ValidationError naming what is wrong."""
    text = _clean(value)
    if not text:
        raise ValidationError(_("请填写专利号，例如 ZL201710601862.3"), code="patent_empty")
    if text.count(".") > 1:
        raise ValidationError(_("专利号中只能有一个小数点（位于校验位之前）"), code="patent_format")
    if "." in text:
        body, check = text.split(".")
        if not check:
            check = None
        elif len(check) > 1:
            raise ValidationError(
                _("小数点后应只有一位校验位（数字或X），您填写了“%(check)s”") % {"check": check}, code="patent_format"
            )
    elif len(text) in (9, 13):  # the dot was left out: the last character is the check character
        body, check = text[:-1], text[-1]
    else:
        body, check = text, None

    for position, char in enumerate(body, start=1):
        if not char.isdigit():
            raise ValidationError(
                _("申请号第%(pos)d位“%(char)s”不是数字（申请号只由数字组成，校验位写在小数点之后）")
                % {"pos": position, "char": char},
                code="patent_character",
            )
    if len(body) not in (8, 12):
        raise ValidationError(
            _("申请号应为12位数字（2003年10月起）或8位数字（此前），您填写了%(n)d位数字") % {"n": len(body)},
            code="patent_length",
        )

    type_position = 5 if len(body) == 12 else 3
    type_digit = body[type_position - 1]
    if type_digit not in TYPE_DIGITS:
        raise ValidationError(
            _(
                "申请号第%(pos)d位是专利类型代码，应为1（发明）、2（实用新型）、3（外观设计）、"
                "8（进入中国的PCT发明）或9（进入中国的PCT实用新型），您填写的是“%(digit)s”"
            )
            % {"pos": type_position, "digit": type_digit},
            code="patent_type_digit",
        )

    year = filing_year(body)
    this_year = (today or timezone.localdate()).year
    if len(body) == 8 and not FIRST_YEAR <= year <= LAST_EIGHT_DIGIT_YEAR:
        raise ValidationError(
            _("8位申请号的前两位是申请年份，“%(yy)s”不可能：8位申请号只用于1985年至2003年的申请") % {"yy": body[:2]},
            code="patent_year",
        )
    if year < FIRST_YEAR:
        raise ValidationError(_("申请年份%(year)d年不可能：专利法自1985年起施行") % {"year": year}, code="patent_year")
    if year > this_year:
        raise ValidationError(
            _("申请年份%(year)d年晚于今年（%(now)d年），请核对申请号前4位") % {"year": year, "now": this_year},
            code="patent_year",
        )

    expected = check_character(body)
    if check is None:
        raise ValidationError(
            _(
                "缺少校验位：申请号%(body)s的校验位应为“%(expected)s”，完整专利号为ZL%(body)s.%(expected)s，请核对专利证书"
            )
            % {"body": body, "expected": expected},
            code="patent_check_missing",
        )
    if check != expected:
        raise ValidationError(
            _("校验位错误：按申请号%(body)s计算，校验位应为“%(expected)s”，您填写的是“%(got)s”，请核对专利证书")
            % {"body": body, "expected": expected, "got": check},
            code="patent_check",
        )
    return PatentNumber(body, check)


def normalise(value: str) -> str:
    """The normalised form (``ZL201710601862.3``) of a valid number; raises ValidationError otherwise."""
    return parse(value).normalised


def patent_type_of(value: str) -> str:
    """invention / utility_model / design, from the number's type digit."""
    return parse(value).patent_type


def validate_patent_number(value: str) -> None:
    """Django validator: accepts anything ``parse`` accepts (the model stores the normalised form)."""
    parse(value)
