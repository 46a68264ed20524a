"""The import benchmark runs with 200 rows on every test run, so that it never rots."""

import pytest

from benchmarks import survey_import_bench


@pytest.mark.django_db
def test_the_benchmark_imports_200_rows_and_reports(settings, tmp_path):
    result = survey_import_bench.run(200)
    assert result["written"] == 200 and result["baseline_cells"] == 201 * 46
    text = survey_import_bench.report(result)
    assert "200 rows" in text and "peak RSS" in text and "ratio" in text
