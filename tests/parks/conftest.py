"""Into-parks personas and data: the 2022 list (loaded by the migration), enterprises in parks, approved loans."""

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from accounts.permissions import ALLOWED
from audit.transitions import perform
from parks import records
from parks.models import ParkFinancing, PledgeType
from places.models import Park
from tests.makers import make_call, make_enterprise
from workflow.models import Application, Loan

_serial = count(1)
# The walk of a loan-interest application from draft to 批准补助, one transition at a time through the door.
TO_APPROVED = ("submit", "pass_review", "forward", "start_evaluation", "finish_evaluation", "approve")


@pytest.fixture
def sjz_high_tech(db):
    return Park.objects.get(name="石家庄高新技术产业开发区")


@pytest.fixture
def bd_high_tech(db):
    return Park.objects.get(name="保定高新技术产业开发区")


def enterprise_in(park: Park, **kwargs):
    enterprise = make_enterprise(park.unit.code, **kwargs)
    enterprise.park = park
    enterprise.save(update_fields=["park"])
    return enterprise


def approved_loan(enterprise, registration_number: str, loan_start: date, admin, *, status_walk=TO_APPROVED):
    """An approved loan-interest application of ``enterprise`` with one loan, walked through audit's door."""
    call = make_call("loan_interest", 2000 + next(_serial))  # one call per application: one application per call
    application = Application.objects.create(
        call=call,
        enterprise=enterprise,
        unit=enterprise.unit,
        programme="loan_interest",
        number=f"DK{call.year}-{enterprise.pk:04d}",
        created_by=enterprise.user,
        account_name=enterprise.name,
    )
    Loan.objects.create(
        application=application,
        bank="河北银行",
        contract_number=f"HB-{application.pk}",
        principal=Decimal("5000000.00"),
        annual_rate=Decimal("4.35"),
        loan_start=loan_start,
        loan_end=date(loan_start.year + 1, loan_start.month, 1),
        interest_paid_in_cycle=Decimal("100000.00"),
        pledge_registration_number=registration_number,
        use_of_funds="专利产品扩产",
    )
    for transition in status_walk:
        application = perform(application, transition, admin, lambda actor, obj: ALLOWED, state_field="status")
    return application


def recorded(park: Park, registration_number: str, on: date, by, **fields) -> ParkFinancing:
    values = dict(
        park=park,
        enterprise_name=f"园区企业{next(_serial)}有限公司",
        bank="中国银行",
        amount=Decimal("300.00"),
        financed_on=on,
        registration_number=registration_number,
        pledge_type=PledgeType.PATENT,
    )
    values.update(fields)
    return records.record_financing(ParkFinancing(**values), by)
