"""Conflicts of interest (回避): why an expert must not evaluate an application.

An expert is conflicted with an application when, on the day ``on`` (the draw, or the declaration):

- **enterprise link** — a link with the applicant enterprise (任职、顾问、亲属、纠纷、其他) that is still
  open, or ended on or after ``on`` minus 3 years (a link that ended exactly 3 years ago still counts;
  one that ended 3 years and a day ago does not). The start date does not matter: a relationship that
  began after ``on`` is a relationship all the same. An enterprise is matched by its record, or by name
  when the link names an enterprise that had not registered;
- **bank or insurer link** — a link within the same 3 years with the bank of one of the applicant's
  loans or the insurer of one of its policies, matched by name (rule below) whatever kind the link was
  filed under;
- **other link** — a link of kind "other" that names the applicant enterprise;
- **own unit** — the expert's unit is the unit that pre-reviewed the application, or the expert holds
  the city-reviewer role of that unit (a city reviewer never scores their own unit's applications).

**Name rule** (``name_key``): names are compared after NFKC (full-width letters and brackets become
ordinary ones), removing all whitespace and brackets, and ignoring letter case; then, when the name ends
with a branch word (分行、支行、分公司、支公司、营业部、分理处、营业所、办事处), everything after the last
legal-entity word before it (股份有限公司、有限责任公司、有限公司、银行、公司) is dropped; finally a trailing
legal form (股份有限公司、有限责任公司、有限公司) is dropped. So "中国银行股份有限公司石家庄分行",
"中国银行石家庄裕华支行" and "中国银行" are the same bank, and "中国人民财产保险股份有限公司河北省分公司"
is "中国人民财产保险". Abbreviations (人保财险、工行) are not recognised: links must give the full name.

The functions here read the database only through the objects' relations, so a draw can prefetch
``links``, ``user__roles``, ``policies`` and ``loans`` once for the whole pool.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleKind

from .models import Expert, ExpertLink, LinkKind

LOOKBACK_YEARS = 3

BRANCH = re.compile(r"(分行|支行|分公司|支公司|营业部|分理处|营业所|办事处)$")
ENTITY_END = re.compile(r"股份有限公司|有限责任公司|有限公司|银行|公司")
LEGAL_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司)$")
IGNORED = re.compile(r"[\s()\[\]【】〔〕「」『』<>《》]+")


class Code(models.TextChoices):
    ENTERPRISE_LINK = "enterprise_link", _("与申报企业存在关联")
    BANK_LINK = "bank_link", _("与申报企业的贷款银行存在关联")
    INSURER_LINK = "insurer_link", _("与申报企业的承保机构存在关联")
    OTHER_LINK = "other_link", _("存在其他利益关联")
    OWN_UNIT = "own_unit", _("本人所在单位负责该申报的初审")


@dataclass(frozen=True)
class Conflict:
    code: str
    reason: str
    link_id: int | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "reason": self.reason, "link": self.link_id}


def name_key(name: str) -> str:
    """The comparable form of an institution's or enterprise's name (rule in the module docstring)."""
    text = IGNORED.sub("", unicodedata.normalize("NFKC", name or "")).casefold()
    if BRANCH.search(text):
        ends = [match.end() for match in ENTITY_END.finditer(text) if match.end() < len(text)]
        if ends:
            text = text[: max(ends)]
    return LEGAL_FORM.sub("", text)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_recent(link: ExpertLink, on: dt.date) -> bool:
    """Open, or ended no earlier than ``on`` minus 3 years (the boundary day itself counts)."""
    return link.ended_on is None or link.ended_on >= years_before(on, LOOKBACK_YEARS)


def _institutions(application) -> list[tuple[str, str]]:
    """(kind, name) of every bank and insurer on the application's loans and policies."""
    found = [(LinkKind.INSURER, policy.insurer) for policy in application.policies.all()]
    found += [(LinkKind.BANK, loan.bank) for loan in application.loans.all()]
    return found


def _reviewer_unit_id(user) -> int | None:
    # roles.all() (not user.reviewer_unit) so that a draw's prefetch of user__roles is used.
    for role in user.roles.all():
        if role.kind == RoleKind.CITY_REVIEWER:
            return role.unit_id
    return None


def _link_conflict(link: ExpertLink, application, institutions: list[tuple[str, str]]) -> Conflict | None:
    enterprise = application.enterprise
    relation = link.get_relation_display()
    since = link.started_on.isoformat() if link.started_on else ""
    until = link.ended_on.isoformat() if link.ended_on else gettext("至今")
    period = f"{since}—{until}" if since else until
    if link.kind == LinkKind.ENTERPRISE:
        same = (
            link.enterprise_id == enterprise.pk
            if link.enterprise_id
            else name_key(link.counterpart) == name_key(enterprise.name)
        )
        if same:
            return Conflict(
                Code.ENTERPRISE_LINK,
                gettext("与申报企业“%(name)s”存在%(relation)s关系（%(period)s）")
                % {"name": enterprise.name, "relation": relation, "period": period},
                link.pk,
            )
        return None
    # Banks, insurers and "other" links are matched by name against every bank and insurer of the
    # application, whatever kind the link was filed under: a name that matches is a conflict.
    key = name_key(link.counterpart)
    if not key:
        return None
    for kind, name in institutions:
        if key == name_key(name):
            code = Code.BANK_LINK if kind == LinkKind.BANK else Code.INSURER_LINK
            what = gettext("贷款银行") if kind == LinkKind.BANK else gettext("承保机构")
            return Conflict(
                code,
                gettext("与申报企业的%(what)s“%(name)s”存在%(relation)s关系（%(period)s）")
                % {"what": what, "name": name, "relation": relation, "period": period},
                link.pk,
            )
    if link.kind == LinkKind.OTHER and key == name_key(enterprise.name):
        return Conflict(
            Code.OTHER_LINK,
            gettext("与申报企业“%(name)s”存在%(relation)s关系（%(period)s）")
            % {"name": enterprise.name, "relation": relation, "period": period},
            link.pk,
        )
    return None


def conflicts(expert: Expert, application, on: dt.date) -> list[Conflict]:
    """Every reason ``expert`` must not evaluate ``application`` on the day ``on`` (empty: no conflict)."""
    found: list[Conflict] = []
    if expert.unit_id is not None and expert.unit_id == application.unit_id:
        found.append(
            Conflict(
                Code.OWN_UNIT,
                gettext("专家所在单位%(unit)s负责该申报的初审") % {"unit": application.unit.name},
            )
        )
    elif _reviewer_unit_id(expert.user) == application.unit_id:
        found.append(
            Conflict(
                Code.OWN_UNIT,
                gettext("专家是%(unit)s的初审审核员，该申报由其单位初审") % {"unit": application.unit.name},
            )
        )
    institutions = _institutions(application)
    for link in expert.links.all():
        if not is_recent(link, on):
            continue
        conflict = _link_conflict(link, application, institutions)
        if conflict is not None:
            found.append(conflict)
    return found
