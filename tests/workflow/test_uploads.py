"""Uploads are judged by content and size; names cannot escape the storage folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.makers import signed_in
from workflow.models import Material


def post(client, application, name, data, material="integrity_pledge"):
    return client.post(
        reverse("workflow:material_upload", args=[application.pk]),
        {"material": material, "item": "", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "内容与扩展名“.pdf”不符"),
        ("empty.pdf", b"", "是空文件"),
        ("virus.exe", b"MZ\x90\x00", "不支持的文件类型“.exe”"),
        ("page.html", b"<script>alert(1)</script>", "不支持的文件类型“.html”"),
        ("fake.docx", b"PK\x03\x04not really a zip", "内容与扩展名“.docx”不符"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_stored(
    client, draft, sjz_enterprise, name, data, message
):
    before = Material.objects.count()
    signed_in(client, sjz_enterprise.user)
    page = post(client, draft, name, data).content.decode()
    assert message in page
    assert Material.objects.count() == before


@pytest.mark.django_db
def test_an_oversized_file_is_refused(client, draft, sjz_enterprise, settings):
    settings.UPLOAD_MAX_MB = 1
    signed_in(client, sjz_enterprise.user)
    page = post(client, draft, "big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)).content.decode()
    assert "超过1 MB的上限" in page


@pytest.mark.django_db
def test_a_path_in_the_name_is_dropped_and_the_file_stored_by_its_hash(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    post(client, draft, "../../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF\n")
    material = Material.objects.filter(application=draft, current=True, material_id="integrity_pledge").get()
    assert material.original_name == "passwd.pdf"
    assert ".." not in material.file.name and material.sha256 in material.file.name


@pytest.mark.django_db
def test_a_replaced_file_stays_on_record(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    post(client, draft, "v2.pdf", b"%PDF-1.4\n% second\n%%EOF\n")
    rows = Material.objects.filter(application=draft, material_id="integrity_pledge").order_by("id")
    assert [m.current for m in rows] == [False, True]


@pytest.mark.django_db
def test_an_item_material_must_name_its_policy(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    page = post(client, draft, "copy.pdf", b"%PDF-1.4\n%%EOF\n", material="policy_copy").content.decode()
    assert "属于具体保单/贷款，请选择对应的一项" in page


@pytest.mark.django_db
def test_nothing_can_be_uploaded_once_submitted(client, submitted, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("workflow:material_upload", args=[submitted.pk]),
        {"material": "integrity_pledge", "item": "", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")},
    )
    assert response.status_code == 403
