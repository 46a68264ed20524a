"""The unit's list of survey answers: searched by name or code, sorted by column, key enterprises first by default."""

import pytest
from django.urls import reverse

from tests.makers import make_uscc, signed_in
from tests.survey.sheets import good_row, upload_and_run, workbook


@pytest.mark.django_db
def test_search_and_sort(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    codes = [make_uscc(), make_uscc(), make_uscc()]
    rows = [
        good_row(codes[0], "乙公司", amount_sought=300),
        good_row(codes[1], "甲公司", amount_sought=100),
        good_row(codes[2], "丙公司", amount_sought=200),
    ]
    upload_and_run(client, workbook(rows))
    url = reverse("survey:list") + "?year=2022"

    def names(query=""):
        return [r.name for r in client.get(url + query).context["page"].object_list]

    assert sorted(names()) == ["丙公司", "乙公司", "甲公司"]
    assert names("&sort=amount") == ["甲公司", "丙公司", "乙公司"]
    assert names("&sort=-amount") == ["乙公司", "丙公司", "甲公司"]
    assert names("&q=丙") == ["丙公司"]
    assert names(f"&q={codes[1].lower()}") == ["甲公司"]
    assert names("&sort=pk;drop") == names()  # an unknown key: the default order
