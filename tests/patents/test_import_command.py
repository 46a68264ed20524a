"""The same import from the command line: import_past_awards FILE --by USERNAME [--dry-run]."""

import pytest
from django.core.management import CommandError, call_command

from patents.models import PastAward
from tests.makers import make_uscc
from tests.patents.makers import workbook_bytes

ROWS = [[2021, "专利保险补助", None, "石家庄甲科技有限公司", "ZL201710601862.3", "专利执行保险", 12000]]


@pytest.fixture
def award_file(tmp_path):
    path = tmp_path / "2021.xlsx"
    path.write_bytes(workbook_bytes([[*ROWS[0][:2], make_uscc(), *ROWS[0][3:]]]))
    return path


@pytest.mark.django_db
def test_dry_run_checks_and_writes_nothing(admin_user, award_file, capsys):
    call_command("import_past_awards", str(award_file), "--by", admin_user.username, "--dry-run")
    assert "检查通过：1 行" in capsys.readouterr().out
    assert not PastAward.objects.exists()


@pytest.mark.django_db
def test_import_writes_the_rows(admin_user, award_file, capsys):
    call_command("import_past_awards", str(award_file), "--by", admin_user.username)
    assert "已导入 2021.xlsx：1 行" in capsys.readouterr().out
    assert PastAward.objects.get().source_import.imported_by == admin_user


@pytest.mark.django_db
def test_a_bad_file_lists_its_problems_and_fails(admin_user, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes([[2021, "专利保险补助", "911301", "甲", "ZL201710601862.3", "其他", 1]]))
    with pytest.raises(CommandError, match="发现 1 处问题"):
        call_command("import_past_awards", str(path), "--by", admin_user.username)
    assert "第2行 C列（统一社会信用代码）：统一社会信用代码应为18位，您填写了6位" in capsys.readouterr().err
    assert not PastAward.objects.exists()


@pytest.mark.django_db
def test_only_a_province_admin_may_import(sjz_reviewer, award_file):
    with pytest.raises(CommandError, match="只有省局管理员"):
        call_command("import_past_awards", str(award_file), "--by", sjz_reviewer.username)
