"""Applications at each step, built through the lifecycle door (as the pages do)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.makers import make_open_call, make_patent
from workflow import lifecycle
from workflow.models import Material, Policy

PDF = b"%PDF-1.4\n% test\n%%EOF\n"


def ready_insurance_application(enterprise, call=None):
    """A complete insurance draft: one policy with two patents, the payee account and every material."""
    call = call or make_open_call("insurance")
    application = lifecycle.create_draft(call, enterprise.user)
    policy = Policy.objects.create(
        application=application,
        insurer="中国人民财产保险股份有限公司",
        policy_number=f"P-{application.pk}",
        insurance_type="patent_enforcement",
        policy_date="2021-03-01",
        period_start="2021-03-02",
        period_end="2022-03-01",
        premium="12000.00",
        first_year_premium="12000.00",
        coverage="600000.00",
        date_paid="2021-03-01",
        paid_in_one_payment=True,
    )
    policy.patents.set([make_patent(enterprise), make_patent(enterprise)])
    type(application).objects.filter(pk=application.pk).update(
        bank_name="中国银行", account_name=enterprise.name, account_number="6222020200001234"
    )
    for material in call.edition.spec.materials:
        add_material(application, material.id, policy if material.scope == "item" else None)
    return type(application).objects.get(pk=application.pk)


def add_material(application, material_id, policy=None):
    material = Material(
        application=application,
        material_id=material_id,
        policy=policy,
        original_name=f"{material_id}.pdf",
        extension=".pdf",
        kind="pdf",
        size=len(PDF),
        sha256=Material.digest(PDF),
        uploaded_by=application.created_by,
    )
    material.file.save(f"{material_id}.pdf", ContentFile(PDF), save=False)
    material.save()
    return material


@pytest.fixture
def draft(sjz_enterprise, sjz_reviewer):
    return ready_insurance_application(sjz_enterprise)


@pytest.fixture
def submitted(draft, sjz_enterprise):
    return lifecycle.submit(draft, sjz_enterprise.user)


@pytest.fixture
def returned(submitted, sjz_reviewer):
    deadline = timezone.now() + timedelta(days=7)
    return lifecycle.return_for_correction(
        submitted, sjz_reviewer, [{"item": "", "problem": "诚信承诺书未盖章", "provide": "盖章后上传"}], deadline
    )


@pytest.fixture
def passed(submitted, sjz_reviewer):
    return lifecycle.pass_review(submitted, sjz_reviewer, "同意")
