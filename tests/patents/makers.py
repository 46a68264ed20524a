"""make_* helpers for patents and past-award workbooks."""

from __future__ import annotations

import io
from datetime import date
from itertools import count

from openpyxl import Workbook

from patents.imports import HEADERS
from patents.models import LegalStatus, Patent

_serial = count(1)


def check_of(digits: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] if len(digits) == 12 else [2, 3, 4, 5, 6, 7, 8, 9]
    r = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return "X" if r == 10 else str(r)


def make_number(year: int = 2018, type_digit: str = "1") -> str:
    digits = f"{year}{type_digit}{next(_serial):07d}"
    return f"ZL{digits}.{check_of(digits)}"


def make_patent(enterprise, **fields) -> Patent:
    values = dict(
        enterprise=enterprise,
        number=make_number(),
        title="一种测试装置",
        owner=enterprise.name,
        patent_type="invention",
        application_date=date(2018, 3, 15),
        grant_date=date(2020, 6, 2),
        legal_status=LegalStatus.VALID,
        annual_fee_paid_through=date(2025, 3, 14),
    )
    values.update(fields)
    return Patent.objects.create(**values)


def workbook_bytes(rows: list[list], headers=HEADERS, build=None) -> bytes:
    """An .xlsx with the template's header and these rows; ``build(sheet)`` may change it further."""
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    if build:
        build(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
