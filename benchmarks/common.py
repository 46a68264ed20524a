"""Shared by the benchmarks: result rows, the machine description, a throwaway Django database.

Every benchmark module has ``main(argv)``; with ``--json PATH`` it writes its rows there (a list of dicts, see
``row``), which is how ``benchmarks/run.py`` (``bash scripts/bench``) collects them, each in its own process.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def row(
    name: str,
    what: str,
    n: int,
    value: float,
    baseline: float | None,
    baseline_what: str,
    target: str,
    met: bool | None,
    unit: str = "s",
    **extra,
) -> dict:
    """One line of the results table: the product's figure, its baseline measured in the same run, the ratio."""
    ratio = (value / baseline) if baseline else None
    return {
        "name": name,
        "what": what,
        "n": n,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_what": baseline_what,
        "ratio": ratio,
        "target": target,
        "met": met,
        **extra,
    }


def write_rows(path: str | None, rows: list[dict]) -> None:
    if path:
        Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def maxrss_mb() -> float:
    """Peak resident memory of this process: VmHWM, since ru_maxrss survives fork + exec from the parent."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(prefix: str, settings: str = "benchmarks.settings") -> str:
    """django.setup() on a throwaway SQLite file (migrated) unless DATABASE_URL is set; returns the scratch dir."""
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix=f"bench-{prefix}-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    template = os.environ.get("BENCH_SQLITE_TEMPLATE")  # benchmarks/run.py migrates once and shares the file
    fresh = "DATABASE_URL" not in os.environ
    if fresh and template:
        shutil.copyfile(template, f"{scratch}/bench.sqlite3")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = os.path.join(scratch, "media")
    os.environ["HEBEI_VAR_DIR"] = scratch
    import django
    from django.core.management import call_command

    django.setup()
    if not (fresh and template):
        call_command("migrate", verbosity=0)
    return scratch


def _first(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
        return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    """CPU model, cores, RAM, Python, database versions: what the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import sqlite3

    pg = _first(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"])
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg or "not reachable",
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
    }
