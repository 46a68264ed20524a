"""A sample context for each document kind, written the way the application workflow will call issue()."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTERPRISE = {"name": "石家庄甲科技有限公司", "uscc": "91130104MA0000001X"}
CALL_TITLE = "2022年度专利保险补助"


def acceptance_receipt(**overrides) -> dict:
    return {
        "application_number": "BX2022-SJZ-0001",
        "enterprise": ENTERPRISE,
        "programme": "专利保险补助",
        "call_title": CALL_TITLE,
        "submitted_at": datetime(2022, 3, 1, 9, 30, tzinfo=SHANGHAI),
        "materials": [
            {"label": "保险单", "file_name": "保单.pdf", "sha256": "ab" * 32},
            {"label": "保费发票", "file_name": "发票.pdf", "sha256": "cd" * 32},
        ],
        **overrides,
    }


def application_form(**overrides) -> dict:
    return {
        "application_number": "BX2022-SJZ-0001",
        "enterprise": {
            **ENTERPRISE,
            "address": "河北省石家庄市长安区测试路1号",
            "unit": "石家庄市",
            "size": "小型企业",
            "industry": "制造业",
            "contact_name": "张三",
            "contact_phone": "13800000000",
        },
        "programme": "专利保险补助",
        "call_title": CALL_TITLE,
        "items": {
            "heading": "投保保单明细",
            "columns": [
                "保险公司",
                "保单号",
                "险种",
                "保费（元）",
                "首年保费（元）",
                "保额（元）",
                "保险期间",
                "缴费日期",
            ],
            "rows": [
                [
                    "中国人民财产保险股份有限公司河北省分公司",
                    "PICC-2021-0001",
                    "专利执行保险",
                    Decimal("12000.00"),
                    Decimal("12000.00"),
                    Decimal("500000.00"),
                    "2021年5月1日至2022年4月30日",
                    date(2021, 4, 28),
                ]
            ],
        },
        "patents": [
            {"number": "ZL202110000001.1", "title": "一种测试装置", "type": "发明", "legal_status": "有效"},
        ],
        "payee": {
            "bank": "中国工商银行石家庄分行",
            "account_name": ENTERPRISE["name"],
            "account_number": "0402000000000000001",
        },
        "amount_requested": Decimal("6000.00"),
        **overrides,
    }


def integrity_pledge(**overrides) -> dict:
    return {"enterprise": ENTERPRISE, "programme": "专利保险补助", "call_title": CALL_TITLE, **overrides}


def correction_notice(**overrides) -> dict:
    return {
        "enterprise": ENTERPRISE,
        "application_number": "BX2022-SJZ-0001",
        "call_title": CALL_TITLE,
        "defects": [
            {"item": "保费发票", "problem": "发票金额与保单不一致", "what_to_provide": "与保单一致的保费发票"},
            {"item": "诚信承诺书", "problem": "未加盖企业公章", "what_to_provide": "加盖公章的扫描件"},
        ],
        "deadline": date(2022, 3, 15),
        "reviewer": "石家庄审核员",
        **overrides,
    }


def review_opinion(**overrides) -> dict:
    return {
        "application_number": "BX2022-SJZ-0001",
        "enterprise": ENTERPRISE,
        "programme": "专利保险补助",
        "call_title": CALL_TITLE,
        "submitted_at": datetime(2022, 3, 1, 9, 30, tzinfo=SHANGHAI),
        "amount_requested": Decimal("6000.00"),
        "checklist": [
            {"label": "保险单", "present": True, "note": ""},
            {"label": "保费发票", "present": False, "note": "未上传"},
        ],
        "conditions": [{"label": "专利有效", "result": "满足"}, {"label": "保费已支付", "result": "待审核人确认"}],
        "opinion": "材料齐全，符合申报条件。",
        "outcome": "通过",
        "reviewer": "石家庄审核员",
        **overrides,
    }


def recommendation_letter(**overrides) -> dict:
    return {
        "call_title": CALL_TITLE,
        "batch": 1,
        "applications": [
            {
                "number": "BX2022-SJZ-0001",
                "enterprise": "石家庄甲科技有限公司",
                "programme": "专利保险补助",
                "amount_requested": Decimal("6000.00"),
            },
            {
                "number": "BX2022-SJZ-0002",
                "enterprise": "石家庄乙材料有限公司",
                "programme": "专利保险补助",
                "amount_requested": Decimal("14500.50"),
            },
        ],
        **overrides,
    }


def approval_letter(**overrides) -> dict:
    return {
        "enterprise": ENTERPRISE,
        "application_number": "BX2022-SJZ-0001",
        "programme": "专利保险补助",
        "call_title": CALL_TITLE,
        "amount": Decimal("10005.20"),
        "basis": "经专家评审和公示",
        **overrides,
    }


def non_approval_notice(**overrides) -> dict:
    return {
        "enterprise": ENTERPRISE,
        "application_number": "BX2022-SJZ-0002",
        "programme": "专利保险补助",
        "call_title": CALL_TITLE,
        "reasons": [{"reason": "评审得分低于合格线"}, {"reason": "预算已用完"}],
        **overrides,
    }


def notice_list(**overrides) -> dict:
    return {
        "call_title": CALL_TITLE,
        "published_on": date(2022, 5, 9),
        "ends_on": date(2022, 5, 13),
        "contact": "0311-12345678",
        "entries": [
            {
                "enterprise": "石家庄甲科技有限公司",
                "unit": "石家庄市",
                "programme": "专利保险补助",
                "amount": Decimal("12000.00"),
            },
            {
                "enterprise": "保定乙装备有限公司",
                "unit": "保定市",
                "programme": "专利保险补助",
                "amount": Decimal("8000.50"),
            },
        ],
        **overrides,
    }


SAMPLES = {
    "acceptance_receipt": acceptance_receipt,
    "application_form": application_form,
    "integrity_pledge": integrity_pledge,
    "correction_notice": correction_notice,
    "review_opinion": review_opinion,
    "recommendation_letter": recommendation_letter,
    "approval_letter": approval_letter,
    "non_approval_notice": non_approval_notice,
    "notice_list": notice_list,
}


def docx_text(document) -> str:
    """Every paragraph and table cell of a stored document, one per line."""
    import docx

    with document.file.open("rb") as f:
        word = docx.Document(f)
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
