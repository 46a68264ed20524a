"""Hostile Excel files through every import page: a clear message naming the row and column (or what is wrong
with the file), nothing written, never a server error. The cases are in corpus/excel/cases.yaml."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Entry
from enterprises.models import Enterprise
from finance.models import BankImport, Payment
from patents.models import AwardImport, PastAward
from survey.models import ImportStatus, SurveyImport, SurveyResponse
from tests.makers import signed_in

from .common import CORPUS, assert_escaped, case_id, counts, files_under, manifest, page_text

EXCEL = CORPUS / "excel"
CASES = [
    pytest.param(importer, case, id=case_id(case, importer))
    for case in manifest("excel")
    for importer in case.get("importers") or [case["file"].split("_")[0]]
]
WRITTEN = {
    "survey": (SurveyResponse, Enterprise),
    "bank": (Payment, BankImport),
    "awards": (PastAward, AwardImport),
}
PERSONA = {"survey": "sjz_reviewer", "bank": "finance_user", "awards": "admin_user"}


def _survey(client, content: bytes, name: str):
    response = client.post(reverse("survey:import") + "?year=2022", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code < 500
    if response.status_code == 200:  # refused at the upload itself
        return response, None
    batch = SurveyImport.objects.latest("pk")
    run = client.post(reverse("survey:import_run", args=[batch.pk]))
    assert run.status_code < 500
    batch.refresh_from_db()
    return client.get(reverse("survey:import_detail", args=[batch.pk])), batch


def _bank(client, content: bytes, name: str):
    return client.post(reverse("finance:import"), {"file": SimpleUploadedFile(name, content), "subject": "2060299"})


def _awards(client, content: bytes, name: str):
    return client.post(reverse("patents:past_award_import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
@pytest.mark.parametrize(("importer", "case"), CASES)
def test_hostile_workbook(request, client, settings, tmp_path, importer, case):
    settings.MEDIA_ROOT = tmp_path / "media"
    signed_in(client, request.getfixturevalue(PERSONA[importer]))
    content = (EXCEL / case["file"]).read_bytes()
    before = counts(*WRITTEN[importer])
    audit_before = Entry.objects.filter(action__endswith=".committed").count()
    staged_before = files_under(settings.MEDIA_ROOT / "imports") | files_under(settings.MEDIA_ROOT / "bank-results")

    if importer == "survey":
        response, batch = _survey(client, content, case["file"])
    else:
        response = (_bank if importer == "bank" else _awards)(client, content, case["file"])
        batch = None
    assert response.status_code < 500
    staged = files_under(settings.MEDIA_ROOT / "imports") | files_under(settings.MEDIA_ROOT / "bank-results")

    if case.get("written"):  # the control: a clean file goes through, so a write would have been seen
        if importer == "survey":
            assert batch.status == ImportStatus.DONE
        else:
            preview = response.context["preview"]
            assert preview.ok, [str(p) for p in preview.problems]
            token = preview.sha256
            done = client.post(reverse("patents:past_award_import"), {"token": token})
            assert done.status_code == 302
        assert counts(*WRITTEN[importer]) != before
        return

    text = page_text(response)
    assert case["expect"] in text, text[text.find("<main") :][:3000]
    if batch is not None:
        assert batch.status == ImportStatus.REFUSED
        assert any(case["expect"] in p for p in batch.problems)
    elif response.context.get("preview") is None:  # refused by the upload form itself: on its file field
        assert any(case["expect"] in m for m in response.context["form"].errors.get("file", [])), response.context[
            "form"
        ].errors
    else:
        assert any(case["expect"] in str(p) for p in response.context["preview"].problems)
    if batch is None:
        assert staged == staged_before, "a refused file was staged for commit"
    if case.get("absent"):
        assert case["absent"] not in text
    if case.get("escaped"):
        assert_escaped(response, case["escaped"])
    assert counts(*WRITTEN[importer]) == before
    assert Entry.objects.filter(action__endswith=".committed").count() == audit_before
