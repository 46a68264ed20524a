"""The README's table of context keys is the callers' contract: it must name every key of every kind."""

from pathlib import Path

import pytest

from documents.kinds import KINDS

README = (Path(__file__).resolve().parents[2] / "documents" / "README.md").read_text()


@pytest.mark.parametrize("kind", KINDS)
def test_the_readme_documents_every_context_key(kind):
    row = next(line for line in README.splitlines() if line.startswith(f"| `{kind}`"))
    for key in KINDS[kind].keys:
        assert f"`{key.name}`" in row, f"README does not document {kind}.{key.name}"
        for field in key.fields:
            assert field in row, f"README does not document {kind}.{key.name}.{field}"
