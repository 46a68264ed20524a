"""POST the bank's payment results: finance only, the page import's own path, all rows or none, row and
column named, safe to retry."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from finance import bank_import
from finance.models import BankImport, Payment
from tests.api.conftest import bearer, token
from tests.finance.conftest import approved, assert_balanced, current
from workflow.models import Status

URL = "/api/bank-results/"


@pytest.fixture
def application(call, sjz_enterprise, sjz_reviewer):
    return approved(sjz_enterprise, "10000.00", call)


@pytest.fixture
def other_application(call, bd_enterprise, bd_reviewer):
    return approved(bd_enterprise, "8000.00", call)


def rows(application, other_application, amount="8000.00"):
    return [
        ["GK-A1", application.number, application.account_number, "10000.00", "2024-05-20", "成功", ""],
        ["GK-A2", other_application.number, other_application.account_number, amount, "2024-05-20", "失败", "户名不符"],
    ]


def workbook(values, title: str = "支付结果") -> SimpleUploadedFile:
    book = Workbook()
    book.active.title = title
    book.active.append(list(bank_import.HEADERS))
    for row in values:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("结果.xlsx", out.getvalue())


def as_json(values) -> list[dict]:
    names = ["voucher", "application", "account", "amount", "paid_on", "result", "reason"]
    return [dict(zip(names, row, strict=True)) for row in values]


def upload(client, raw, values):
    return client.post(URL, {"file": workbook(values), "subject": "2060299"}, **bearer(raw))


def post_json(client, raw, values, **extra):
    body = {"subject": "2060299", "rows": as_json(values), **extra}
    return client.post(URL, body, content_type="application/json", **bearer(raw))


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_and_column(
    client, application, other_application, finance_user
):
    response = upload(client, token(finance_user), rows(application, other_application, amount="8000.001"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "column": "D", "header": "金额", "field": "amount", "message": "金额最多保留两位小数（到分）"}
    ]
    assert Payment.objects.count() == 0 and BankImport.objects.count() == 0
    assert current(application).status == Status.APPROVED


def test_the_fixed_file_imports_fully_and_a_retry_writes_nothing_twice(
    client, application, other_application, finance_user
):
    raw = token(finance_user)
    response = upload(client, raw, rows(application, other_application))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["replayed"], body["bank_import"]["row_count"], body["paid_total"], body["failed_count"]) == (
        False,
        2,
        "10000.00",
        1,
    )
    assert current(application).status == Status.PAID
    assert current(other_application).status == Status.PAYMENT_FAILED
    # The bank sends the rows again in a re-exported file (other bytes): the first import is the answer.
    file = workbook(rows(application, other_application), title="重新导出")
    retry = client.post(URL, {"file": file, "subject": "2060299"}, **bearer(raw))
    assert retry.status_code == 200 and retry.json()["replayed"] is True
    assert retry.json()["bank_import"]["id"] == body["bank_import"]["id"]
    assert Payment.objects.filter(voucher="GK-A1").count() == 1 and BankImport.objects.count() == 1
    assert_balanced(application.call)


def test_a_retry_that_differs_from_what_was_recorded_is_refused(client, application, other_application, finance_user):
    raw = token(finance_user)
    assert upload(client, raw, rows(application, other_application)).status_code == 201
    changed = rows(application, other_application)
    changed[0][3] = "9000.00"  # same voucher, another amount: not a retry
    response = upload(client, raw, changed)
    assert response.status_code == 400
    assert (2, "A") in [(e["row"], e["column"]) for e in response.json()["errors"]]
    assert Payment.objects.count() == 2


def test_json_rows_go_the_same_way_with_row_and_field_named(client, application, other_application, finance_user):
    raw = token(finance_user)
    bad = post_json(client, raw, rows(application, other_application, amount="八千"))
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"row": 2, "column": None, "header": "金额", "field": "amount", "message": "“八千”不是金额"}
    ]
    assert Payment.objects.count() == 0
    good = post_json(client, raw, rows(application, other_application))
    assert good.status_code == 201, good.content
    again = post_json(client, raw, rows(application, other_application))
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert Payment.objects.count() == 2 and current(application).status == Status.PAID


def test_the_same_voucher_in_another_request_is_refused_not_recorded_twice(
    client, application, other_application, finance_user
):
    raw = token(finance_user)
    first = [["GK-A1", application.number, application.account_number, "4000.00", "2024-05-20", "成功", ""]]
    assert post_json(client, raw, first).status_code == 201
    same_voucher = [["GK-A1", application.number, application.account_number, "4000.00", "2024-05-21", "成功", ""]]
    response = post_json(client, raw, same_voucher)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "voucher" and response.json()["errors"][0]["row"] == 1
    assert Payment.objects.filter(voucher="GK-A1").count() == 1


def test_unknown_fields_and_non_scalar_values_are_named(client, finance_user):
    body = {"subject": "2060299", "rows": [{"voucher": "X", "amout": "1"}, {"amount": {"yuan": 1}}]}
    response = client.post(URL, body, content_type="application/json", **bearer(token(finance_user)))
    assert response.status_code == 400
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(1, "amout"), (2, "amount")]


def test_a_dry_run_checks_without_writing(client, application, other_application, finance_user):
    response = post_json(client, token(finance_user), rows(application, other_application), dry_run=True)
    assert response.status_code == 200
    assert response.json() == {"dry_run": True, "row_count": 2, "paid_total": "10000.00", "failed_count": 1}
    assert Payment.objects.count() == 0 and BankImport.objects.count() == 0


def test_only_finance_may_post_results(client, application, other_application, admin_user, sjz_reviewer):
    for user in (admin_user, sjz_reviewer):
        response = upload(client, token(user), rows(application, other_application))
        assert response.status_code == 403
        assert response.json()["detail"] == "只有省局财务人员可以登记拨付"
    assert Payment.objects.count() == 0


def test_a_missing_subject_is_named(client, finance_user, application, other_application):
    body = {"rows": as_json(rows(application, other_application))}
    response = client.post(URL, body, content_type="application/json", **bearer(token(finance_user)))
    assert response.status_code == 400 and "subject" in response.json()


def test_a_dry_run_of_a_file_checks_without_writing(client, application, other_application, finance_user):
    content = workbook(rows(application, other_application))
    body = {"file": content, "subject": "2060299", "dry_run": "true"}
    response = client.post(URL, body, **bearer(token(finance_user)))
    assert response.status_code == 200 and response.json()["row_count"] == 2
    assert Payment.objects.count() == 0 and BankImport.objects.count() == 0
