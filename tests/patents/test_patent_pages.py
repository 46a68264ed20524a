"""The enterprise keeps its own patent list; reviewers see their unit's; nobody sees another's by id."""

import pytest
from django.urls import reverse

from audit.models import Entry
from patents.models import Patent, StatusSource
from tests.makers import signed_in
from tests.patents.makers import make_number, make_patent


@pytest.mark.django_db
def test_enterprise_adds_a_patent_typed_loosely(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("patents:add"),
        {
            "number": "zl 201710601862。3",
            "title": "一种钢结构焊接装置",
            "owner": sjz_enterprise.name,
            "patent_type": "",
            "legal_status": "valid",
            "annual_fee_paid_through": "2025-03-14",
        },
    )
    patent = Patent.objects.get()
    assert response.status_code == 302
    assert (patent.enterprise, patent.number, patent.patent_type) == (sjz_enterprise, "ZL201710601862.3", "invention")
    assert (patent.status_source, patent.status_checked_by) == (StatusSource.DECLARED, sjz_enterprise.user)
    assert Entry.objects.for_object(patent).get().action == "patents.patent.added"


@pytest.mark.django_db
def test_adding_a_bad_number_shows_the_reason(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    page = client.post(
        reverse("patents:add"),
        {"number": "ZL201710601862.4", "title": "t", "owner": "o", "legal_status": "valid"},
    ).content.decode()
    assert "校验位应为“3”" in page
    assert not Patent.objects.exists()


@pytest.mark.django_db
def test_the_same_number_twice_is_refused(client, sjz_enterprise):
    make_patent(sjz_enterprise, number="ZL201710601862.3")
    signed_in(client, sjz_enterprise.user)
    page = client.post(
        reverse("patents:add"), {"number": "201710601862.3", "title": "t", "owner": "o", "legal_status": "valid"}
    ).content.decode()
    assert "本企业已登记该专利号" in page
    assert Patent.objects.count() == 1


@pytest.mark.django_db
def test_co_owners_may_each_list_the_same_patent(sjz_enterprise, bd_enterprise):
    make_patent(sjz_enterprise, number="ZL201710601862.3")
    make_patent(bd_enterprise, number="ZL201710601862.3")
    assert Patent.objects.count() == 2


@pytest.mark.django_db
def test_enterprise_sees_only_its_own_patents(client, sjz_enterprise, bd_enterprise):
    mine, theirs = make_patent(sjz_enterprise, title="我的专利"), make_patent(bd_enterprise, title="别人的专利")
    signed_in(client, sjz_enterprise.user)
    page = client.get(reverse("patents:list")).content.decode()
    assert "我的专利" in page and "别人的专利" not in page
    assert client.get(reverse("patents:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("patents:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("patents:edit", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_reviewers_see_their_units_patents_only(client, sjz_reviewer, sjz_enterprise, bd_enterprise):
    sjz_patent, bd_patent = make_patent(sjz_enterprise), make_patent(bd_enterprise)
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("patents:detail", args=[sjz_patent.pk])).status_code == 200
    assert client.get(reverse("patents:detail", args=[bd_patent.pk])).status_code == 404
    assert client.get(reverse("patents:edit", args=[sjz_patent.pk])).status_code == 403


@pytest.mark.django_db
def test_admin_sees_all_and_searches_by_number(client, admin_user, sjz_enterprise, bd_enterprise):
    make_patent(sjz_enterprise, number="ZL201710601862.3", title="甲")
    make_patent(bd_enterprise, title="乙")
    signed_in(client, admin_user)
    page = client.get(reverse("patents:list"), {"q": "zl2017106018623"}).content.decode()
    assert "ZL201710601862.3" in page and "乙" not in page
    assert "乙" in client.get(reverse("patents:list"), {"q": "乙"}).content.decode()


@pytest.mark.django_db
def test_expert_and_outsider_cannot_list_or_open(client, expert, outsider, sjz_enterprise):
    patent = make_patent(sjz_enterprise)
    for user in (expert, outsider):
        signed_in(client, user)
        assert client.get(reverse("patents:list")).status_code == 403
        assert client.get(reverse("patents:detail", args=[patent.pk])).status_code == 404


@pytest.mark.django_db
def test_reviewer_cannot_add_patents(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("patents:add")).status_code == 403


@pytest.mark.django_db
def test_patent_list_is_paged_with_constant_queries(client, sjz_enterprise, django_assert_max_num_queries):
    make_patent(sjz_enterprise)
    signed_in(client, sjz_enterprise.user)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("patents:list"))
    for _ in range(60):
        make_patent(sjz_enterprise, number=make_number(2019))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("patents:list"))
    assert len(response.context["page"].object_list) == 50


@pytest.mark.django_db
def test_unit_reviewer_sees_the_status_form_and_the_enterprise_does_not(client, sjz_reviewer, sjz_enterprise):
    patent = make_patent(sjz_enterprise, owner="别的公司")
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("patents:detail", args=[patent.pk])).content.decode()
    assert reverse("patents:confirm_status", args=[patent.pk]) in page
    assert "不视为企业自有专利" in page
    signed_in(client, sjz_enterprise.user)
    page = client.get(reverse("patents:detail", args=[patent.pk])).content.decode()
    assert reverse("patents:confirm_status", args=[patent.pk]) not in page
