"""The documents an application produces: one function per document, filling its template's context.

Numbered documents are issued by the application's unit (each unit keeps its own 文号 series); the
申报书 and 诚信承诺书 are unnumbered: the enterprise prints, seals and uploads them as scans.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from documents import issue

from .models import InsuranceType


def _enterprise(application, full: bool = False) -> dict:
    enterprise = application.enterprise
    data = {"name": enterprise.name, "uscc": enterprise.uscc}
    if full:
        data.update(
            address=enterprise.address,
            unit=enterprise.unit.name,
            size=enterprise.get_size_display(),
            industry=enterprise.get_industry_display(),
            contact_name=enterprise.contact_name,
            contact_phone=enterprise.contact_phone,
        )
    return data


def _common(application) -> dict:
    return {
        "application_number": application.number or _("（提交后生成）"),
        "programme": application.get_programme_display(),
        "call_title": str(application.call),
    }


def _amount(application) -> Decimal:
    return application.amount_requested if application.amount_requested is not None else Decimal("0.00")


def _current_materials(application) -> list:
    return list(application.materials.filter(current=True).select_related("policy", "loan"))


def _material_labels(application) -> dict[str, str]:
    return {m.id: m.label for m in application.call.edition.spec.materials}


def acceptance_receipt(application, by):
    labels = _material_labels(application)
    materials = [
        {
            "label": labels.get(m.material_id, m.material_id) + (f"（{m.policy or m.loan}）" if m.item_key else ""),
            "file_name": m.original_name,
            "sha256": m.sha256[:16],
        }
        for m in _current_materials(application)
    ]
    return issue(
        "acceptance_receipt",
        issuer_code=application.unit.code,
        context={
            **_common(application),
            "enterprise": _enterprise(application),
            "submitted_at": timezone.localtime(application.last_submitted_at),
            "materials": materials,
        },
        obj=application,
        by=by,
        rules_edition=application.rules_edition,
    )


def _items_table(application) -> dict:
    if application.programme == "insurance":
        columns = [
            _("保险机构"),
            _("保单号"),
            _("险种"),
            _("保费"),
            _("首年保费"),
            _("保险金额"),
            _("保险期间"),
            _("缴费日期"),
        ]
        rows = [
            [
                p.insurer,
                p.policy_number,
                InsuranceType(p.insurance_type).label,
                f"{p.premium:,.2f}",
                f"{p.first_year_premium:,.2f}",
                f"{p.coverage:,.2f}",
                f"{p.period_start} — {p.period_end}",
                str(p.date_paid),
            ]
            for p in application.policies.all()
        ]
        return {"heading": _("投保明细"), "columns": columns, "rows": rows}
    columns = [_("贷款银行"), _("合同编号"), _("本金"), _("年利率"), _("贷款期限"), _("还款日"), _("年度内已付利息")]
    rows = [
        [
            loan.bank,
            loan.contract_number,
            f"{loan.principal:,.2f}",
            f"{loan.annual_rate}%",
            f"{loan.loan_start} — {loan.loan_end}",
            str(loan.repaid_on or "—"),
            f"{loan.interest_paid_in_cycle:,.2f}",
        ]
        for loan in application.loans.all()
    ]
    return {"heading": _("贷款明细"), "columns": columns, "rows": rows}


def _patents(application) -> list[dict]:
    seen = {}
    for item in application.items.prefetch_related("patents"):
        for patent in item.patents.all():
            seen[patent.number] = {
                "number": patent.number,
                "title": patent.title,
                "type": patent.get_patent_type_display(),
                "legal_status": patent.get_legal_status_display(),
            }
    return list(seen.values())


def application_form(application, by):
    """申报书: printed from what the enterprise entered, to be sealed and uploaded as a scan."""
    return issue(
        "application_form",
        issuer_code=None,
        context={
            **_common(application),
            "enterprise": _enterprise(application, full=True),
            "items": _items_table(application),
            "patents": _patents(application),
            "payee": {
                "bank": application.bank_name,
                "account_name": application.account_name,
                "account_number": application.account_number,
            },
            "amount_requested": _amount(application),
        },
        obj=application,
        by=by,
        rules_edition=application.call.rules_edition,
    )


def integrity_pledge(application, by):
    return issue(
        "integrity_pledge",
        issuer_code=None,
        context={
            "enterprise": _enterprise(application),
            "programme": application.get_programme_display(),
            "call_title": str(application.call),
        },
        obj=application,
        by=by,
        rules_edition=application.call.rules_edition,
    )


def correction_notice(application, review, by):
    """补正通知书: every defect at once (一次性告知), with the reply deadline."""
    return issue(
        "correction_notice",
        issuer_code=application.unit.code,
        context={
            "enterprise": _enterprise(application),
            "application_number": application.number,
            "call_title": str(application.call),
            "defects": [
                {
                    "item": d.get("item") or _("申报整体"),
                    "problem": d["problem"],
                    "what_to_provide": d.get("provide", ""),
                }
                for d in review.defects
            ],
            "deadline": timezone.localtime(review.reply_deadline).date(),
            "reviewer": str(by),
        },
        obj=application,
        by=by,
        rules_edition=application.rules_edition,
    )


def _checklist(application) -> list[dict]:
    present = {(m.material_id, m.item_key) for m in application.materials.filter(current=True)}
    rows = []
    for material in application.call.edition.spec.materials:
        if material.scope == "application":
            ok = (material.id, None) in present
            rows.append({"label": material.label, "present": _("有") if ok else _("无"), "note": ""})
        else:
            for item in application.items:
                ok = (material.id, item.item_key) in present
                rows.append({"label": f"{material.label}（{item}）", "present": _("有") if ok else _("无"), "note": ""})
    return rows


RESULT_WORDS = {"passed": "符合", "failed": "不符合", "unknown": "待核实"}


def _conditions(application) -> list[dict]:
    rows = []
    for condition in application.precheck.get("conditions", []):
        rows.append(
            {
                "label": condition.get("label", condition.get("id")),
                "result": RESULT_WORDS.get(condition.get("result"), condition.get("result", "")),
            }
        )
    for key, item in application.precheck.get("items", {}).items():
        for condition in item.get("conditions", []):
            rows.append(
                {
                    "label": f"{key} {condition.get('label', condition.get('id'))}",
                    "result": RESULT_WORDS.get(condition.get("result"), condition.get("result", "")),
                }
            )
    return rows


def review_opinion(application, review, by):
    """初审意见表 for a decided review (pass or reject)."""
    return issue(
        "review_opinion",
        issuer_code=application.unit.code,
        context={
            **_common(application),
            "enterprise": _enterprise(application),
            "submitted_at": timezone.localtime(application.last_submitted_at),
            "amount_requested": _amount(application),
            "checklist": _checklist(application),
            "conditions": _conditions(application),
            "opinion": review.opinion,
            "outcome": review.get_decision_display(),
            "reviewer": str(by),
        },
        obj=application,
        by=by,
        rules_edition=application.rules_edition,
    )


def recommendation_letter(batch, by):
    return issue(
        "recommendation_letter",
        issuer_code=batch.unit.code,
        context={
            "call_title": str(batch.call),
            "batch": batch.serial,
            "applications": [
                {
                    "number": a.number,
                    "enterprise": a.enterprise.name,
                    "programme": a.get_programme_display(),
                    "amount_requested": _amount(a),
                }
                for a in batch.applications.select_related("enterprise").order_by("number")
            ],
        },
        obj=batch,
        by=by,
        rules_edition=batch.call.rules_edition,
    )


SUMMARY_COLUMNS = [
    "序号",
    "申报编号",
    "企业名称",
    "统一社会信用代码",
    "补助项目",
    "申请补助金额（元）",
    "初审意见",
    "提交时间",
]


def summary_sheet(batch) -> None:
    """The unit's summary sheet (.xlsx) of one forwarded batch, stored on the batch."""
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    sheet.append([f"{batch.unit.authority} {batch.call}申报汇总表（第{batch.serial}批）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SUMMARY_COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(SUMMARY_COLUMNS)
    total = Decimal("0.00")
    applications = batch.applications.select_related("enterprise").order_by("number")
    for n, a in enumerate(applications, start=1):
        amount = _amount(a)
        total += amount
        sheet.append(
            [
                n,
                a.number,
                a.enterprise.name,
                a.enterprise.uscc,
                a.get_programme_display(),
                amount,
                a.review_opinion,
                timezone.localtime(a.last_submitted_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
        sheet.cell(row=n + 2, column=6).number_format = "#,##0.00"
    sheet.append(["合计", "", "", "", "", total, "", ""])
    sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0.00"
    for column, width in zip("ABCDEFGH", [6, 20, 36, 22, 24, 18, 40, 18], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    batch.summary_sheet.save(
        f"{batch.call.year}-{batch.unit.code}-{batch.serial}.xlsx", ContentFile(buffer.getvalue()), save=True
    )
