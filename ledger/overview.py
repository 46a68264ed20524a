"""The province's view of a year: the 14 units × 4 quarters matrix and the year summary for the annual evaluation.

Built from a fixed number of queries whatever the number of units or ledgers (units, plan figures, ledgers
with their counts, events by category, policies by kind): the page and the .xlsx overview share it.

What counts: only ledgers submitted at least once (a draft is not reported yet). A reopened ledger still
counts with its current rows; its on-time record stays that of its first submission. The matchmaking check
asks whether the quarter's ledger reports at least the plan's number of 政银企对接 events; a quarter whose
ledger is missing after its due day fails it; one not yet due is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from places.models import Unit

from . import quarters
from .models import Activity, Ledger, PolicyItem, Terms, terms_for
from .quarters import Timeliness


@dataclass
class Cell:
    unit: Unit
    quarter: int
    due: date
    timeliness: Timeliness
    ledger: Ledger | None = None
    matchmaking: int | None = None  # events reported; None while there is nothing reported to count
    matchmaking_ok: bool | None = None  # None = not judged (not yet due and not submitted)

    @property
    def reported(self) -> bool:
        return self.ledger is not None and self.ledger.first_submitted_at is not None


@dataclass
class UnitYear:
    unit: Unit
    cells: list[Cell]
    events: dict[str, int] = field(default_factory=dict)  # Activity.Category value -> count
    policies: dict[str, int] = field(default_factory=dict)  # PolicyItem.Kind value -> count

    def _count(self, timeliness: Timeliness) -> int:
        return sum(1 for c in self.cells if c.timeliness == timeliness)

    @property
    def on_time(self) -> int:
        return self._count(Timeliness.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(Timeliness.LATE)

    @property
    def missing(self) -> int:
        return self._count(Timeliness.MISSING)

    @property
    def due_quarters(self) -> int:
        return sum(1 for c in self.cells if c.timeliness != Timeliness.NOT_YET_DUE)

    @property
    def matchmaking_met(self) -> int:
        return sum(1 for c in self.cells if c.matchmaking_ok)

    @property
    def matchmaking_judged(self) -> int:
        return sum(1 for c in self.cells if c.matchmaking_ok is not None)

    @property
    def events_total(self) -> int:
        return sum(self.events.values())

    @property
    def policies_total(self) -> int:
        return sum(self.policies.values())

    @property
    def event_counts(self) -> list[int]:
        return [self.events.get(value, 0) for value in Activity.Category.values]

    @property
    def policy_counts(self) -> list[int]:
        return [self.policies.get(value, 0) for value in PolicyItem.Kind.values]


@dataclass
class Overview:
    year: int
    terms: Terms
    today: date
    rows: list[UnitYear]

    @property
    def dues(self) -> list[date]:
        return [self.terms.due_date(q) for q in quarters.QUARTERS]


def year_overview(year: int, today: date | None = None) -> Overview:
    today = today or quarters.today_in_shanghai()
    terms = terms_for(year)
    units = list(Unit.objects.order_by("order"))
    ledgers = {
        (ledger.unit_id, ledger.quarter): ledger
        for ledger in Ledger.objects.of_year(year).with_counts().select_related("submitted_by")
    }
    reported = Q(ledger__year=year, ledger__first_submitted_at__isnull=False)
    events: dict[int, dict[str, int]] = {}
    for row in Activity.objects.filter(reported).values("ledger__unit_id", "category").annotate(n=Count("id")):
        events.setdefault(row["ledger__unit_id"], {})[row["category"]] = row["n"]
    policies: dict[int, dict[str, int]] = {}
    for row in PolicyItem.objects.filter(reported).values("ledger__unit_id", "kind").annotate(n=Count("id")):
        policies.setdefault(row["ledger__unit_id"], {})[row["kind"]] = row["n"]

    rows = []
    for unit in units:
        cells = [_cell(unit, q, ledgers.get((unit.pk, q)), terms, today) for q in quarters.QUARTERS]
        rows.append(UnitYear(unit, cells, events.get(unit.pk, {}), policies.get(unit.pk, {})))
    return Overview(year, terms, today, rows)


def _cell(unit: Unit, quarter: int, ledger: Ledger | None, terms: Terms, today: date) -> Cell:
    due = terms.due_date(quarter)
    submitted = ledger.first_submitted_at if ledger else None
    cell = Cell(unit, quarter, due, quarters.timeliness(submitted, due, today), ledger)
    if submitted is not None:
        cell.matchmaking = ledger.matchmaking_count
        cell.matchmaking_ok = ledger.matchmaking_count >= terms.matchmaking_per_quarter
    elif cell.timeliness == Timeliness.MISSING:
        cell.matchmaking_ok = terms.matchmaking_per_quarter == 0
    return cell
