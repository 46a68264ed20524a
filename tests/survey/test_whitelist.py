"""The white list: consenting enterprises only, phones masked unless consented, every export recorded."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Entry
from survey import whitelist
from survey.models import KeyEnterprise, WhiteListExport, mask_phone
from tests.makers import make_enterprise, signed_in
from tests.survey.makers import make_response


@pytest.fixture
def three_sjz(sjz_enterprise):
    consenting = make_response(sjz_enterprise, phone_consent=True, contact_phone="13911112222")
    masked = make_response(make_enterprise("SJZ", name="石家庄口罩有限公司"), contact_phone="13933334444")
    refusing = make_response(make_enterprise("SJZ", name="石家庄不同意有限公司"), whitelist_consent=False)
    return consenting, masked, refusing


@pytest.mark.django_db
def test_only_consenting_enterprises_can_be_selected(sjz_reviewer, three_sjz):
    consenting, masked, refusing = three_sjz
    found = list(whitelist.candidates(sjz_reviewer, 2022, whitelist.Selection()))
    assert refusing not in found and {consenting, masked} == set(found)


@pytest.mark.django_db
def test_filters_by_answers_and_key_enterprises_come_first(sjz_reviewer, three_sjz):
    _consenting, masked, _refusing = three_sjz
    KeyEnterprise.objects.create(year=2022, uscc=masked.uscc, name=masked.name)
    found = list(whitelist.candidates(sjz_reviewer, 2022, whitelist.Selection(industry="information")))
    assert found[0] == masked
    selection = whitelist.Selection(amount_min=600)
    assert list(whitelist.candidates(sjz_reviewer, 2022, selection)) == []
    assert list(whitelist.candidates(sjz_reviewer, 2022, whitelist.Selection(key_only=True))) == [masked]


def test_phones_are_masked_to_first_three_and_last_four():
    assert mask_phone("139-3333-4444") == "139****4444"
    assert mask_phone("0311-87654321") == "********4321"


@pytest.mark.django_db
def test_export_masks_phones_without_consent_and_is_recorded(client, sjz_reviewer, three_sjz):
    signed_in(client, sjz_reviewer)
    response = client.post(
        reverse("survey:whitelist") + "?year=2022",
        {"recipient": "banking_regulator", "recipient_name": "石家庄银保监分局"},
    )
    assert response.status_code == 302
    sent = WhiteListExport.objects.get()
    assert (sent.unit.code, sent.row_count, sent.exported_by) == ("SJZ", 2, sjz_reviewer)
    assert {e["name"] for e in sent.enterprises} == {"石家庄甲科技有限公司", "石家庄口罩有限公司"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("survey:export_download", args=[sent.pk])).getvalue())).active
    phones = {row[2]: row[16] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert phones == {"石家庄甲科技有限公司": "13911112222", "石家庄口罩有限公司": "139****4444"}
    assert Entry.objects.filter(action="survey.whitelistexport.exported").exists()
    assert "石家庄银保监分局" in client.get(reverse("survey:exports")).content.decode()


@pytest.mark.django_db
def test_bd_reviewer_sees_neither_sjz_enterprises_nor_sjz_exports(client, sjz_reviewer, bd_reviewer, three_sjz):
    whitelist.export(sjz_reviewer, 2022, whitelist.Selection(), "credit_lead")
    assert list(whitelist.candidates(bd_reviewer, 2022, whitelist.Selection())) == []
    signed_in(client, bd_reviewer)
    sent = WhiteListExport.objects.get()
    assert client.get(reverse("survey:export_download", args=[sent.pk])).status_code == 404
