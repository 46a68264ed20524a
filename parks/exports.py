"""The progress report as an .xlsx workbook: one sheet of parks (by unit), one of the counted financings."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from .progress import Report

PARK_HEADERS = tuple(
    gettext_lazy(h)
    for h in ("单位", "园区名称", "类别", "年度目标（笔）", "完成（笔）", "完成率（%）", "是否达标", "是否覆盖")
)
FINANCING_HEADERS = tuple(
    gettext_lazy(h) for h in ("质押登记号", "园区", "企业", "贷款银行", "金额（万元）", "日期", "来源", "贴息申报编号")
)


def progress_workbook(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("园区进展")
    sheet.append([_("%(year)d年入园惠企重点园区质押融资进展") % {"year": report.year}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _("覆盖园区"),
            f"{report.covered}/{report.park_count}",
            _("达标园区"),
            f"{report.reached}/{report.park_count}",
            _("合计完成（笔）"),
            report.count,
            _("合计目标（笔）"),
            report.target,
        ]
    )
    sheet.append([str(h) for h in PARK_HEADERS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    yes, no = _("是"), _("否")
    for unit in report.units:
        for p in unit.parks:
            sheet.append(
                [
                    unit.unit.name,
                    p.park.name,
                    p.park_year.get_category_display(),
                    p.target,
                    p.count,
                    p.percent,
                    yes if p.reached else no,
                    yes if p.covered else no,
                ]
            )
        sheet.append(
            [_("%(unit)s小计") % {"unit": unit.unit.name}, len(unit.parks), "", unit.target, unit.count, "",
             f"{unit.reached}/{len(unit.parks)}", f"{unit.covered}/{len(unit.parks)}"]
        )  # fmt: skip
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (12, 36, 30, 14, 12, 12, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width

    names = {p.park.pk: p.park.name for p in report.parks}
    detail = workbook.create_sheet(_("融资明细"))
    detail.append([str(h) for h in FINANCING_HEADERS])
    for f in report.financings:
        detail.append(
            [f.key, names.get(f.park_id, ""), f.enterprise, f.bank, f.amount_wan, f.on, f.source_label,
             "、".join(f.applications)]
        )  # fmt: skip
        detail.cell(row=detail.max_row, column=6).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (24, 36, 30, 24, 14, 12, 20, 30), strict=True):
        detail.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
