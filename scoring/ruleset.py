"""The typed shape of a rules file (pydantic models), and the loaded `Edition` the engine works with.

An *edition* is one rules file: one programme's measures as they stood over some cycle years (e.g.
``insurance-2021``). Its sections have stable ids (conditions, steps, criteria) so traces, audit rows and
diffs can point at them. The models are strict: unknown keys and wrong types are refused; `loader.py` adds
the file name, key path and line to every refusal, and the checks that need the fact catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from scoring.expressions import Expression


def _to_decimal(value: Any) -> Any:
    """Whole numbers and numeric text ("12000.00", as money is written in cases) become Decimal."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return value
        return number if number.is_finite() else value
    return value


Dec = Annotated[Decimal, BeforeValidator(_to_decimal)]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
EditionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LegalBasis(Strict):
    document: str  # 文号, e.g. 冀市监发〔2019〕280号
    title: str
    article: str | None = None
    url: str | None = None
    verified: bool = True
    note: str | None = None


class Header(Strict):
    id: EditionId
    programme: Literal["insurance", "loan_interest"]
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    status: Literal["draft", "released", "retired"]
    title: str
    cycle_years: list[int] = Field(min_length=1)
    supersedes: EditionId | None = None
    legal_basis: list[LegalBasis] = Field(min_length=1)
    references: dict[str, EditionId] = {}  # name used by the rules -> reference table id, e.g. lpr: lpr-1y
    notes: str | None = None


class Parameter(Strict):
    """A named value the rules use. `fact` instead of `value` makes it stand for a fact (a choice of fact)."""

    label: str
    value: Any = None
    fact: str | None = None
    unit: str | None = None
    article: str | None = None
    verified: bool = True
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_of_value_or_fact(self) -> Parameter:
        if (self.value is None) == (self.fact is None):
            raise ValueError("give exactly one of `value` and `fact`")
        ok = (bool, int, Decimal, dt.date, str)
        if self.value is not None and not (
            isinstance(self.value, ok) or (isinstance(self.value, list) and all(isinstance(v, str) for v in self.value))
        ):
            raise ValueError("value must be a number, true/false, a date, text or a list of text")
        if not self.verified and not (self.source or self.note):
            raise ValueError("an unverified parameter needs a `source` or a `note` saying why")
        return self


class Material(Strict):
    id: Id
    label: str
    scope: Literal["application", "item"] = "application"
    required: bool = True
    article: str | None = None
    notice: str


class Condition(Strict):
    id: Id
    label: str
    scope: Literal["application", "item"]
    severity: Literal["reject", "correction", "judgement", "warning"]
    condition: str
    article: str
    notice: str
    note: str | None = None


class Rounding(Strict):
    mode: Literal["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"] = "ROUND_HALF_UP"
    places: int = Field(default=2, ge=0, le=4)


class Step(Strict):
    id: Id
    label: str
    formula: str
    article: str | None = None


class Caps(Strict):
    per_item: Id | None = None
    per_enterprise: Id | None = None
    per_year: Id | None = None  # minus what the history already awarded this cycle year in this programme


class Amount(Strict):
    currency: Literal["CNY"] = "CNY"
    rounding: Rounding = Rounding()
    steps: list[Step] = Field(min_length=1)  # per item; the last step is the item's amount
    caps: Caps = Caps()
    article: str | None = None


class Level(Strict):
    min: Dec
    max: Dec
    descriptor: str


class Criterion(Strict):
    id: Id
    label: str
    kind: Literal["expert", "computed"]
    max_points: Dec
    guidance: str
    levels: list[Level] = []
    formula: str | None = None  # computed criteria only

    @model_validator(mode="after")
    def _kind_fields(self) -> Criterion:
        if self.kind == "computed" and not self.formula:
            raise ValueError("a computed criterion needs a `formula`")
        if self.kind == "expert" and self.formula:
            raise ValueError("an expert criterion has no `formula`")
        if self.kind == "expert" and not self.levels:
            raise ValueError("an expert criterion needs level descriptors (`levels`)")
        return self


class Rubric(Strict):
    label: str
    official: bool  # False: the product's default, not an official point table
    total_points: Dec
    criteria: list[Criterion] = Field(min_length=1)


class Outlier(Strict):
    rule: Literal["abs_deviation_from_median"] = "abs_deviation_from_median"
    points: Dec


class Aggregation(Strict):
    method: Literal["mean", "median", "trimmed_mean"]
    trim_k: int = Field(default=0, ge=0)
    trim_min_count: int = Field(default=0, ge=0)
    fallback: Literal["mean", "median"] = "mean"
    min_experts: int = Field(default=3, ge=1)
    outlier: Outlier | None = None
    rounding: Rounding = Rounding()

    @model_validator(mode="after")
    def _trim(self) -> Aggregation:
        if self.method == "trimmed_mean" and (self.trim_k < 1 or self.trim_min_count <= 2 * self.trim_k):
            raise ValueError("trimmed_mean needs trim_k >= 1 and trim_min_count > 2 * trim_k")
        return self


class RankKey(Strict):
    key: str
    order: Literal["asc", "desc"]
    label: str | None = None


class Allocation(Strict):
    unit: Literal["application", "item"]
    policy: Literal["pro_rata", "fill_in_order", "skip_and_continue"]
    partial_last: bool = False  # fill_in_order: the first request that does not fit gets what is left
    article: str | None = None
    note: str | None = None


class Decision(Strict):
    pass_mark: Dec | None = None
    ranking: list[RankKey] = Field(min_length=1)
    allocation: Allocation
    article: str | None = None
    note: str | None = None


class RulesFile(Strict):
    edition: Header
    parameters: dict[Id, Parameter] = {}
    materials: list[Material] = []
    eligibility: list[Condition] = Field(min_length=1)
    amount: Amount
    rubric: Rubric
    aggregation: Aggregation
    decision: Decision


class ReferenceHeader(Strict):
    id: EditionId
    title: str
    unit: Literal["percent"]
    effective_day: int = Field(ge=1, le=28)
    verified: bool
    source: str
    note: str | None = None


class Rate(Strict):
    month: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    percent: Dec
    effective: dt.date | None = None  # when the value took effect, if not the month's effective_day
    kind: Literal["lpr", "benchmark"] = "lpr"


class ReferenceFile(Strict):
    reference: ReferenceHeader
    rates: list[Rate] = Field(min_length=1)


# --- loaded objects ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionRef:
    """What a result pins: the edition id, its version and the SHA-256 of its canonical bytes."""

    id: str
    version: str
    sha256: str
    status: str
    references: tuple[tuple[str, str], ...] = ()  # (reference id, sha256)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "sha256": self.sha256,
            "status": self.status,
            "references": dict(self.references),
        }


@dataclass(frozen=True)
class ReferenceTable:
    id: str
    path: str
    sha256: str
    spec: ReferenceFile
    # (effective date, rate as a fraction), ascending
    schedule: tuple[tuple[dt.date, Decimal], ...]

    def rate_on(self, day: dt.date) -> Decimal:
        from scoring.expressions import EvaluationError

        if not isinstance(day, dt.date):
            raise EvaluationError(f"{self.id}: expected a date, got {day!r}")
        found = None
        for since, rate in self.schedule:
            if since <= day:
                found = rate
            else:
                break
        if found is None:
            raise EvaluationError(f"{self.id}: no rate in force on {day.isoformat()}")
        return found


@dataclass(frozen=True)
class Edition:
    """A loaded, checked rules file with its expressions compiled."""

    spec: RulesFile
    path: str
    sha256: str
    text: str  # canonical text (LF line endings): the frozen snapshot a result can store
    conditions: tuple[tuple[Condition, Expression], ...]
    steps: tuple[tuple[Step, Expression], ...]
    computed: tuple[tuple[Criterion, Expression], ...]
    references: dict[str, ReferenceTable] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False, compare=False)  # key path -> line

    @property
    def id(self) -> str:
        return self.spec.edition.id

    @property
    def programme(self) -> str:
        return self.spec.edition.programme

    @property
    def status(self) -> str:
        return self.spec.edition.status

    @property
    def version(self) -> str:
        return self.spec.edition.version

    @property
    def cycle_years(self) -> tuple[int, ...]:
        return tuple(self.spec.edition.cycle_years)

    @property
    def ref(self) -> EditionRef:
        return EditionRef(
            id=self.id,
            version=self.version,
            sha256=self.sha256,
            status=self.status,
            references=tuple(sorted((t.id, t.sha256) for t in self.references.values())),
        )

    def parameter(self, name: str) -> Any:
        """A parameter's value, e.g. edition.parameter("payment_grace_days") (KeyError when absent)."""
        return self.spec.parameters[name].value

    def condition_ids(self) -> list[str]:
        return [c.id for c, _ in self.conditions] + [f"material:{m.id}" for m in self.spec.materials if m.required]
