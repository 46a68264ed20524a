"""A unit records a pledge financing for one of its parks."""

from datetime import date

from audit.models import Entry
from parks.models import ParkFinancing
from tests.makers import make_enterprise, signed_in

from .conftest import approved_loan, enterprise_in


def form(park, **overrides):
    data = {
        "park": park.pk,
        "enterprise_uscc": "",
        "enterprise_name": "石家庄园区甲有限公司",
        "bank": "河北银行",
        "amount": "500.00",
        "financed_on": "2022-04-01",
        "registration_number": "Y2022 0000 0042",
        "pledge_type": "mixed",
    }
    data.update(overrides)
    return data


def test_city_reviewer_records_a_financing_for_a_park_of_the_unit(client, sjz_reviewer, sjz_high_tech):
    response = signed_in(client, sjz_reviewer).post("/parks/financings/new/", form(sjz_high_tech))
    assert response.status_code == 302
    financing = ParkFinancing.objects.get()
    assert (financing.registration_number, financing.recorded_by) == ("Y202200000042", sjz_reviewer)
    assert Entry.objects.for_object(financing).get().action == "parks.parkfinancing.recorded"


def test_a_financing_without_registration_number_is_refused(client, sjz_reviewer, sjz_high_tech):
    response = signed_in(client, sjz_reviewer).post(
        "/parks/financings/new/", form(sjz_high_tech, registration_number="  ")
    )
    assert response.status_code == 200
    assert "没有登记号无法判断是否与贴息申报重复计算" in response.content.decode()
    assert not ParkFinancing.objects.exists()


def test_the_same_registration_number_typed_differently_is_refused_the_second_time(client, sjz_reviewer, sjz_high_tech):
    signed_in(client, sjz_reviewer).post("/parks/financings/new/", form(sjz_high_tech))
    response = client.post("/parks/financings/new/", form(sjz_high_tech, registration_number="y202200000042"))
    assert "该质押登记号已登记过" in response.content.decode()
    assert ParkFinancing.objects.count() == 1


def test_recording_a_number_already_approved_as_an_application_says_it_counts_once(
    client, sjz_reviewer, sjz_high_tech, admin_user
):
    application = approved_loan(enterprise_in(sjz_high_tech), "Y202200000042", date(2022, 4, 1), admin_user)
    response = signed_in(client, sjz_reviewer).post("/parks/financings/new/", form(sjz_high_tech), follow=True)
    assert f"已批准的贴息申报（{application.number}）中，进展只计一笔" in response.content.decode()


def test_a_registered_enterprise_is_linked_by_its_code(client, sjz_reviewer, sjz_high_tech):
    enterprise = make_enterprise("SJZ")
    signed_in(client, sjz_reviewer).post(
        "/parks/financings/new/", form(sjz_high_tech, enterprise_uscc=enterprise.uscc, enterprise_name="")
    )
    financing = ParkFinancing.objects.get()
    assert (financing.enterprise, financing.enterprise_name) == (enterprise, enterprise.name)


def test_a_park_not_on_the_years_list_is_refused(client, sjz_reviewer, sjz_high_tech):
    response = signed_in(client, sjz_reviewer).post(
        "/parks/financings/new/", form(sjz_high_tech, financed_on="2021-06-01")
    )
    assert "该园区不在2021年入园惠企重点园区名单中" in response.content.decode()


def test_the_unit_withdraws_a_mistaken_record_with_a_reason(client, sjz_reviewer, sjz_high_tech):
    signed_in(client, sjz_reviewer).post("/parks/financings/new/", form(sjz_high_tech))
    financing = ParkFinancing.objects.get()
    client.post(f"/parks/financings/{financing.pk}/withdraw/", {"reason": "录入错误"})
    assert not ParkFinancing.objects.exists()
    assert Entry.objects.filter(action="parks.parkfinancing.withdrawn", data__reason="录入错误").exists()
