"""The bank's result file: one bad row writes nothing and names its row and column; fixed, it imports whole."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from finance import bank_import
from finance.models import BankImport, Payment
from tests.finance.conftest import assert_balanced, current
from tests.makers import signed_in
from workflow.models import Status


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(bank_import.HEADERS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows(application, other_application, amount_in_row_3="8000.00"):
    return (
        ("GK-B1", application.number, application.account_number, "10000.00", "2024-05-20", "成功", ""),
        (
            "GK-B2",
            other_application.enterprise.uscc,
            other_application.account_number,
            amount_in_row_3,
            "2024-05-20",
            "失败",
            "户名不符",
        ),
    )


def test_one_bad_row_writes_nothing_and_names_row_and_column(application, other_application, finance_user):
    content = workbook(*rows(application, other_application, amount_in_row_3="8000.001"))
    with pytest.raises(bank_import.ImportRefused) as refused:
        bank_import.commit(content, "结果.xlsx", "2060299", finance_user)
    assert [str(p) for p in refused.value.preview.problems] == ["第3行 D列（金额）：金额最多保留两位小数（到分）"]
    assert Payment.objects.count() == 0 and BankImport.objects.count() == 0
    assert current(application).status == Status.APPROVED


def test_rows_the_doors_refuse_are_found_by_the_rehearsal(application, other_application, finance_user):
    content = workbook(
        ("GK-B3", application.number, application.account_number, "10000.01", "2024-05-20", "成功", ""),
        (
            "GK-B4",
            other_application.number,
            other_application.account_number,
            "8000.01",
            "2024-05-20",
            "失败",
            "户名不符",
        ),
    )
    preview = bank_import.check_file(content, "多付.xlsx", "2060299", finance_user)
    assert [str(p) for p in preview.problems] == [
        "第2行 D列（金额）：超出批准金额：批准10000.00元，已拨付0.00元，本次10000.01元，最多还可拨付10000.00元",
        "第3行 D列（金额）：失败金额8000.01元超出未拨付的8000.00元，请核对",
    ]
    assert Payment.objects.count() == 0 and current(other_application).status == Status.APPROVED


def test_fixed_file_imports_fully(application, other_application, finance_user):
    content = workbook(*rows(application, other_application))
    batch = bank_import.commit(content, "结果.xlsx", "2060299", finance_user)
    assert batch.row_count == 2
    assert current(application).status == Status.PAID
    assert current(other_application).status == Status.PAYMENT_FAILED
    assert Payment.objects.get(voucher="GK-B1").amount == Decimal("10000.00")
    assert_balanced(application.call)
    with pytest.raises(bank_import.ImportRefused, match="不能重复导入"):
        bank_import.commit(content, "结果.xlsx", "2060299", finance_user)


def test_import_page_previews_then_commits(client, application, other_application, finance_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, finance_user)
    upload = SimpleUploadedFile("结果.xlsx", workbook(*rows(application, other_application)))
    page = client.post(reverse("finance:import"), {"file": upload, "subject": "2060299"})
    assert "全部 2 行检查无误" in page.content.decode()
    assert Payment.objects.count() == 0
    token = page.context["commit_form"].initial["token"]
    assert client.post(reverse("finance:import"), {"token": token}).status_code == 302
    assert Payment.objects.count() == 2
