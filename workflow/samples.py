"""Complete, realistic applications for the demo and the tests: what an enterprise would have entered.

Built through the lifecycle door (create_draft), then filled the way the pages fill them: one policy or
loan with two patents, the payee account, and a (tiny, valid) PDF for every material the edition asks for.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from django.core.files.base import ContentFile

from patents.models import Patent

from . import lifecycle
from .models import Application, Loan, Material, Policy

PDF = b"%PDF-1.4\n% sample scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = count(1)


def patent_number(year: int = 2017, kind: int = 1) -> str:
    """A valid ZL number (check character per domain.md §7), a new one on each call."""
    digits = f"{year}{kind}{6000000 + next(_serial):07d}"
    total = sum(int(d) * w for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11
    return f"ZL{digits}.{'X' if total == 10 else total}"


def sample_patent(enterprise, **overrides) -> Patent:
    fields = dict(
        enterprise=enterprise,
        number=patent_number(),
        title="一种节能型智能控制装置",
        owner=enterprise.name,
        patent_type="invention",
        application_date=dt.date(2017, 3, 1),
        grant_date=dt.date(2019, 6, 1),
        legal_status="valid",
        annual_fee_paid_through=dt.date(2026, 3, 1),
    )
    fields.update(overrides)
    while Patent.objects.filter(enterprise=enterprise, number=fields["number"]).exists():
        fields["number"] = patent_number()
    return Patent.objects.create(**fields)


def add_material(application, material_id: str, item=None) -> Material:
    material = Material(
        application=application,
        material_id=material_id,
        policy=item if isinstance(item, Policy) else None,
        loan=item if isinstance(item, Loan) else None,
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


def complete_application(enterprise, call, by, *, premium: str = "12000.00") -> Application:
    """A draft with everything a submission needs, for ``call``'s programme and cycle year."""
    application = lifecycle.create_draft(call, by)
    year = call.cycle_start.year
    if call.programme == "insurance":
        item = Policy.objects.create(
            application=application,
            insurer="中国人民财产保险股份有限公司",
            policy_number=f"PICC-{year}-{application.pk:05d}",
            insurance_type="patent_enforcement",
            policy_date=dt.date(year, 3, 1),
            period_start=dt.date(year, 3, 2),
            period_end=dt.date(year + 1, 3, 1),
            premium=Decimal(premium),
            first_year_premium=Decimal(premium),
            coverage=Decimal(premium) * 50,
            date_paid=dt.date(year, 3, 1),
            paid_in_one_payment=True,
        )
    else:
        item = Loan.objects.create(
            application=application,
            bank="中国银行股份有限公司",
            contract_number=f"ZY-{year}-{application.pk:05d}",
            principal=Decimal("5000000.00"),
            annual_rate=Decimal("4.35"),
            loan_start=dt.date(year, 1, 15),
            loan_end=dt.date(year + 1, 1, 14),
            repaid_on=dt.date(year, 12, 20),
            interest_paid_in_cycle=Decimal("200000.00"),
            pledge_registration_number=f"Y{year}98{application.pk:07d}",
            use_of_funds="专利产品生产线技术改造",
        )
    item.patents.set([sample_patent(enterprise), sample_patent(enterprise)])
    Application.objects.filter(pk=application.pk).update(
        bank_name="中国银行股份有限公司", account_name=enterprise.name, account_number="6222020200001234"
    )
    for material in call.edition.spec.materials:
        add_material(application, material.id, item if material.scope == "item" else None)
    return Application.objects.get(pk=application.pk)
