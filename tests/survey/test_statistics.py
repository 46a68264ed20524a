"""Province-wide demand by industry, size, term, cost and purpose: counts and sums in 万元, current versions only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from survey import statistics
from tests.makers import make_enterprise, signed_in
from tests.survey.makers import make_response


@pytest.mark.django_db
def test_tables_count_and_sum_current_responses(sjz_enterprise, bd_enterprise):
    make_response(sjz_enterprise, amount_sought=Decimal("100.50"), purposes=["expand", "repay"])
    make_response(sjz_enterprise, version=2, is_current=False, amount_sought=Decimal("9999"))
    make_response(bd_enterprise, industry="steel", size="large", amount_sought=Decimal("200"), loan_term="1to2y")
    make_response(make_enterprise("BD"), year=2023, amount_sought=Decimal("7"))
    found = statistics.for_year(2022)
    tables = {t.title: {line.label: (line.count, line.amount) for line in t.lines} for t in found["tables"]}
    assert (found["count"], found["amount"]) == (2, Decimal("300.50"))
    assert tables["按所属行业"]["钢铁"] == (1, Decimal("200.00"))
    assert tables["按所属行业"]["信息智能"] == (1, Decimal("100.50"))
    assert tables["按企业规模"]["大型"] == (1, Decimal("200.00"))
    assert tables["按期望贷款期限"]["1年—2年"] == (1, Decimal("200.00"))
    assert tables["按能够接受的最高融资成本"]["5%-6%"] == (2, Decimal("300.50"))
    assert tables["按融资目的（可多选）"]["扩大经营规模"] == (2, Decimal("300.50"))
    assert tables["按融资目的（可多选）"]["归还到期贷款"] == (1, Decimal("100.50"))


@pytest.mark.django_db
def test_the_province_reads_the_statistics_page(client, admin_user, sjz_enterprise):
    make_response(sjz_enterprise)
    signed_in(client, admin_user)
    page = client.get(reverse("survey:statistics") + "?year=2022").content.decode()
    assert "按融资目的（可多选）" in page and "500.00" in page
