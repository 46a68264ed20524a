"""Personal phone numbers: in full only for those who call the person (accounts/masking.py), masked elsewhere."""

import io

import pytest
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from accounts.masking import mask_phone, may_see_phone
from survey.models import WhiteListExport
from tests.experts.makers import make_expert
from tests.makers import make_enterprise, signed_in
from tests.survey.makers import make_response

FULL, MASKED = "13812345678", "138****5678"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sjz_company(sjz_enterprise):
    sjz_enterprise.contact_phone = FULL
    sjz_enterprise.save(update_fields=["contact_phone"])
    user = sjz_enterprise.user
    user.phone = "139-0000-1111"
    user.save(update_fields=["phone"])
    return sjz_enterprise


def test_the_mask_keeps_three_and_four_digits_of_a_mobile_and_four_of_a_landline():
    assert mask_phone(FULL) == MASKED
    assert mask_phone("139 0000 1111") == "139****1111"
    assert mask_phone("0311-87654321") == "********4321"
    assert mask_phone("") == ""


def test_the_template_filter_always_masks():
    assert Template("{% load phones %}{{ p|mask_phone }}").render(Context({"p": FULL})) == MASKED


def enterprise_page(client, user, enterprise) -> str:
    response = signed_in(client, user).get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_enterprise_sees_its_own_phones_in_full(client, sjz_company):
    page = enterprise_page(client, sjz_company.user, sjz_company)
    assert FULL in page and "139-0000-1111" in page


@pytest.mark.django_db
def test_its_unit_reviewer_sees_them_in_full(client, sjz_company, sjz_reviewer):
    page = enterprise_page(client, sjz_reviewer, sjz_company)
    assert FULL in page and "139-0000-1111" in page


@pytest.mark.django_db
def test_the_province_sees_them_masked(client, sjz_company, admin_user):
    page = enterprise_page(client, admin_user, sjz_company)
    assert MASKED in page and FULL not in page
    assert "139****1111" in page and "139-0000-1111" not in page


@pytest.mark.django_db
def test_survey_answers_show_the_phone_to_the_unit_and_mask_it_for_the_province(
    client, sjz_company, sjz_reviewer, admin_user
):
    answer = make_response(sjz_company, contact_phone=FULL)
    url = reverse("survey:detail", args=[answer.pk])
    assert FULL in signed_in(client, sjz_reviewer).get(url).content.decode()
    page = signed_in(client, admin_user).get(url).content.decode()
    assert MASKED in page and FULL not in page


@pytest.mark.django_db
def test_an_experts_phone_is_for_the_province_and_the_expert(client, admin_user, finance_user, sjz_reviewer):
    expert = make_expert("E01", "李明")
    expert.user.phone = FULL
    expert.user.save(update_fields=["phone"])
    assert FULL in signed_in(client, admin_user).get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert may_see_phone(expert.user, expert.user)
    assert not may_see_phone(finance_user, expert.user)
    assert not may_see_phone(sjz_reviewer, expert.user)


@pytest.mark.django_db
def test_other_units_finance_and_experts_never_see_an_enterprises_phone(sjz_company, bd_reviewer, finance_user):
    expert = make_expert("E02")
    for viewer in (bd_reviewer, finance_user, expert.user):
        assert not may_see_phone(viewer, sjz_company)
        assert not may_see_phone(viewer, sjz_company.user)


@pytest.mark.django_db
def test_the_white_list_page_and_its_export_mask_phones_without_consent_even_for_the_unit(client, sjz_reviewer):
    consenting = make_response(
        make_enterprise("SJZ", name="石家庄同意有限公司"), phone_consent=True, contact_phone=FULL
    )
    make_response(make_enterprise("SJZ", name="石家庄不同意电话有限公司"), contact_phone="13987654321")
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("survey:whitelist") + "?year=2022").content.decode()
    assert FULL in page and "139****4321" in page and "13987654321" not in page
    client.post(reverse("survey:whitelist") + "?year=2022", {"recipient": "credit_lead", "recipient_name": "信用办"})
    sent = WhiteListExport.objects.get()
    workbook = load_workbook(io.BytesIO(client.get(reverse("survey:export_download", args=[sent.pk])).getvalue()))
    cells = {str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell}
    assert FULL in cells and "139****4321" in cells and "13987654321" not in cells
    assert consenting.phone_consent


@pytest.mark.django_db
def test_the_user_list_in_django_admin_masks_phones(client, admin_user, sjz_company):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    page = signed_in(client, admin_user).get("/admin/accounts/user/").content.decode()
    assert "139****1111" in page and "139-0000-1111" not in page
