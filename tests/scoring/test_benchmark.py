"""The benchmark script keeps running, and the engine agrees with the hand-written baseline."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import rules_bench


def test_benchmark_runs_small_and_engine_agrees_with_baseline(capsys):
    result = rules_bench.main(["--n", "200", "--repeat", "1"])
    assert result["n"] == 200
    assert sum(result["statuses"].values()) == 200
    assert set(result["statuses"]) == {"eligible", "ineligible", "needs_correction", "awaiting_judgement"}
    assert "results agree to the fen" in capsys.readouterr().out
