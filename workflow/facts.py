"""An application, told to the rules: the scoring fact catalogue filled from the models.

This is the only place that knows both the models and the catalogue's names and units (the models
keep rates and shares in percent, as people type them; the rules read fractions).
"""

from __future__ import annotations

from decimal import Decimal

from calls.models import Programme

CODE_PREFIX_ENTERPRISE = ("91", "92", "93")
CODE_PREFIX_LEGAL_PERSON = ("91", "93")  # companies and farmers' co-operatives; 92 is a sole trader
QUALIFICATIONS = {
    "high_tech": "high_tech",
    "tech_sme": "tech_sme",
    "srdi_province": "specialised_provincial",
    "srdi_national": "specialised_little_giant",
}
INDUSTRIES = {"equipment": "high_end_equipment"}


def _money(value) -> str | None:
    return None if value is None else str(value)


def _day(value) -> str | None:
    return None if value is None else value.isoformat()


def _percent(value) -> str | None:
    return None if value is None else str((Decimal(value) / 100).normalize())


def enterprise_facts(enterprise, cycle_year: int) -> dict:
    from datetime import date

    start, end = date(cycle_year, 1, 1), date(cycle_year, 12, 31)
    held = {
        QUALIFICATIONS[q.kind]
        for q in enterprise.qualifications.all()
        if q.kind in QUALIFICATIONS and q.valid_from <= end and q.valid_until >= start
    }
    return {
        # Registered with a Hebei unit, confirmed by that unit's bureau.
        "registered_in_hebei": enterprise.is_confirmed,
        "is_enterprise": enterprise.uscc.startswith(CODE_PREFIX_ENTERPRISE),
        "is_legal_person": enterprise.uscc.startswith(CODE_PREFIX_LEGAL_PERSON),
        "qualifications": sorted(held),
        "size": enterprise.size,
        "industry": INDUSTRIES.get(enterprise.industry, enterprise.industry),
        "unit": enterprise.unit.code,
    }


def policy_facts(policy) -> dict:
    return {
        "insurer": policy.insurer,
        "policy_number": policy.policy_number,
        "insurance_type": policy.insurance_type,
        "policy_date": _day(policy.policy_date),
        "period_start": _day(policy.period_start),
        "period_end": _day(policy.period_end),
        "premium": _money(policy.premium),
        "first_year_premium": _money(policy.first_year_premium),
        "premium_rate": None if policy.premium_rate is None else str(policy.premium_rate),
        "coverage": _money(policy.coverage),
        "date_paid": _day(policy.date_paid),
        "paid_in_one_payment": policy.paid_in_one_payment,
        "is_renewal": policy.is_renewal,
        "core_technology_patent": policy.core_technology_patent,
        "product_matches_need": policy.product_matches_need,
    }


def loan_facts(loan) -> dict:
    return {
        "bank": loan.bank,
        "contract_number": loan.contract_number,
        "principal": _money(loan.principal),
        "annual_rate": _percent(loan.annual_rate),
        "loan_start": _day(loan.loan_start),
        "loan_end": _day(loan.loan_end),
        "repaid_on": _day(loan.repaid_on),
        "interest_paid_in_cycle": _money(loan.interest_paid_in_cycle),
        "pledge_registration_number": loan.pledge_registration_number,
        "pledged_share": _percent(loan.pledged_share),
        "funds_for_patent_production": loan.funds_for_patent_production,
        "other_fiscal_subsidy": loan.other_fiscal_subsidy,
    }


def facts_for(application) -> dict:
    """Plain-dict facts in the shape ``scoring.facts.build_facts`` reads (JSON-ready, stored with the result)."""
    from patents.history import awards_for

    cycle_year = application.call.cycle_start.year
    enterprise = application.enterprise
    materials = list(application.materials.filter(current=True))
    items, patents = {}, {}
    rows = application.policies if application.programme == Programme.INSURANCE else application.loans
    describe = policy_facts if application.programme == Programme.INSURANCE else loan_facts
    for item in rows.prefetch_related("patents"):
        facts = describe(item)
        linked = list(item.patents.all())
        facts["patents"] = [p.number for p in linked]
        facts["materials"] = sorted({m.material_id for m in materials if m.item_key == item.item_key})
        items[item.item_key] = facts
        for patent in linked:
            patents[patent.number] = patent.as_facts(enterprise, cycle_year)
    return {
        "application_id": application.number or f"draft-{application.pk}",
        "cycle_year": cycle_year,
        "enterprise": enterprise_facts(enterprise, cycle_year),
        "materials": sorted({m.material_id for m in materials if m.item_key is None}),
        "patents": patents,
        "items": items,
        "awards": awards_for(enterprise.uscc),
    }
