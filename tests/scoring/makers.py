"""Small builders of application facts for the scoring tests."""

from scoring.facts import build_facts

PATENT = "ZL201710601862.3"


def make_policy(premium="12000.00", policy_date="2020-03-01", **overrides):
    policy = {
        "insurer": "人保财险河北分公司",
        "policy_number": f"P-{premium}",
        "insurance_type": "infringement_loss",
        "policy_date": policy_date,
        "period_start": policy_date,
        "period_end": "2022-12-31",
        "premium": premium,
        "first_year_premium": premium,
        "premium_rate": "0.02",
        "coverage": "600000.00",
        "date_paid": policy_date,
        "paid_in_one_payment": True,
        "patents": [PATENT],
        "materials": ["policy_copy", "premium_invoice"],
        "core_technology_patent": True,
        "product_matches_need": True,
    }
    return {**policy, **overrides}


def make_loan(**overrides):
    loan = {
        "bank": "河北银行",
        "contract_number": "HB-1",
        "principal": "1000000.00",
        "annual_rate": "0.0435",
        "loan_start": "2020-06-01",
        "loan_end": "2021-05-31",
        "repaid_on": "2021-05-31",
        "interest_paid_in_cycle": "20000.00",
        "pledge_registration_number": "Y1",
        "pledged_share": "1",
        "funds_for_patent_production": True,
        "patents": [PATENT],
        "materials": ["loan_contract", "pledge_registration_notice", "repayment_vouchers"],
    }
    return {**loan, **overrides}


def make_raw(application_id="A1", cycle_year=2020, items=None, **sections):
    raw = {
        "application_id": application_id,
        "cycle_year": cycle_year,
        "enterprise": {
            "registered_in_hebei": True,
            "is_enterprise": True,
            "is_legal_person": True,
            "size": "small",
            "unit": "SJZ",
            "qualifications": ["high_tech"],
        },
        "materials": ["application_form", "patent_certificates", "integrity_pledge", "business_licence"],
        "patents": {
            PATENT: {
                "type": "invention",
                "owner_is_applicant": True,
                "legal_status_valid": True,
                "annual_fee_paid": True,
            }
        },
        "items": items if items is not None else {"P1": make_policy()},
    }
    raw.update(sections)
    return raw


def make_facts(programme="insurance", **kw):
    return build_facts(make_raw(**kw), programme)
