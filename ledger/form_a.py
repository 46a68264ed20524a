"""Form A (河北省知识产权金融工作事项台账) as words: the headings of the plan's attachment, and a ledger's rows
written into its cells. The .xlsx and the .docx exports both lay out exactly this.

The form has no column for an activity's category or date, nor for attachment names; they are written into
the cells the form's notes point at (the category and date after 活动内容, the files after 取得成效 and
主要内容), so the printed form keeps the plan's columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import Ledger
from .quarters import shanghai_day

TITLE = "河北省知识产权金融工作事项台账"
ACTIVITY_BLOCK = "活动类"
ACTIVITY_HEADINGS = ("活动内容", "参与部门", "取得成效")
POLICY_BLOCK = "政策类"
POLICY_HEADINGS = ("新形成机制/签署协议/出台政策等", "合作单位/出台部门", "文号", "出台时间", "主要内容")
NOTES = (
    "注：1.活动类中“取得成效”栏需要简述活动成果，并附相关照片、资料等。",
    "    2.政策类中“主要内容”栏需要简述主要内容，并附PDF及wps版文件。",
)


def cn_date(day: date | None) -> str:
    if day is None:
        return "    年  月  日"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Filled:
    unit_line: str
    quarter_line: str
    date_line: str
    activities: list[tuple[str, str, str]]
    policies: list[tuple[str, str, str, str, str]]


def _files(names: list[str]) -> str:
    return f"\n附件：{'、'.join(names)}" if names else ""


def fill(ledger: Ledger) -> Filled:
    """The ledger's header and rows as the form's cells; 填报时间 is the latest submission's Beijing-time day."""
    submitted = shanghai_day(ledger.submitted_at) if ledger.submitted_at else None
    activities = [
        (
            f"{a.content}\n（{a.get_category_display()}，{cn_date(a.held_on)}）",
            a.departments,
            a.outcome + _files([f.original_name for f in a.files.all()]),
        )
        for a in ledger.activities.prefetch_related("files")
    ]
    policies = [
        (
            f"{p.get_kind_display()}：{p.title}",
            p.issuer,
            p.number,
            cn_date(p.issued_on),
            p.summary + _files([f.original_name for f in p.files.all()]),
        )
        for p in ledger.policies.prefetch_related("files")
    ]
    return Filled(
        unit_line=f"填报单位：{ledger.unit.authority}（盖章）",
        quarter_line=f"{ledger.year}年第{ledger.quarter}季度",
        date_line=f"填报时间：{cn_date(submitted)}",
        activities=activities,
        policies=policies,
    )


def filename(ledger: Ledger, extension: str) -> str:
    return f"{ledger.unit.name}{ledger.year}年第{ledger.quarter}季度知识产权金融工作事项台账.{extension}"
