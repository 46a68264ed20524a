"""Excel exports: one ledger in Form A's layout, and the province's overview of a year (matrix and summary).

Form A is six columns wide: column A holds the block names (活动类, 政策类) merged down their rows; the
activity block's three headings span B–F as B:C, D, E:F so that both blocks share one grid, as on the form.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import form_a, quarters
from .models import Activity, Ledger, PolicyItem
from .overview import Overview

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
BOLD = Font(bold=True)


def _put(ws: Worksheet, row: int, col: int, value, *, to_col: int | None = None, bold=False, centre=False) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = CENTRE if centre else WRAP
    if bold:
        cell.font = BOLD
    if to_col and to_col > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)


def _box(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BOX


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ledger_workbook(ledger: Ledger) -> bytes:
    """Form A for one ledger: title, header line, the 活动类 and 政策类 blocks, the two notes."""
    filled = form_a.fill(ledger)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{ledger.year}年第{ledger.quarter}季度"
    for letter, width in zip("ABCDEF", (10, 30, 24, 18, 14, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    _put(ws, 1, 1, form_a.TITLE, to_col=6, centre=True)
    ws.cell(1, 1).font = Font(bold=True, size=16)
    _put(ws, 2, 1, filled.unit_line, to_col=3)
    _put(ws, 2, 4, filled.quarter_line, centre=True)
    _put(ws, 2, 5, filled.date_line, to_col=6)

    # 活动类: headings, then one row per activity (one blank row when there is none, as on the form).
    top = 3
    _put(ws, top, 2, form_a.ACTIVITY_HEADINGS[0], to_col=3, bold=True, centre=True)
    _put(ws, top, 4, form_a.ACTIVITY_HEADINGS[1], bold=True, centre=True)
    _put(ws, top, 5, form_a.ACTIVITY_HEADINGS[2], to_col=6, bold=True, centre=True)
    row = top
    for content, departments, outcome in filled.activities or [("", "", "")]:
        row += 1
        _put(ws, row, 2, content, to_col=3)
        _put(ws, row, 4, departments)
        _put(ws, row, 5, outcome, to_col=6)
    _put(ws, top, 1, form_a.ACTIVITY_BLOCK, bold=True, centre=True)
    ws.merge_cells(start_row=top, start_column=1, end_row=row, end_column=1)

    # 政策类
    top = row + 1
    for col, heading in enumerate(form_a.POLICY_HEADINGS, start=2):
        _put(ws, top, col, heading, bold=True, centre=True)
    row = top
    for cells in filled.policies or [("", "", "", "", "")]:
        row += 1
        for col, value in enumerate(cells, start=2):
            _put(ws, row, col, value, centre=col in (4, 5))
    _put(ws, top, 1, form_a.POLICY_BLOCK, bold=True, centre=True)
    ws.merge_cells(start_row=top, start_column=1, end_row=row, end_column=1)
    _box(ws, 3, row, 6)

    for note in form_a.NOTES:
        row += 1
        _put(ws, row, 1, note, to_col=6)
    return _save(wb)


def overview_workbook(overview: Overview) -> bytes:
    """Two sheets: 报送情况 (units × quarters, with submission times and the matchmaking check) and 年度汇总."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报送情况"
    year = overview.year
    _put(ws, 1, 1, f"{year}年各单位知识产权金融工作台账报送情况", to_col=9, bold=True)
    if overview.terms.borrowed:
        _put(ws, 2, 1, overview.terms.explanation, to_col=9)
    headings = ["单位"]
    for q, due in zip(quarters.QUARTERS, overview.dues, strict=True):
        headings += [f"第{q}季度（{due:%Y-%m-%d}前）", f"第{q}季度政银企对接"]
    for col, heading in enumerate(headings, start=1):
        _put(ws, 3, col, heading, bold=True, centre=True)
    for r, unit_year in enumerate(overview.rows, start=4):
        _put(ws, r, 1, unit_year.unit.name)
        for i, cell in enumerate(unit_year.cells):
            _put(ws, r, 2 + 2 * i, _cell_text(cell))
            _put(ws, r, 3 + 2 * i, _matchmaking_text(cell, overview.terms.matchmaking_per_quarter), centre=True)
    _box(ws, 3, 3 + len(overview.rows), len(headings))
    ws.column_dimensions["A"].width = 12
    for col in range(2, len(headings) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 22 if col % 2 == 0 else 14

    summary = wb.create_sheet("年度汇总")
    _put(summary, 1, 1, f"{year}年各单位知识产权金融工作年度汇总（年度工作评价依据）", to_col=8, bold=True)
    headings = [
        "单位",
        "应报季度",
        "按时报送",
        "逾期报送",
        "逾期未报",
        "政银企对接达标季度",
        *[f"活动：{label}" for label in Activity.Category.labels],
        "活动合计",
        *[f"政策：{label}" for label in PolicyItem.Kind.labels],
        "政策合计",
    ]
    for col, heading in enumerate(headings, start=1):
        _put(summary, 2, col, str(heading), bold=True, centre=True)
    for r, u in enumerate(overview.rows, start=3):
        values = [
            u.unit.name,
            u.due_quarters,
            u.on_time,
            u.late,
            u.missing,
            u.matchmaking_met,
            *u.event_counts,
            u.events_total,
            *u.policy_counts,
            u.policies_total,
        ]
        for col, value in enumerate(values, start=1):
            _put(summary, r, col, value, centre=col > 1)
    _box(summary, 2, 2 + len(overview.rows), len(headings))
    summary.column_dimensions["A"].width = 12
    return _save(wb)


def _cell_text(cell) -> str:
    label = str(cell.timeliness.label)
    ledger = cell.ledger
    if ledger is None or ledger.first_submitted_at is None:
        return label
    first = ledger.first_submitted_at.astimezone(quarters.SHANGHAI)
    text = f"{label} {first:%Y-%m-%d %H:%M}"
    if ledger.status == Ledger.Status.REOPENED:
        text += "（已退回修改）"
    elif ledger.resubmitted:
        text += f"（补报 {ledger.submitted_at.astimezone(quarters.SHANGHAI):%Y-%m-%d %H:%M}）"
    return text


def _matchmaking_text(cell, required: int) -> str:
    if cell.matchmaking_ok is None:
        return "—"
    held = cell.matchmaking or 0
    return f"{held}次 {'达标' if cell.matchmaking_ok else f'未达标（应≥{required}次）'}"
