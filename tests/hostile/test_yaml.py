"""Hostile rules files: every one refused by the loader and by ``manage.py rules_check`` with the file, the key
path and (where it has one) the line; no exception escapes, nothing is written. Cases: corpus/yaml/cases.yaml."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import CommandError, call_command

from scoring.loader import RulesError, check_rules, load_rulebook

from .common import CORPUS, case_id, files_under, manifest

CASES = [pytest.param(case, id=case_id(case)) for case in manifest("yaml")]


@pytest.mark.parametrize("case", CASES)
def test_hostile_rules_file(tmp_path, capsys, case):
    target = tmp_path / "insurance" / "insurance-2021.yaml"
    target.parent.mkdir()
    shutil.copyfile(CORPUS / "yaml" / case["file"], target)
    before = files_under(tmp_path)

    errors = check_rules(tmp_path)
    matching = [e for e in errors if e.path == case["path"] and case["message"] in e.message]
    assert matching, [str(e) for e in errors]
    assert matching[0].file.endswith("insurance/insurance-2021.yaml")
    if "line" in case:
        assert matching[0].line == case["line"]

    with pytest.raises(RulesError):
        load_rulebook(tmp_path)
    with pytest.raises(CommandError, match=r"error\(s\) in the rules"):
        call_command("rules_check", rules_dir=str(tmp_path))
    shown = capsys.readouterr().err
    assert f"{case['path'] or '(file)'}: " in shown and case["message"] in shown
    assert files_under(tmp_path) == before and target.read_bytes() == (CORPUS / "yaml" / case["file"]).read_bytes()
