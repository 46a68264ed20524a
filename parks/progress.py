"""Progress of the into-parks action: each park's pledge financings in a year against its target.

**Sources.** A financing reaches the count from either
  (a) an approved loan-interest application (status 批准补助 / 部分拨付 / 已拨付) of an enterprise whose park is
      on the year's list: each loan is one financing, dated by its ``loan_start``, or
  (b) a unit's own record (``ParkFinancing``), dated by its ``financed_on``.

**Dedup rule (counted once).** A financing is identified by its pledge registration number (质押登记号),
normalised by ``normalise_registration_number`` (NFKC, spaces removed, upper case). The same number counts once,
whichever sources carry it and however many applications list it (a two-year loan is subsidised in two calls).
When a unit has recorded the number, the unit's record decides the park and the date (the unit names the park
explicitly; an application only implies it through the enterprise's *current* park); otherwise the earliest
loan with that number does. A unit cannot record a financing without a registration number, since the number
is what makes this rule possible.

Everything is computed in a fixed number of queries, whatever the number of parks and financings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from calls.models import Programme
from workflow.models import Loan, Status

from .models import ParkFinancing, ParkYear, normalise_registration_number

APPROVED = (Status.APPROVED, Status.PARTLY_PAID, Status.PAID)
WAN = Decimal("10000")


@dataclass(frozen=True)
class Financing:
    """One pledge financing as counted: merged from its sources."""

    key: str  # the normalised registration number
    park_id: int
    on: date
    enterprise: str
    bank: str
    amount_wan: Decimal  # 万元
    from_unit: bool
    applications: tuple[str, ...] = ()  # application numbers carrying the same registration number
    record_id: int | None = None  # the unit's ParkFinancing, when there is one

    @property
    def source_label(self) -> str:
        if self.from_unit and self.applications:
            return str(_("单位登记 + 贴息申报"))
        return str(_("单位登记")) if self.from_unit else str(_("贴息申报"))


@dataclass
class ParkProgress:
    park_year: ParkYear
    count: int = 0

    @property
    def park(self):
        return self.park_year.park

    @property
    def target(self) -> int:
        return self.park_year.target

    @property
    def percent(self) -> int:
        if not self.target:
            return 0
        # Half up, as people round: 1 of 8 is 13 %, not Python's banker's 12 %.
        return int((Decimal(100 * self.count) / self.target).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def reached(self) -> bool:
        return self.count >= self.target

    @property
    def covered(self) -> bool:
        return self.count > 0


@dataclass
class UnitProgress:
    unit: object
    parks: list[ParkProgress] = field(default_factory=list)

    @property
    def target(self) -> int:
        return sum(p.target for p in self.parks)

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parks)

    @property
    def reached(self) -> int:
        return sum(p.reached for p in self.parks)

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.parks)


@dataclass
class Report:
    year: int
    units: list[UnitProgress]
    financings: list[Financing]

    @property
    def parks(self) -> list[ParkProgress]:
        return [p for unit in self.units for p in unit.parks]

    @property
    def park_count(self) -> int:
        return len(self.parks)

    @property
    def covered(self) -> int:
        """The coverage goal (全覆盖): parks with at least one financing in the year."""
        return sum(p.covered for p in self.parks)

    @property
    def reached(self) -> int:
        return sum(p.reached for p in self.parks)

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parks)

    @property
    def target(self) -> int:
        return sum(p.target for p in self.parks)

    @property
    def fully_covered(self) -> bool:
        return self.park_count > 0 and self.covered == self.park_count


def financings(year: int, park_ids: set[int] | None = None) -> list[Financing]:
    """The year's financings, each registration number once, optionally only those of ``park_ids``."""
    recorded = list(
        ParkFinancing.objects.of_year(year).values_list(
            "registration_number", "park_id", "financed_on", "enterprise_name", "bank", "amount", "pk"
        )
    )
    loans = list(
        Loan.objects.filter(
            application__programme=Programme.LOAN_INTEREST,
            application__status__in=APPROVED,
            application__enterprise__park__isnull=False,
            loan_start__year=year,
        )
        .order_by("loan_start", "pk")
        .values_list(
            "pledge_registration_number",
            "application__enterprise__park_id",
            "loan_start",
            "application__enterprise__name",
            "bank",
            "principal",
            "application__number",
        )
    )
    loan_keys = {normalise_registration_number(loan[0]) for loan in loans}
    # A unit's record of another year, with a number a loan of this year carries: it counts in the unit's year.
    recorded_elsewhere = set(
        ParkFinancing.objects.exclude(financed_on__year=year)
        .filter(registration_number__in=loan_keys)
        .values_list("registration_number", flat=True)
    )
    applications_of: dict[str, list[str]] = defaultdict(list)
    first_loan: dict[str, tuple] = {}
    for loan in loans:
        key = normalise_registration_number(loan[0])
        applications_of[key].append(loan[6] or "")
        first_loan.setdefault(key, loan)

    merged: dict[str, Financing] = {}
    for number, park_id, on, name, bank, amount, pk in recorded:
        merged[number] = Financing(
            number, park_id, on, name, bank, amount, True, tuple(sorted(set(applications_of.get(number, ())))), pk
        )
    for key, (_n, park_id, on, name, bank, principal, _a) in first_loan.items():
        if key in merged or key in recorded_elsewhere or not key:
            continue
        merged[key] = Financing(
            key, park_id, on, name, bank, (principal / WAN).quantize(Decimal("0.01")), False,
            tuple(sorted(set(applications_of[key]))),
        )  # fmt: skip
    found = sorted(merged.values(), key=lambda f: (f.on, f.key))
    if park_ids is not None:
        found = [f for f in found if f.park_id in park_ids]
    return found


def report(year: int, park_years: QuerySet[ParkYear]) -> Report:
    """Each park of ``park_years`` (already narrowed to what the user may see) against its target."""
    rows = list(park_years.of_year(year).select_related("park__unit").order_by("park__unit__order", "park__name"))
    found = financings(year, {row.park_id for row in rows})
    counts: dict[int, int] = defaultdict(int)
    for financing in found:
        counts[financing.park_id] += 1
    units: dict[int, UnitProgress] = {}
    for row in rows:
        unit = units.setdefault(row.park.unit_id, UnitProgress(row.park.unit))
        unit.parks.append(ParkProgress(row, counts[row.park_id]))
    return Report(year, list(units.values()), found)


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: int
    target_x: int
    count: int
    target: int
    reached: bool


@dataclass(frozen=True)
class Chart:
    """Geometry for a horizontal bar chart drawn as inline SVG by the template (no script, no CDN)."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    plot_width: int
    ticks: list[tuple[int, int]]  # (x, value)
    bar_height: int


def chart(result: Report, *, label_width: int = 260, plot_width: int = 420, bar_height: int = 18) -> Chart:
    """One bar per park (its count), a mark at its target; bars green when the target is reached."""
    parks = result.parks
    top = max([p.count for p in parks] + [p.target for p in parks] + [1])
    scale = plot_width / top
    step = bar_height + 6
    bars = [
        Bar(
            label=p.park.name,
            y=20 + i * step,
            width=round(p.count * scale),
            target_x=label_width + round(p.target * scale),
            count=p.count,
            target=p.target,
            reached=p.reached,
        )
        for i, p in enumerate(parks)
    ]
    tick_every = max(1, round(top / 5))
    ticks = [(label_width + round(v * scale), v) for v in range(0, top + 1, tick_every)]
    return Chart(
        bars, label_width + plot_width + 40, 20 + len(bars) * step + 10, label_width, plot_width, ticks, bar_height
    )
