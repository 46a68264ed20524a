"""Hostile uploads of application materials: refused by content with a message naming the field and the file,
nothing stored; a good file under a hostile name is kept under a clean name inside MEDIA_ROOT.
Cases: corpus/uploads/cases.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.makers import signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow.models import Material

from .common import CORPUS, case_id, files_under, manifest, page_text

CASES = [pytest.param(case, id=case_id(case)) for case in manifest("uploads")]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_hostile_upload(client, settings, tmp_path, sjz_enterprise, sjz_reviewer, case):
    settings.MEDIA_ROOT = tmp_path / "media"
    if "max_mb" in case:
        settings.UPLOAD_MAX_MB = case["max_mb"]
    draft = ready_insurance_application(sjz_enterprise)
    data = (CORPUS / "uploads" / case["file"]).read_bytes()
    if "pad_to" in case:
        data += b"0" * (case["pad_to"] - len(data))
    rows, files = Material.objects.count(), files_under(settings.MEDIA_ROOT)
    signed_in(client, sjz_enterprise.user)

    response = client.post(
        reverse("workflow:material_upload", args=[draft.pk]),
        {"material": "integrity_pledge", "item": "", "file": SimpleUploadedFile(case["name"], data)},
        follow=True,
    )

    assert response.status_code < 500
    if "expect" in case:
        text = page_text(response)
        shown = [m.message for m in response.context["messages"]]
        assert any(m.startswith("文件：") and case["expect"] in m for m in shown), shown  # names the field
        assert case["expect"] in text
        if "absent" in case:
            assert case["absent"] not in response.content.decode()
        assert Material.objects.count() == rows
        assert files_under(settings.MEDIA_ROOT) == files
        return
    material = Material.objects.filter(application=draft, current=True, material_id="integrity_pledge").get()
    if "stored_as" in case:
        assert material.original_name == case["stored_as"]
    else:
        assert len(material.original_name) <= 150 and material.original_name.endswith(case["stored_suffix"])
    stored = Path(material.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.name == f"{material.sha256}{material.extension}" and stored.read_bytes() == data
