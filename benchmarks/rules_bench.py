"""Benchmark: eligibility + amount + trace + pinned hash for N insurance-2021 applications.

Runs the rules engine (facts checked against the catalogue, every condition traced, the result pinned to the
edition's SHA-256), then a plain-Python baseline that computes the same conditions and amounts from the same raw
facts with no trace, checks that both agree to the fen, and prints both times and their ratio.

    .venv/bin/python benchmarks/rules_bench.py            # 10,000 applications
    .venv/bin/python benchmarks/rules_bench.py --n 200    # quick run (CI)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.editions import get_edition
from scoring.engine import evaluate
from scoring.facts import build_facts

TYPES = [
    "patent_enforcement",
    "infringement_loss",
    "infringement_liability",
    "overseas_exhibition_legal_costs",
    "other",
]
MATERIALS = ["application_form", "patent_certificates", "integrity_pledge"]


def make_applications(n: int, seed: int = 20210129) -> list[dict]:
    """N varied applications for cycle 2021: most eligible, some failing one condition or another."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    apps = []
    for i in range(n):
        patents = {
            f"ZL2017106{i:05d}{k}.X": {
                "type": "invention",
                "owner_is_applicant": rng.random() > 0.03,
                "legal_status_valid": rng.random() > 0.03,
                "annual_fee_paid": rng.random() > 0.03,
            }
            for k in range(2)
        }
        items = {}
        for j in range(rng.randint(1, 3)):
            start = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(-5, 370))
            premium = Decimal(rng.randint(200_00, 40_000_00)) / 100
            items[f"P{j + 1}"] = {
                "insurer": "人保财险河北分公司",
                "policy_number": f"PICC-{i}-{j}",
                "insurance_type": rng.choice(TYPES),
                "policy_date": start.isoformat(),
                "period_start": start.isoformat(),
                "period_end": (start + dt.timedelta(days=rng.choice([364, 365, 730]))).isoformat(),
                "premium": str(premium * 2),
                "first_year_premium": str(premium),
                "premium_rate": "0.02",
                "coverage": str(premium * 50),
                "date_paid": start.isoformat(),
                "paid_in_one_payment": rng.random() > 0.05,
                "patents": list(patents),
                "materials": ["policy_copy", "premium_invoice"] if rng.random() > 0.03 else ["policy_copy"],
                "core_technology_patent": rng.choice([True, True, True, None]),
                "product_matches_need": True,
            }
        apps.append(
            {
                "application_id": f"A{i:05d}",
                "cycle_year": 2021,
                "enterprise": {
                    "registered_in_hebei": rng.random() > 0.02,
                    "is_enterprise": True,
                    "is_legal_person": rng.random() > 0.02,
                    "size": "small",
                    "unit": "SJZ",
                    "qualifications": ["high_tech"],
                },
                "materials": MATERIALS if rng.random() > 0.05 else MATERIALS[:2],
                "patents": patents,
                "items": items,
                "awards": [
                    {
                        "programme": "insurance",
                        "year": 2020,
                        "patent": next(iter(patents)),
                        "insurance_type": rng.choice(TYPES),
                        "amount": "1000.00",
                    }
                ]
                if rng.random() < 0.1
                else [],
            }
        )
    return apps


def engine_run(edition, apps: list[dict]) -> list[tuple[str, str, Decimal, str]]:
    out = []
    for raw in apps:
        result = evaluate(edition, build_facts(raw, "insurance"))
        out.append((result.application_id, result.status, result.amount, result.edition.sha256))
    return out


# --- the baseline: the same rules written by hand, no trace --------------------------------------------------

FEN = Decimal("0.01")
LISTED = {"patent_enforcement", "infringement_loss", "infringement_liability", "overseas_exhibition_legal_costs"}


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def baseline_one(raw: dict) -> tuple[str, Decimal]:
    year = raw["cycle_year"]
    ent = raw["enterprise"]
    patents = raw["patents"]
    awards = raw["awards"]
    status = 0  # 0 eligible, 1 awaiting judgement, 2 needs correction, 3 ineligible
    if not (ent["registered_in_hebei"] and ent["is_enterprise"] and ent["is_legal_person"]):
        status = 3
    if status < 2 and not all(m in raw["materials"] for m in MATERIALS):
        status = 2
    item_status, amounts = [], []
    for item in raw["items"].values():
        s = 0
        policy_date = dt.date.fromisoformat(item["policy_date"])
        start = dt.date.fromisoformat(item["period_start"])
        end = dt.date.fromisoformat(item["period_end"])
        nums = item["patents"]
        known = [patents[n] for n in nums if n in patents]
        if not (policy_date.year == year and dt.date(2021, 1, 1) <= policy_date <= dt.date(2023, 12, 31)):
            s = 3
        if item["insurance_type"] not in LISTED:
            s = 3
        if end < _add_years(start, 1) - dt.timedelta(days=1):
            s = 3
        if not item["paid_in_one_payment"]:
            s = 3
        if (
            not all(p["owner_is_applicant"] for p in known)
            or not all(p["legal_status_valid"] for p in known)
            or not all(p["annual_fee_paid"] for p in known)
        ):
            s = 3
        if any(
            a["programme"] == "insurance"
            and a["patent"] in nums
            and a["insurance_type"] == item["insurance_type"]
            and a["year"] < year
            for a in awards
        ):
            s = 3
        if item["core_technology_patent"] is False or item["product_matches_need"] is False:
            s = 3
        if s < 2 and not ("policy_copy" in item["materials"] and "premium_invoice" in item["materials"]):
            s = 2
        if s == 0 and (item["core_technology_patent"] is None or item["product_matches_need"] is None):
            s = 1
        item_status.append(s)
        if s <= 1:
            amount = (Decimal(item["first_year_premium"]) * 1).quantize(FEN, rounding=ROUND_HALF_UP)
            amounts.append((Decimal(item["premium_rate"]), -Decimal(item["coverage"]), policy_date, amount))
    if status == 0:
        if 2 in item_status:
            status = 2
        elif 1 in item_status:
            status = 1
        elif 0 not in item_status:
            status = 3
    total, room = Decimal("0.00"), Decimal(50000)
    for *_keys, amount in sorted(amounts, key=lambda x: x[:3]):
        total += min(amount, max(room - total, Decimal(0)))
    if status == 3:
        total = Decimal("0.00")
    return ("eligible", "awaiting_judgement", "needs_correction", "ineligible")[status], total


def baseline_run(apps: list[dict]) -> list[tuple[str, str, Decimal]]:
    return [(raw["application_id"], *baseline_one(raw)) for raw in apps]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of applications (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts (default 3)")
    parser.add_argument("--json", help="write the result row to this file (benchmarks/run.py)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    edition = get_edition("insurance-2021")
    load = time.perf_counter() - t0
    apps = make_applications(args.n)

    engine_time = base_time = float("inf")
    for _ in range(max(args.repeat, 1)):  # interleaved, so a busy machine slows both alike
        t0 = time.perf_counter()
        engine = engine_run(edition, apps)
        engine_time = min(engine_time, time.perf_counter() - t0)
        t0 = time.perf_counter()
        base = baseline_run(apps)
        base_time = min(base_time, time.perf_counter() - t0)

    disagreements = [(e, b) for e, b in zip(engine, base, strict=True) if e[1:3] != b[1:3]]
    if disagreements:
        raise SystemExit(f"engine and baseline disagree on {len(disagreements)} applications, e.g. {disagreements[0]}")
    statuses: dict[str, int] = {}
    for _id, status, _amount, _sha in engine:
        statuses[status] = statuses.get(status, 0) + 1
    ratio = engine_time / base_time if base_time else float("inf")
    print(f"rules loaded in {load:.3f} s (edition {edition.id} sha256 {edition.sha256[:16]}…)")
    print(f"best of {args.repeat} runs each")
    print(
        f"engine:   {args.n} applications, eligibility + amount + trace + hash in {engine_time:.3f} s "
        f"({engine_time / args.n * 1e6:.0f} µs each)"
    )
    print(f"baseline: same conditions and amounts in plain Python, no trace, in {base_time:.3f} s")
    print(f"ratio engine / baseline: {ratio:.2f}x; results agree to the fen; statuses {dict(sorted(statuses.items()))}")
    from benchmarks.common import row, write_rows

    write_rows(
        args.json,
        [
            row(
                "rules",
                "eligibility + amount + trace + hash (scoring.engine)",
                args.n,
                engine_time,
                base_time,
                "plain Python: same conditions and amounts, no trace",
                "< 2 s and ≤ 3× baseline",
                engine_time < 2 and ratio <= 3,
                statuses=statuses,
            )
        ],
    )
    return {"n": args.n, "engine": engine_time, "baseline": base_time, "ratio": ratio, "statuses": statuses}


if __name__ == "__main__":
    main()
