"""Hostile form and API fields: the error names the field, the page shows typed markup escaped, nothing is
written, never a server error. Cases: corpus/forms/cases.yaml."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from enterprises.models import Enterprise
from finance.models import BankImport, Payment
from tests.api.conftest import bearer, token
from tests.enterprises.test_register import registration_data
from tests.finance.conftest import approved
from tests.makers import make_open_call, signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow.models import Policy

from .common import assert_escaped, case_id, counts, manifest

CASES = [pytest.param(case, id=case_id(case)) for case in manifest("forms")]
WRITTEN = {
    "register": (User, Enterprise),
    "policy": (Policy,),
    "pay": (Payment,),
    "api": (Payment, BankImport),
}


def _data(base: dict, case: dict) -> dict:
    data = {**base, **(case.get("data") or {})}
    for name, length in (case.get("long") or {}).items():
        data[name] = "甲" * length
    return data


def _register(request, client, case):
    sjz = request.getfixturevalue("sjz")
    before = counts(*WRITTEN["register"])
    response = client.post(reverse("enterprises:register"), _data(registration_data(sjz), case))
    prefix, name = case["field"].split("-", 1)
    form = response.context["enterprise_form" if prefix == "e" else "user_form"]
    return response, form.errors.get(name, []), before


def _policy(request, client, case):
    enterprise = request.getfixturevalue("sjz_enterprise")
    request.getfixturevalue("sjz_reviewer")
    draft = ready_insurance_application(enterprise)
    base = {
        "insurer": "中国人民财产保险股份有限公司石家庄分公司",
        "policy_number": "PICC-HOSTILE-1",
        "insurance_type": "patent_enforcement",
        "policy_date": "2021-03-01",
        "period_start": "2021-03-02",
        "period_end": "2022-03-01",
        "premium": "12000.00",
        "first_year_premium": "12000.00",
        "coverage": "500000.00",
        "date_paid": "2021-03-05",
        "paid_in_one_payment": "on",
    }
    signed_in(client, enterprise.user)
    before = counts(*WRITTEN["policy"])
    response = client.post(reverse("workflow:policy_add", args=[draft.pk]), _data(base, case))
    return response, response.context["form"].errors.get(case["field"], []), before


@pytest.fixture
def awarded(db, admin_user, sjz_enterprise, sjz_reviewer):
    return approved(sjz_enterprise, "10000.00", make_open_call("insurance"))


def _pay(request, client, case):
    application = request.getfixturevalue("awarded")
    base = {
        "amount": "10000.00",
        "voucher": "GK-HOSTILE-1",
        "subject": "2060299",
        "paid_on": "2024-05-20",
        "idempotency_key": "hostile-key-1",
    }
    signed_in(client, request.getfixturevalue("finance_user"))
    before = counts(*WRITTEN["pay"])
    response = client.post(reverse("finance:pay", args=[application.pk]), _data(base, case))
    return response, response.context["payment_form"].errors.get(case["field"], []), before


def _api(request, client, case):
    application = request.getfixturevalue("awarded")
    base = {
        "voucher": "GK-HOSTILE-2",
        "application": application.number,
        "account": application.account_number,
        "amount": "10000.00",
        "paid_on": "2024-05-20",
        "result": "成功",
        "reason": "",
    }
    raw = token(request.getfixturevalue("finance_user"))
    before = counts(*WRITTEN["api"])
    response = client.post(
        "/api/bank-results/",
        {"subject": "2060299", "rows": [_data(base, case)]},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 400, response.content.decode()[:1000]
    errors = response.json()["errors"]
    return response, [e["message"] for e in errors if e["field"] == case["field"] and e["row"] in (1, 2)], before


TARGETS = {"register": _register, "policy": _policy, "pay": _pay, "api": _api}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_hostile_field(request, client, case):
    response, messages, before = TARGETS[case["target"]](request, client, case)
    assert response.status_code < 500
    assert any(case["expect"] in str(m) for m in messages), (case["field"], messages)
    if case.get("escaped"):
        assert_escaped(response, case["escaped"])
    assert counts(*WRITTEN[case["target"]]) == before
