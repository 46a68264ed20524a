"""Run every benchmark, each in its own process, and write benchmarks/results/latest.{md,json}.

    bash scripts/bench              # full sizes (about 10 minutes on 2 cores, the load test included)
    bash scripts/bench --small      # tiny sizes, so that nothing rots (CI: tests/benchmarks)
    bash scripts/bench --only rules --only allocation --out /tmp/results

The load test needs PostgreSQL (PG_URL_BASE, default postgres://postgres@127.0.0.1:5432); ``--no-load`` leaves
it out. Each benchmark writes its rows as JSON; this script adds the machine description and the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, machine

HERE = ROOT / "benchmarks"
# name -> (script, full-size arguments, small arguments)
BENCHMARKS = {
    "rules": ("rules_bench.py", ["--n", "10000", "--repeat", "3"], ["--n", "200", "--repeat", "1"]),
    "allocation": ("allocation_bench.py", ["--n", "10000", "--repeat", "3"], ["--n", "200", "--repeat", "1"]),
    "letters": ("letters_bench.py", ["--n", "1000"], ["--n", "10"]),
    "survey": ("survey_import_bench.py", ["--rows", "10000"], ["--rows", "100"]),
    "pages": (
        "pages_bench.py",
        ["--sizes", "1000", "5000", "--requests", "30"],
        ["--sizes", "20", "40", "--requests", "2"],
    ),
    "load": (
        "loadtest.py",
        ["--users", "50", "--duration", "120", "--applications", "5000"],
        ["--users", "6", "--duration", "10", "--applications", "100", "--skip-collectstatic"],
    ),
}


def _sqlite_template(scratch: str) -> str:
    """Migrate one SQLite file; every SQLite benchmark starts from a copy (migrating costs seconds each time)."""
    path = os.path.join(scratch, "template.sqlite3")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DATABASE_URL": f"sqlite:///{path}"}
    env["HEBEI_VAR_DIR"] = scratch
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT
    )
    return path


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    return f"{value:.0f} {unit}"


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| row | N | measured | baseline | ratio | target | met | details |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    skip = {"name", "what", "n", "value", "unit", "baseline", "baseline_what", "ratio", "target", "met", "per_request"}
    for r in rows:
        details = "; ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items() if k not in skip
        )
        met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        lines.append(
            f"| {r['name']} | {r['n']:,} | {fmt_value(r['value'], r['unit'])} | "
            f"{fmt_value(r['baseline'], r['unit'])} | {ratio} | {r['target']} | {met} | {details} |"
        )
    lines.append("")
    lines.append("What each row measures, and its baseline:")
    lines.append("")
    for r in rows:
        lines.append(f"- **{r['name']}**: {r['what']}. Baseline: {r['baseline_what']}.")
    for r in rows:
        if r.get("per_request"):
            lines += ["", f"{r['name']}, per request:", "", "| request | n | failures | median | p95 |"]
            lines.append("| --- | ---: | ---: | ---: | ---: |")
            for name, v in r["per_request"].items():
                lines.append(f"| {name} | {v['n']} | {v['fail']} | {v['median_ms']:.0f} ms | {v['p95_ms']:.0f} ms |")
    return lines


def markdown(result: dict) -> str:
    small = result["size"] == "small"
    md = [
        f"# Benchmark results ({result['size']} size)",
        "",
        f"Run {result['when']} with `bash scripts/bench{' --small' if small else ''}` in {result['total_s']} s.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in result["machine"].items()),
        "",
        *table(result["rows"]),
    ]
    if result["failures"]:
        md += ["", "Failed: " + ", ".join(result["failures"])]
    return "\n".join(md) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="tiny sizes (CI)")
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS), help="run only these (repeatable)")
    parser.add_argument("--no-load", action="store_true", help="leave out the load test (needs PostgreSQL)")
    parser.add_argument("--out", default=str(HERE / "results"), help="directory for latest.md / latest.json")
    parser.add_argument("--render", metavar="JSON", help="only rewrite latest.md in --out from a results file")
    args = parser.parse_args(argv)
    if args.render:
        result = json.loads(Path(args.render).read_text(encoding="utf-8"))
        (Path(args.out) / "latest.md").write_text(markdown(result), "utf-8")
        return 0
    names = args.only or list(BENCHMARKS)
    if args.no_load and "load" in names:
        names.remove("load")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="bench-run-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    env.pop("DATABASE_URL", None)  # the SQLite benchmarks use their own throwaway files; the load test its own PG db
    if any(n in names for n in ("letters", "survey", "pages")):
        env["BENCH_SQLITE_TEMPLATE"] = _sqlite_template(scratch)
    info = machine()
    started = time.time()
    rows: list[dict] = []
    failures: list[str] = []
    for name in names:
        script, full, small = BENCHMARKS[name]
        target = os.path.join(scratch, f"{name}.json")
        cmd = [sys.executable, str(HERE / script), *(small if args.small else full), "--json", target]
        print(f"==> {name}: {' '.join(cmd[1:])}", flush=True)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=ROOT, check=False)  # noqa: S603
        took = time.perf_counter() - t0
        if done.returncode != 0 or not os.path.exists(target):
            failures.append(f"{name} (exit {done.returncode})")
            continue
        for r in json.loads(Path(target).read_text(encoding="utf-8")):
            r["wall_s"] = round(took, 1)
            rows.append(r)
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "size": "small" if args.small else "full",
        "machine": info,
        "total_s": round(time.time() - started, 1),
        "rows": rows,
        "failures": failures,
    }
    (out_dir / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), "utf-8")
    md = markdown(result)
    (out_dir / "latest.md").write_text(md, "utf-8")
    print(md)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
