"""A policy row goes with its PDF and its WPS file (Form A, note 2): submission names the row that lacks one."""

import pytest

from ledger import filing
from ledger.models import Ledger
from tests.ledger.conftest import add_policy, png_upload, wps_upload
from tests.makers import pdf_upload

pytestmark = pytest.mark.django_db


def test_a_policy_without_its_wps_file_refuses_submission_naming_the_row(sjz_ledger, sjz_reviewer):
    add_policy(sjz_ledger, sjz_reviewer, title="完整的办法")
    add_policy(sjz_ledger, sjz_reviewer, title="缺WPS的协议", wps=False)
    with pytest.raises(filing.Refused) as refused:
        filing.submit(sjz_ledger, sjz_reviewer)
    assert refused.value.problems == ["政策类第2行“缺WPS的协议”缺少WPS版文件"]
    sjz_ledger.refresh_from_db()
    assert sjz_ledger.status == Ledger.Status.DRAFT


def test_a_policy_with_both_files_is_submitted(sjz_ledger, sjz_reviewer):
    add_policy(sjz_ledger, sjz_reviewer)
    assert filing.submit(sjz_ledger, sjz_reviewer).status == Ledger.Status.SUBMITTED


def test_the_pdf_slot_takes_only_a_pdf(sjz_ledger, sjz_reviewer):
    policy = add_policy(sjz_ledger, sjz_reviewer, pdf=False, wps=False)
    with pytest.raises(filing.Refused, match="不是PDF"):
        filing.attach(policy, wps_upload(), sjz_reviewer, "pdf")
    with pytest.raises(filing.Refused, match="不是WPS"):
        filing.attach(policy, pdf_upload(), sjz_reviewer, "wps")
    with pytest.raises(filing.Refused):
        filing.attach(policy, png_upload("photo.pdf"), sjz_reviewer, "pdf")  # judged by content, not by name


def test_a_second_pdf_replaces_the_first(sjz_ledger, sjz_reviewer):
    policy = add_policy(sjz_ledger, sjz_reviewer)
    filing.attach(policy, pdf_upload("新版.pdf"), sjz_reviewer, "pdf")
    assert sorted(policy.files.values_list("original_name", flat=True)) == ["办法.wps", "新版.pdf"]
