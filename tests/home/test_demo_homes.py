"""The demo: every printed login reaches its home page, and each home counts what the demo holds."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User

DEMO_PASSWORD = "Hebei-demo-2022"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def sign_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return client.get(reverse("home:index"))


def cards(response):
    """{label: (count, url)} for every count card on the page."""
    found = {}
    for section in response.context["sections"]:
        for card in section.cards:
            found[card.label] = (card.count, card.url)
    return found


@pytest.mark.django_db
def test_every_demo_login_reaches_its_home(client, demo):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)  # a second run changes nothing and prints the logins again
    printed = re.findall(r"^\s{2}(\S+)\s", out.getvalue(), flags=re.MULTILINE)
    assert len(printed) == User.objects.count() == 23
    for username in printed:
        client.logout()
        home = sign_in(client, username)
        assert home.status_code == 200
        assert home.context["sections"], f"{username} has an empty home"


@pytest.mark.django_db
def test_sjz_reviewer_home_counts(client, demo):
    found = cards(sign_in(client, "sjz_reviewer"))
    # 石家庄: two confirmed enterprises, two waiting (one with a Beijing code).
    assert found["待确认的企业注册"] == (2, reverse("enterprises:list") + "?status=pending")
    assert found["本单位已确认企业"] == (2, reverse("enterprises:list") + "?status=confirmed")
    listed = client.get(found["待确认的企业注册"][1])
    assert listed.context["page"].paginator.count == 2
    assert found["待初审的申报"] == (1, reverse("workflow:queue") + "?status=submitted")
    assert found["退回补正中"][0] == 1 and found["待报送省局"][0] == 0 and found["初审已逾期"][0] == 0
    queue = client.get(found["待初审的申报"][1])
    assert [a.enterprise.name for a in queue.context["page"].object_list] == ["石家庄示范新材料科技有限公司"]


@pytest.mark.django_db
def test_ts_reviewer_has_one_application_to_forward(client, demo):
    found = cards(sign_in(client, "ts_reviewer"))
    assert found["待报送省局"] == (1, reverse("workflow:forward_list"))
    assert found["待初审的申报"][0] == 0


@pytest.mark.django_db
def test_bd_reviewer_home_counts(client, demo):
    found = cards(sign_in(client, "bd_reviewer"))
    assert found["待确认的企业注册"][0] == 1
    assert found["本单位已确认企业"][0] == 1
    assert found["待初审的申报"][0] == 1


@pytest.mark.django_db
def test_admin_home_counts_the_whole_province(client, demo):
    response = sign_in(client, "province_admin")
    found = cards(response)
    assert found["全省待确认的企业注册"][0] == 3
    assert found["全省已确认企业"][0] == 6
    assert found["申报批次"][0] == 4  # 2022 (closed) and 2023 (open) for both programmes
    assert found["正在申报的批次"][0] == 2
    assert found["各单位已报送"] == (0, reverse("workflow:province_forwarded"))
    assert found["专家评审中"] == (1, reverse("experts:calls"))  # 辛集's forwarded file, being scored
    table = next(s.table for s in response.context["sections"] if s.table)
    assert len(table) == 14
    by_code = {row["unit"].code: (row["pending"], row["confirmed"]) for row in table}
    assert by_code["SJZ"] == (2, 2) and by_code["BD"] == (1, 1) and by_code["XA"] == (0, 1) and by_code["HS"] == (0, 0)


@pytest.mark.django_db
def test_enterprise_home_shows_its_status_and_qualifications(client, demo):
    found = cards(sign_in(client, "ent_sjz"))
    assert found["企业资质"][0] == 2
    assert "注册状态：已确认" in found
    assert found["我的申报"] == (1, reverse("workflow:mine"))


@pytest.mark.django_db
def test_enterprise_homes_show_drafts_and_corrections(client, demo):
    assert cards(sign_in(client, "ent_sjz2"))["需要补正"][0] == 1
    client.logout()
    assert cards(sign_in(client, "ent_xa"))["未提交的草稿"][0] == 1


@pytest.mark.django_db
def test_pending_enterprise_home_says_it_cannot_submit_yet(client, demo):
    response = sign_in(client, "ent_sjz_new")
    assert "注册状态：待市局确认" in cards(response)
    assert "确认前可以填写和保存申报材料，但不能提交" in response.content.decode()


@pytest.mark.django_db
def test_finance_home_counts_the_calls(client, demo):
    assert cards(sign_in(client, "finance"))["申报批次及预算"][0] == 4


@pytest.mark.django_db
def test_panel_lead_home_has_both_hats(client, demo):
    response = sign_in(client, "panel_lead")
    assert [s.title for s in response.context["sections"]] == ["评审专家", "评审组长"]
    found = cards(response)
    assert found["待评分的申报"] == (1, reverse("experts:tasks"))
    assert found["待复核的异常评分"][0] == 0


@pytest.mark.django_db
def test_home_issues_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    from tests.makers import make_enterprise

    sign_in(client, "province_admin")
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("home:index"))
    for _ in range(15):
        make_enterprise("HS", confirmed=False)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("home:index"))
