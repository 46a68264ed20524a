"""A rules file changed after it decided applications: the change is detected by the file's hash, those
applications keep the edition they were decided with (from its stored snapshot), and a snapshot that no longer
matches its hash is refused rather than used.

The mechanism itself (scoring.editions.pinned_edition) is tested in tests/scoring/test_engine.py; this is the
same fault seen from a submitted application and the expert scoring that reads its pinned edition."""

from __future__ import annotations

import shutil

import pytest

from evaluation import scoring
from scoring import editions
from scoring.loader import RULES_DIR, load_rulebook
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import RulesSnapshot


@pytest.fixture
def submitted(sjz_enterprise, sjz_reviewer):
    return lifecycle.submit(ready_insurance_application(sjz_enterprise), sjz_enterprise.user)


@pytest.fixture
def edited_rules(tmp_path, monkeypatch, submitted):
    """The rules directory with the application's edition edited in place (same id, new bytes)."""
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    path = root / submitted.call.edition.programme.replace("_", "-") / f"{submitted.rules_edition}.yaml"
    if not path.exists():
        path = next(root.glob(f"*/{submitted.rules_edition}.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "# edited after decisions were made\n", encoding="utf-8")
    book = load_rulebook(root)
    monkeypatch.setattr(editions, "rulebook", lambda root=None: book)
    return book


@pytest.mark.django_db
def test_a_changed_rules_file_is_detected_and_the_pinned_edition_used(submitted, edited_rules):
    on_disk = edited_rules.edition(submitted.rules_edition)
    assert on_disk.sha256 != submitted.rules_sha256  # detected by its hash

    used = scoring.pinned_edition(submitted)

    assert used.sha256 == submitted.rules_sha256 and used is not on_disk
    assert used.text == RulesSnapshot.objects.get(sha256=submitted.rules_sha256).text


@pytest.mark.django_db
def test_a_snapshot_that_no_longer_matches_its_hash_is_refused(submitted, edited_rules):
    RulesSnapshot.objects.filter(sha256=submitted.rules_sha256).update(
        text=RulesSnapshot.objects.get(sha256=submitted.rules_sha256).text.replace("title:", "title: 改过 ", 1)
    )

    with pytest.raises(scoring.Refused, match=submitted.number):
        scoring.pinned_edition(submitted)
