"""Benchmark: a unit imports N survey rows (Form B) through the same code path as the import page.

Builds a clean workbook of N rows in the template's shape (each row a new enterprise, the worst case: every row
also creates an enterprise record), then calls ``survey.imports.receive`` and ``survey.imports.run`` — the content
and zip checks, ``read_only`` streaming, every cell parsed, the rows checked against each other and the database,
and one transaction that writes them all. Prints the time and the peak memory (the process's maximum resident
set, ``ru_maxrss``, which is what a 300 MB limit would see), then a baseline: openpyxl ``read_only`` reading every
cell of the same workbook, and the ratio. Targets for 10,000 rows: under 30 s and under 300 MB.

Runs against a throwaway SQLite file (migrated first) unless DATABASE_URL is set:

    .venv/bin/python benchmarks/survey_import_bench.py              # 10,000 rows
    .venv/bin/python benchmarks/survey_import_bench.py --rows 200   # quick run (also run by tests/survey)
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIME_TARGET_S = 30
MEMORY_TARGET_MB = 300


def build_workbook(rows: int) -> bytes:
    """A clean N-row file: the template's header, varied valid answers (write_only, so building costs little)."""
    from openpyxl import Workbook
    from stdnum.cn.uscc import calc_check_digit

    from survey import formb

    terms = formb.chinese_labels(formb.LoanTerm)
    costs = formb.chinese_labels(formb.MaxCost)
    industries = formb.chinese_labels(formb.Industry)
    sizes = formb.chinese_labels(formb.Size)
    purposes = formb.chinese_labels(formb.Purpose)[:7]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("信息采集表")
    sheet.append(list(formb.HEADERS))
    for n in range(rows):
        body = f"91130104MA{n:07d}X"[:17]
        row = {
            "filled_month": "2022-03",
            "controller_years": 5 + n % 20,
            "controller_education": "本科",
            "name": f"石家庄基准测试企业{n:05d}有限公司",
            "ownership": "民营企业",
            "years_established": 1 + n % 30,
            "registered_capital": 100 + n % 5000,
            "address": f"石家庄市裕华区测试路{n}号",
            "premises_ownership": "租赁" if n % 2 else "自有",
            "listed_high_tech": "是" if n % 3 else "否",
            "management_changed": "否",
            "uscc": body + calc_check_digit(body),
            "size": sizes[n % len(sizes)],
            "contact_name": "张三",
            "contact_title": "财务经理",
            "contact_phone": f"139{n:08d}",
            "industry": industries[n % len(industries)],
            "assets": 1000 + (n % 997) * 1.25,
            "liabilities": 300 + n % 400,
            "revenue_last_year": 2000.5,
            "revenue_this_year": 600,
            "sales_two_years": "2020年1800万元，2021年2000万元",
            "large_assets": "厂房",
            "audited": "是",
            "lawsuits_as_defendant": n % 3,
            "administrative_penalties": 0,
            "main_products": "工业软件",
            "military_civil": "否",
            "cultural": "否",
            "patent_applications": n % 40,
            "patents_granted": n % 20,
            "patents_valid": n % 15,
            "trademarks": n % 5,
            "software_copyrights": n % 7,
            "ic_layouts": 0,
            "amount_sought": 50 + n % 2000,
            "loan_term": terms[n % len(terms)],
            "banks": "中国银行、河北银行",
            "max_cost": costs[n % len(costs)],
            "purposes": "、".join(purposes[: 1 + n % 3]),
            "purpose_other": "",
            "repayment_plan": "按季付息，到期还本",
            "other_notes": "",
            "policy_suggestions": "",
            "whitelist_consent": "是" if n % 4 else "否",
            "phone_consent": "否",
        }
        sheet.append([row[column.field] for column in formb.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def baseline(content: bytes) -> tuple[float, int]:
    """openpyxl read_only reading every cell of the first sheet: the floor any import stands on."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = 0
    for row in book.worksheets[0].iter_rows(values_only=True):
        for _value in row:
            cells += 1
    book.close()
    return time.perf_counter() - started, cells


def _maxrss_mb() -> float:
    """This process's peak resident memory. VmHWM (per address space) rather than ru_maxrss, which Linux carries
    over from the parent across fork + exec, so a child started by a large parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(rows: int) -> dict:
    """Build, import and measure; needs Django set up with a migrated database."""
    from accounts.models import Role, RoleKind, User
    from places.models import Unit
    from survey import imports
    from survey.models import ImportStatus, SurveyResponse

    unit = Unit.objects.get(code="SJZ")
    user, _created = User.objects.get_or_create(username="bench_sjz_reviewer")
    Role.objects.get_or_create(user=user, kind=RoleKind.CITY_REVIEWER, unit=unit)
    user = User.objects.get(pk=user.pk)  # fresh role cache

    content = build_workbook(rows)
    rss_before = _maxrss_mb()
    started = time.perf_counter()
    batch = imports.receive(content, f"bench-{rows}.xlsx", unit, 2022, user)
    imports.run(batch, user)
    elapsed = time.perf_counter() - started
    rss_peak = _maxrss_mb()
    if batch.status != ImportStatus.DONE:
        raise SystemExit(f"import refused: {batch.problems[:5]}")
    written = SurveyResponse.objects.filter(source_import=batch).count()
    base_s, cells = baseline(content)
    return {
        "rows": rows,
        "written": written,
        "file_kb": len(content) // 1024,
        "import_s": elapsed,
        "peak_rss_mb": rss_peak,
        "rss_before_mb": rss_before,
        "baseline_s": base_s,
        "baseline_cells": cells,
        "ratio": elapsed / base_s if base_s else float("inf"),
    }


def report(result: dict) -> str:
    ok_time = result["import_s"] < TIME_TARGET_S
    ok_mem = result["peak_rss_mb"] < MEMORY_TARGET_MB
    return "\n".join(
        [
            f"survey import: {result['rows']} rows ({result['file_kb']} KB .xlsx), {result['written']} written",
            f"  import (check + write, one transaction): {result['import_s']:.2f} s"
            f"  [target < {TIME_TARGET_S} s: {'ok' if ok_time else 'MISSED'}]",
            f"  peak RSS: {result['peak_rss_mb']:.0f} MB (before import {result['rss_before_mb']:.0f} MB)"
            f"  [target < {MEMORY_TARGET_MB} MB: {'ok' if ok_mem else 'MISSED'}]",
            f"  baseline, openpyxl read_only reading {result['baseline_cells']} cells: {result['baseline_s']:.2f} s",
            f"  ratio import / baseline: {result['ratio']:.1f}x",
        ]
    )


def _child(mode: str, path: str) -> None:
    """In a fresh process: one measurement, printed as JSON (peak RSS is this process's alone)."""
    import json

    import django

    django.setup()
    content = Path(path).read_bytes()
    if mode == "baseline":
        base_s, cells = baseline(content)
        print(json.dumps({"baseline_s": base_s, "baseline_cells": cells, "baseline_peak_rss_mb": _maxrss_mb()}))
        return
    from accounts.models import Role, RoleKind, User
    from places.models import Unit
    from survey import imports
    from survey.models import ImportStatus, SurveyResponse

    unit = Unit.objects.get(code="SJZ")
    user, _created = User.objects.get_or_create(username="bench_sjz_reviewer")
    Role.objects.get_or_create(user=user, kind=RoleKind.CITY_REVIEWER, unit=unit)
    user = User.objects.get(pk=user.pk)
    rss_before = _maxrss_mb()
    started = time.perf_counter()
    batch = imports.receive(content, Path(path).name, unit, 2022, user)
    imports.run(batch, user)
    elapsed = time.perf_counter() - started
    rss_peak = _maxrss_mb()
    if batch.status != ImportStatus.DONE:
        raise SystemExit(f"import refused: {batch.problems[:5]}")
    written = SurveyResponse.objects.filter(source_import=batch).count()
    print(json.dumps({"import_s": elapsed, "peak_rss_mb": rss_peak, "rss_before_mb": rss_before, "written": written}))


def measured(rows: int, scratch: str) -> dict:
    """Build the file here, then import it and read it (the baseline) each in a fresh process."""
    import json
    import subprocess

    content = build_workbook(rows)
    path = Path(scratch) / f"bench-{rows}.xlsx"
    path.write_bytes(content)
    result: dict = {"rows": rows, "file_kb": len(content) // 1024}
    for mode in ("import", "baseline"):
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True, check=True
        )
        result.update(json.loads(out.stdout.strip().splitlines()[-1]))
    result["ratio"] = result["import_s"] / result["baseline_s"] if result["baseline_s"] else float("inf")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--json", help="write the result row to this file (benchmarks/run.py)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return

    from benchmarks.common import row, setup_django, write_rows

    scratch = setup_django("survey")
    result = measured(args.rows, scratch)
    print(report(result))
    ok = result["ratio"] <= 4 and result["peak_rss_mb"] < MEMORY_TARGET_MB
    write_rows(
        args.json,
        [
            row(
                "survey import",
                "Form B rows via survey.imports.receive + run (checks, one transaction), own process",
                args.rows,
                result["import_s"],
                result["baseline_s"],
                "openpyxl read_only reading every cell, own process",
                f"≤ 4× baseline and peak RSS < {MEMORY_TARGET_MB} MB",
                ok,
                peak_rss_mb=round(result["peak_rss_mb"], 1),
                rss_before_import_mb=round(result["rss_before_mb"], 1),
                baseline_peak_rss_mb=round(result["baseline_peak_rss_mb"], 1),
                written=result["written"],
            )
        ],
    )


if __name__ == "__main__":
    main()
