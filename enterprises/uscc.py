"""统一社会信用代码 (USCC, GB 32100-2015): validation with messages that say what to fix.

The check character is computed by python-stdnum. Codes are refused only when they are not a USCC
at all; a code that is valid but unusual for a Hebei enterprise (not registered by market
supervision as a company, or with a region outside Hebei) gets a *warning* for the reviewer, because
real enterprises do carry such codes (a company that moved in keeps its code). The unit is never
inferred from the code: 辛集 and 定州 codes lie inside 石家庄's and 保定's ranges, 雄安's inside 保定's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# 9 = registered by market supervision; 1 company, 2 sole proprietorship/individual, 3 farmers' co-op.
ENTERPRISE_PREFIXES = ("91", "92", "93")
HEBEI_REGION_PREFIX = "13"


def normalise(value: str) -> str:
    """Upper-case and drop spaces and hyphens, as people type codes from a licence."""
    return stdnum_uscc.compact(value or "")


def validate(value: str) -> str:
    """Return the normalised code, or raise ValidationError naming exactly what is wrong."""
    code = normalise(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，您填写了%(n)d位") % {"n": len(code)}, code="uscc_length")
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            raise ValidationError(
                _("第%(pos)d位“%(char)s”不是统一社会信用代码使用的字符（代码只用数字和除I、O、S、V、Z以外的大写字母）")
                % {"pos": position, "char": char},
                code="uscc_character",
            )
    if not code[:8].isdigit():
        raise ValidationError(_("前8位（登记管理部门、机构类别和登记管理机关行政区划码）应为数字"), code="uscc_format")
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("校验位错误：按GB 32100-2015，第18位应为“%(expected)s”，您填写的是“%(got)s”，请核对营业执照")
            % {"expected": expected, "got": code[17]},
            code="uscc_checksum",
        )
    return code


def warnings(code: str) -> list[str]:
    """Things a reviewer should look at for a valid code; never a reason to refuse on their own."""
    found = []
    if not code.startswith(ENTERPRISE_PREFIXES):
        found.append(
            _("代码前两位为“%(prefix)s”，不是市场监管部门登记的企业（91/92/93），请核实申报主体资格")
            % {"prefix": code[:2]}
        )
    if not code[2:4] == HEBEI_REGION_PREFIX:
        found.append(
            _("登记机关行政区划码为“%(region)s”，不在河北省（13开头），请核实是否在河北注册") % {"region": code[2:8]}
        )
    return found
