"""Loading a year's park list from a file: check every row, then write all rows or none.

The file is a CSV (UTF-8, or GB18030 as Excel saves it on Chinese Windows) with the columns of
``HEADERS``; lines starting with ``#`` are notes. Every problem is reported with the file's own line number
and column (第12行（年度目标（笔））：…), so the province can fix the file it edited. A clean file replaces
that year's list: parks on it get their category and target for the year, parks no longer on it leave the
year's list (their recorded financings stay, they simply no longer count for that year).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.models import record
from places.models import Park, Unit

from .models import MAX_TARGET, ParkListLoad, ParkYear

HEADERS = ("单位代码", "园区名称", "类别", "年度目标（笔）")  # a fifth column, 备注, is optional and ignored
FIRST_YEAR, LAST_YEAR = 2021, 2100
MAX_NAME = Park._meta.get_field("name").max_length


@dataclass(frozen=True)
class ParkRow:
    line: int
    unit_id: int
    name: str
    category: str
    target: int


@dataclass(frozen=True)
class RowProblem:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column:
            return _("第%(line)d行（%(column)s）：%(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("第%(line)d行：%(message)s") % {"line": self.line, "message": self.message}


class ParkListRefused(Exception):
    """The file has problems; nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParkListRefused([RowProblem(None, "", _("无法识别文件编码，请另存为UTF-8编码的CSV文件"))])


def _categories() -> dict[str, str]:
    """Codes and Chinese labels both accepted (the labels are what the admin pages show)."""
    accepted = {value: value for value in Park.Category.values}
    accepted.update({str(label): value for value, label in Park.Category.choices})
    accepted.update({"重点国家级高新区": "key_national", "国家级高新区（经开区）": "national", "其他": "other"})
    return accepted


def parse(text: str, units: dict[str, int], parks_units: dict[str, int]) -> tuple[list[ParkRow], list[RowProblem]]:
    """Every row of the file as a ParkRow, or every problem found.

    ``units`` maps unit codes and names to ids; ``parks_units`` maps existing park names to their unit id
    (a park keeps its unit: moving a park to another unit is an edit of the park, not of a year's list).
    Pure with respect to the database, so the data migration can use it with historical models."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    if not lines:
        return [], [RowProblem(None, "", _("文件中没有内容"))]
    header_line, header = lines[0]
    found = tuple(cell.strip() for cell in next(csv.reader([header])))
    if found[: len(HEADERS)] != HEADERS:
        expected = "、".join(HEADERS)
        return [], [RowProblem(header_line, "", _("表头应为“%(expected)s”（备注列可选）") % {"expected": expected})]
    categories = _categories()
    rows: list[ParkRow] = []
    problems: list[RowProblem] = []
    first_line_of: dict[str, int] = {}
    for n, line in lines[1:]:
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        cells += [""] * (len(HEADERS) - len(cells))
        unit_text, name, category_text, target_text = cells[:4]
        before = len(problems)

        unit_id = units.get(unit_text) or units.get(unit_text.upper())
        if not unit_text:
            problems.append(RowProblem(n, HEADERS[0], _("请填写单位代码")))
        elif unit_id is None:
            problems.append(RowProblem(n, HEADERS[0], _("没有代码或名称为“%(unit)s”的单位") % {"unit": unit_text}))

        if not name:
            problems.append(RowProblem(n, HEADERS[1], _("请填写园区名称")))
        elif len(name) > MAX_NAME:
            problems.append(RowProblem(n, HEADERS[1], _("园区名称不能超过%(n)d个字") % {"n": MAX_NAME}))
        elif name in first_line_of:
            problems.append(
                RowProblem(
                    n, HEADERS[1], _("园区“%(name)s”与第%(line)d行重复") % {"name": name, "line": first_line_of[name]}
                )
            )
        else:
            first_line_of[name] = n
            if unit_id is not None and parks_units.get(name, unit_id) != unit_id:
                problems.append(
                    RowProblem(n, HEADERS[0], _("园区“%(name)s”已属于其他单位，请先在园区管理中修改") % {"name": name})
                )

        category = categories.get(category_text)
        if category is None:
            names = "、".join(Park.Category.values)
            problems.append(
                RowProblem(
                    n,
                    HEADERS[2],
                    _("类别应为%(names)s之一，文件中是“%(got)s”") % {"names": names, "got": category_text},
                )
            )

        target = int(target_text) if target_text.isdigit() else None
        if target is None or not 1 <= target <= MAX_TARGET:
            problems.append(
                RowProblem(
                    n,
                    HEADERS[3],
                    _("年度目标应为1至%(max)d之间的整数（笔），文件中是“%(got)s”")
                    % {"max": MAX_TARGET, "got": target_text},
                )
            )
        if len(problems) == before:
            rows.append(ParkRow(n, unit_id, name, category, target))
    if not rows and not problems:
        problems.append(RowProblem(None, "", _("文件中没有园区")))
    return rows, problems


def check(content: bytes) -> list[ParkRow]:
    """The rows of a file against the current database, or ParkListRefused with every problem."""
    text = decode(content)
    units = {u.code: u.pk for u in Unit.objects.all()} | {u.name: u.pk for u in Unit.objects.all()}
    parks_units = dict(Park.objects.values_list("name", "unit_id"))
    rows, problems = parse(text, units, parks_units)
    if problems:
        raise ParkListRefused(problems)
    return rows


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParkListRefused([RowProblem(None, "", _("年度应在%(a)d至%(b)d之间") % {"a": FIRST_YEAR, "b": LAST_YEAR})])


def load(content: bytes, *, year: int, by, file_name: str) -> ParkListLoad:
    """Replace ``year``'s park list with the file's, in one transaction with one audit entry."""
    check_year(year)
    with transaction.atomic():
        rows = check(content)  # inside the transaction: what is checked is what is written
        summary = apply_rows(rows, year, Park, ParkYear)
        loaded = ParkListLoad.objects.create(
            year=year,
            file_name=file_name[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            parks=len(rows),
            loaded_by=by if getattr(by, "pk", None) else None,
        )
        record(by, "parks.parklistload.loaded", loaded, year=year, file=file_name, **summary)
    return loaded


def apply_rows(rows: Iterable[ParkRow], year: int, park_model, park_year_model) -> dict[str, int]:
    """Write checked rows (models passed in so the data migration can use its historical ones)."""
    rows = list(rows)
    latest = dict(
        park_year_model.objects.values("park__name").annotate(latest=Max("year")).values_list("park__name", "latest")
    )
    created = changed = 0
    kept = []
    for row in rows:
        park, new_park = park_model.objects.get_or_create(
            name=row.name, defaults={"unit_id": row.unit_id, "category": row.category}
        )
        # The park's own category is its latest year's: loading an earlier year leaves it alone.
        if not new_park and park.category != row.category and year >= latest.get(row.name, year):
            park.category = row.category
            park.save(update_fields=["category"])
        _entry, was_created = park_year_model.objects.update_or_create(
            park=park, year=year, defaults={"category": row.category, "target": row.target}
        )
        created += was_created
        changed += not was_created
        kept.append(park.pk)
    removed, _detail = park_year_model.objects.filter(year=year).exclude(park_id__in=kept).delete()
    return {"parks": len(rows), "added": created, "updated": changed, "removed": removed}
