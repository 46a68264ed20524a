"""A call's archive: every file listed in the manifest with its hash, and tampering detected."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.packing import MANIFEST, pack, verify
from calls.models import Call
from tests.makers import signed_in


@pytest.fixture
def demo_call(db):
    call_command("load_demo", stdout=StringIO())
    return Call.objects.get(year=2023, programme="insurance")


def test_the_archive_of_a_demo_call_verifies(demo_call):
    packed = pack(demo_call)
    assert verify(packed.data) == []
    with zipfile.ZipFile(io.BytesIO(packed.data)) as archive:
        names = archive.namelist()
        manifest = archive.read(MANIFEST).decode().splitlines()
    assert len(manifest) == len(names) - 1 == packed.files
    assert any(n.startswith("documents/acceptance_receipt/") for n in names)
    assert any(n.startswith("documents/correction_notice/") for n in names)
    assert {"registers/awards.xlsx", "audit/entries.jsonl", "audit/verification.txt", "call.json"} <= set(names)


def test_a_changed_file_is_found(demo_call):
    packed = pack(demo_call)
    source = zipfile.ZipFile(io.BytesIO(packed.data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "registers/awards.xlsx":
                data += b"tampered"
            target.writestr(name, data)
    assert verify(out.getvalue()) == ["hash differs: registers/awards.xlsx"]


def test_the_command_writes_a_verified_zip(demo_call, tmp_path):
    out = StringIO()
    call_command("archive_call", str(demo_call.pk), "--out", str(tmp_path), stdout=out)
    [written] = list(tmp_path.glob("archive-2023-insurance-*.zip"))
    assert verify(written.read_bytes()) == [] and "verified" in out.getvalue()


def test_only_the_province_downloads_an_archive(client, demo_call):
    from accounts.models import User

    sjz_reviewer, admin_user = User.objects.get(username="sjz_reviewer"), User.objects.get(username="province_admin")
    signed_in(client, sjz_reviewer)
    assert client.post(reverse("archive:download", args=[demo_call.pk])).status_code == 403
    signed_in(client, admin_user)
    response = client.post(reverse("archive:download", args=[demo_call.pk]))
    assert response.status_code == 200 and verify(response.content) == []
