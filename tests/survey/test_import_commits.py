"""A clean file commits every row in one transaction; the province imports for the unit it names."""

import pytest

from audit.models import Entry
from survey.models import ImportStatus, SurveyResponse
from tests.makers import make_uscc, signed_in
from tests.survey.sheets import good_row, upload_and_run, workbook


@pytest.mark.django_db
def test_reimporting_an_enterprise_makes_a_new_current_version(client, sjz_reviewer, sjz_enterprise):
    signed_in(client, sjz_reviewer)
    upload_and_run(client, workbook([good_row(sjz_enterprise.uscc, sjz_enterprise.name, amount_sought=100)]))
    batch = upload_and_run(client, workbook([good_row(sjz_enterprise.uscc, sjz_enterprise.name, amount_sought=300)]))
    assert batch.status == ImportStatus.DONE
    versions = SurveyResponse.objects.filter(enterprise=sjz_enterprise).order_by("version")
    assert [(v.version, v.is_current, v.amount_sought) for v in versions] == [(1, False, 100), (2, True, 300)]
    assert Entry.objects.filter(action="survey.surveyimport.committed").count() == 2


@pytest.mark.django_db
def test_consent_columns_are_recorded_with_the_importer_as_recorder(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    upload_and_run(client, workbook([good_row(make_uscc(), "甲公司", phone_consent="是")]))
    response = SurveyResponse.objects.get()
    assert response.whitelist_consent and response.phone_consent
    assert response.consent_recorded_by == sjz_reviewer and response.consent_recorded_at is not None


@pytest.mark.django_db
def test_province_imports_for_the_unit_it_names(client, admin_user, bd):
    signed_in(client, admin_user)
    batch = upload_and_run(client, workbook([good_row(make_uscc(), "保定某公司")]), unit=bd.pk)
    assert batch.status == ImportStatus.DONE and batch.unit == bd
    assert SurveyResponse.objects.get().enterprise.unit == bd


@pytest.mark.django_db
def test_progress_is_written_every_n_rows(client, sjz_reviewer, monkeypatch):
    from survey import imports

    seen = []
    real_set = imports._set
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(
        imports, "_set", lambda batch, **f: (seen.append(f.get("processed_rows")), real_set(batch, **f))
    )
    signed_in(client, sjz_reviewer)
    batch = upload_and_run(client, workbook([good_row(make_uscc(), f"公司{n}") for n in range(5)]))
    assert batch.status == ImportStatus.DONE and batch.percent == 100
    assert [n for n in seen if n] == [2, 4, 5]
