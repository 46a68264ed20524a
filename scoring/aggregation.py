"""Aggregating expert scores into one panel score, as the edition declares.

Methods: ``mean``, ``median``, or ``trimmed_mean`` (drop the k highest and k lowest scores, then the mean) which
applies only from ``trim_min_count`` scores on; below that the declared ``fallback`` is used and the trace says
so. Fewer than ``min_experts`` scores give no panel score. Scores further than ``outlier.points`` from the
median are flagged (never dropped or changed: raw scores are never overwritten). The result is rounded as
declared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.ruleset import Aggregation


@dataclass(frozen=True)
class Aggregate:
    value: Decimal | None  # None when there are fewer scores than min_experts
    method: str  # the method actually used
    used: tuple[Decimal, ...]  # the scores that entered the mean / median
    dropped: tuple[Decimal, ...]
    outliers: tuple[Decimal, ...]
    trace: tuple[str, ...]


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _median(values: Sequence[Decimal]) -> Decimal:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def aggregate(scores: Sequence[Decimal | int], spec: Aggregation) -> Aggregate:
    values = [Decimal(s) for s in scores]
    trace = [f"{len(values)} scores: {', '.join(str(v) for v in values)}"]
    if len(values) < spec.min_experts:
        trace.append(f"fewer than the minimum of {spec.min_experts} experts: no panel score")
        return Aggregate(None, spec.method, (), (), (), tuple(trace))
    outliers: tuple[Decimal, ...] = ()
    if spec.outlier is not None:
        median = _median(values)
        outliers = tuple(v for v in values if abs(v - median) > spec.outlier.points)
        if outliers:
            trace.append(
                f"outliers (more than {spec.outlier.points} from the median {median}): "
                f"{', '.join(str(v) for v in outliers)} (flagged, kept)"
            )
    method, used, dropped = spec.method, values, ()
    if method == "trimmed_mean":
        if len(values) >= spec.trim_min_count:
            s = sorted(values)
            k = spec.trim_k
            used, dropped = s[k:-k], (*s[:k], *s[-k:])
            trace.append(f"trimmed mean: dropped the {k} highest and {k} lowest ({', '.join(map(str, dropped))})")
        else:
            method = spec.fallback
            trace.append(
                f"only {len(values)} scores (trimmed mean needs {spec.trim_min_count}): "
                f"fell back to the {spec.fallback} as declared"
            )
    raw = _median(used) if method == "median" else _mean(used)
    value = raw.quantize(Decimal(1).scaleb(-spec.rounding.places), rounding=spec.rounding.mode)
    trace.append(f"{method} = {raw} -> {value} ({spec.rounding.mode}, {spec.rounding.places} places)")
    return Aggregate(value, method, tuple(used), tuple(dropped), outliers, tuple(trace))


def expert_totals(
    sheets: Mapping[str, Mapping[str, Decimal | int]], criteria: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Each expert's total over the expert criteria; every criterion scored, within 0..max_points."""
    totals = {}
    for expert, sheet in sheets.items():
        missing = sorted(set(criteria) - set(sheet))
        extra = sorted(set(sheet) - set(criteria))
        if missing or extra:
            raise ValueError(f"expert {expert}: missing criteria {missing}, unknown criteria {extra}")
        for cid, points in sheet.items():
            if not 0 <= Decimal(points) <= criteria[cid]:
                raise ValueError(f"expert {expert}: {cid} = {points} is outside 0..{criteria[cid]}")
        totals[expert] = sum((Decimal(p) for p in sheet.values()), Decimal(0))
    return totals
