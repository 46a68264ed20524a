"""Every benchmark runs once at a tiny size on every CI run, through the same command as the full run, so that
none of them rots. Timing targets are for the full run (benchmarks/results/latest.md), not asserted here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # each benchmark picks its own settings
    return env


def test_the_small_run_measures_every_row_with_its_baseline(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--small", "--no-load", "--out", str(tmp_path)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in result["rows"]]
    assert names == [
        "rules",
        "allocation",
        "letters",
        "survey import",
        "page: city queue",
        "page: province ranking board",
        "page: statistics",
        "page: application page",
    ]
    for r in result["rows"]:
        assert r["value"] > 0 and r["baseline"] > 0 and r["ratio"] > 0, r
        assert isinstance(r["met"], bool), r
    pages = [r for r in result["rows"] if r["name"].startswith("page:")]
    assert all(r["queries_small"] > 0 and r["queries_large"] > 0 for r in pages)
    assert result["machine"]["cores"] and result["machine"]["python"]
    text = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| rules | 200 |" in text and "Machine: cpu" in text and not result["failures"]


@pytest.mark.postgres
def test_the_load_test_serves_real_users_without_errors(tmp_path):
    url = os.environ["DATABASE_URL"]
    base = url.rsplit("/", 1)[0]
    out = tmp_path / "load.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "loadtest.py"),
            *("--users", "5", "--duration", "8", "--applications", "60", "--workers", "2"),
            *("--skip-collectstatic", "--json", str(out)),
        ],
        cwd=ROOT,
        env={**_env(), "PG_URL_BASE": base},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["name"] == "load test" and row["n"] > 0
    assert row["failures"] == 0, row["per_request"]
    assert row["posts"] > 0 and row["baseline"] > 0
