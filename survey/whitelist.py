"""The white list (白名单): consenting enterprises, selected by their answers, pushed to the banking regulator and
the social-credit lead unit as an .xlsx.

Participation is voluntary (plan item 三: 按照企业自愿的原则): only current responses whose enterprise agreed to be
listed can ever be selected, whatever the filter says; a contact's phone is masked (138****0000) unless the
enterprise also agreed to show it. A unit selects among its own enterprises, the province among all. Every
export is kept — who, which filter, which enterprises, to whom, when, and the file itself.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.models import record
from enterprises.models import Industry, Size

from . import permissions
from .models import LoanTerm, MaxCost, Recipient, SurveyResponse, WhiteListExport


@dataclass(frozen=True)
class Selection:
    """The filter, as the user chose it; blank means "any"."""

    industry: str = ""
    size: str = ""
    loan_term: str = ""
    max_cost: str = ""
    amount_min: Decimal | None = None  # 万元
    amount_max: Decimal | None = None
    key_only: bool = False
    unit: str = ""  # unit code; the province only

    def as_json(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items() if v not in ("", None)}


def candidates(user, year: int, selection: Selection) -> QuerySet[SurveyResponse]:
    """Current, consenting responses the user may push, narrowed by the selection; key enterprises first."""
    responses = permissions.visible_responses(user).current().of_year(year).consenting()
    if selection.unit and user.is_province_admin:
        responses = responses.filter(enterprise__unit__code=selection.unit)
    for name in ("industry", "size", "loan_term", "max_cost"):
        if getattr(selection, name):
            responses = responses.filter(**{name: getattr(selection, name)})
    if selection.amount_min is not None:
        responses = responses.filter(amount_sought__gte=selection.amount_min)
    if selection.amount_max is not None:
        responses = responses.filter(amount_sought__lte=selection.amount_max)
    responses = responses.key_first()
    if selection.key_only:
        responses = responses.filter(is_key=True)
    return responses


HEADERS = (
    "序号",
    "单位",
    "企业名称",
    "统一社会信用代码",
    "服务企业行重点企业",
    "所属行业",
    "企业规模",
    "拟融资额（万元）",
    "期望贷款期限",
    "能够接受的最高融资成本",
    "融资目的",
    "拟合作银行",
    "有效专利量（件）",
    "商标拥有数量（件）",
    "联系人",
    "职务",
    "电话/手机",
)


def workbook(responses: list[SurveyResponse], year: int, recipient_label: str) -> bytes:
    """The list as sent: one row per enterprise, phones masked unless consented."""
    book = Workbook()
    sheet = book.active
    sheet.title = "白名单"
    with translation.override("zh-hans"):
        sheet.append([f"{year}年知识产权质押融资企业白名单（推送：{recipient_label}）"])
        sheet.append(list(HEADERS))
        for index, r in enumerate(responses, start=1):
            sheet.append(
                [
                    index,
                    r.enterprise.unit.name,
                    r.name,
                    r.uscc,
                    "是" if getattr(r, "is_key", False) else "",
                    str(Industry(r.industry).label),
                    str(Size(r.size).label),
                    r.amount_sought,
                    str(LoanTerm(r.loan_term).label),
                    str(MaxCost(r.max_cost).label),
                    "、".join(r.purpose_labels),
                    "、".join(r.banks),
                    r.patents_valid,
                    r.trademarks,
                    r.contact_name,
                    r.contact_title,
                    r.shown_phone,
                ]
            )
    sheet["A1"].font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, min_col=8, max_col=8):
        row[0].number_format = "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(user, year: int, selection: Selection, recipient: str, recipient_name: str = "") -> WhiteListExport:
    """Build the file for the selection and record the export (who, filter, enterprises, to whom, when)."""
    verdict = permissions.can_see_unit_work(user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    responses = list(candidates(user, year, selection))
    if not responses:
        raise ValueError(_("没有符合条件且同意推送的企业，未导出"))
    recipient_label = recipient_name or str(Recipient(recipient).label)
    content = workbook(responses, year, recipient_label)
    with transaction.atomic():
        sent = WhiteListExport(
            year=year,
            unit=None if user.is_province_admin else user.reviewer_unit,
            recipient=recipient,
            recipient_name=recipient_name[:100],
            filters=selection.as_json(),
            enterprises=[
                {
                    "id": r.enterprise_id,
                    "uscc": r.uscc,
                    "name": r.name,
                    "response": r.pk,
                    "phone_shown": r.phone_consent,
                }
                for r in responses
            ],
            row_count=len(responses),
            exported_by=user,
            exported_at=timezone.now(),
        )
        sent.file.save(f"whitelist-{year}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(content), save=False)
        sent.save()
        record(
            user,
            "survey.whitelistexport.exported",
            sent,
            year=year,
            recipient=recipient,
            recipient_name=recipient_name,
            filters=sent.filters,
            enterprises=[r.uscc for r in responses],
        )
    return sent
