"""The progress page: constant queries whatever the data, a server-drawn chart, an .xlsx export."""

import io
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from places.models import Park
from tests.makers import signed_in

from .conftest import approved_loan, enterprise_in, recorded


def queries_for(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/parks/?year=2022").status_code == 200
    return len(captured)


def test_the_progress_page_costs_the_same_queries_with_one_or_many_financings(client, admin_user, sjz_high_tech):
    signed_in(client, admin_user)
    recorded(sjz_high_tech, "Y2022100000000", date(2022, 1, 5), admin_user)
    approved_loan(enterprise_in(sjz_high_tech), "Y2022200000000", date(2022, 1, 6), admin_user)
    few = queries_for(client)
    for n, park in enumerate(Park.objects.all()[:10], start=1):
        recorded(park, f"Y20221000000{n:02d}", date(2022, 2, 1), admin_user)
        approved_loan(enterprise_in(park), f"Y20222000000{n:02d}", date(2022, 2, 2), admin_user)
    assert queries_for(client) == few


def test_the_chart_is_inline_svg_without_scripts(client, admin_user, sjz_high_tech):
    recorded(sjz_high_tech, "Y2022100000001", date(2022, 1, 5), admin_user)
    page = signed_in(client, admin_user).get("/parks/?year=2022").content.decode()
    main = page.split("<main", 1)[1]  # the page frame's menu script (static/js/nav.js) is not the chart's
    assert "<svg" in main and "<script" not in main and "石家庄高新技术产业开发区：1/8" in main


def test_the_export_lists_every_park_with_its_count(client, admin_user, sjz_high_tech):
    recorded(sjz_high_tech, "Y2022100000001", date(2022, 1, 5), admin_user)
    response = signed_in(client, admin_user).get("/parks/progress.xlsx?year=2022")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["园区进展"].iter_rows(min_row=4, values_only=True))
    sjz = next(r for r in rows if r[1] == "石家庄高新技术产业开发区")
    assert sjz[3:7] == (8, 1, 13, "否")
    assert sum(1 for r in rows if not str(r[0]).endswith("小计")) == 29
    (first, *_rest) = workbook["融资明细"].iter_rows(min_row=2, values_only=True)
    assert first[0] == "Y2022100000001"
