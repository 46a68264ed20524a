"""The ranking run page: searchable, filterable by outcome, sortable by column, paged; the trace is exported."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation import ranking, views
from tests.makers import signed_in


@pytest.fixture
def run(evaluated, call, admin_user):
    return ranking.rank(call, admin_user, note="第一次")


def numbers(page) -> list[str]:
    return [row["number"] for row in page.context["page"].object_list]


def test_rows_are_sorted_searched_and_filtered(client, run, applications, admin_user):
    signed_in(client, admin_user)
    url = reverse("evaluation:run", args=[run.pk])
    by_rank = numbers(client.get(url))
    assert len(by_rank) == 3
    assert numbers(client.get(url + "?sort=-rank")) == list(reversed(by_rank))
    assert numbers(client.get(url + "?sort=number")) == sorted(by_rank)
    scores = [run.results["applications"][n]["score"] for n in numbers(client.get(url + "?sort=-score"))]
    assert scores == sorted(scores, reverse=True)
    assert numbers(client.get(url + "?sort=nonsense")) == by_rank  # a bad key is the default order, not a 500
    name = applications[1].enterprise.name
    assert numbers(client.get(url, {"q": name})) == [applications[1].number]
    assert numbers(client.get(url, {"q": applications[2].number.lower()})) == [applications[2].number]
    awarded = numbers(client.get(url, {"outcome": "awarded"}))
    assert awarded and all(float(run.results["applications"][n]["award"]) > 0 for n in awarded)
    page = client.get(url + "?sort=-award").content.decode()
    assert 'aria-sort="descending"' in page and "?sort=award" in page


def test_the_page_reads_only_its_own_applications(client, run, admin_user, monkeypatch, django_assert_max_num_queries):
    signed_in(client, admin_user)
    monkeypatch.setattr(views, "RUN_PAGE_SIZE", 2)
    url = reverse("evaluation:run", args=[run.pk])
    first, second = client.get(url), client.get(url + "?page=2")
    assert len(numbers(first)) == 2 and len(numbers(second)) == 1
    assert set(numbers(first)).isdisjoint(numbers(second))
    assert "第 1 / 2 页" in first.content.decode()


def test_the_export_carries_the_whole_allocation_trace(run):
    book = load_workbook(io.BytesIO(ranking.export(run)))
    trace = [row[1] for row in book["分配过程"].iter_rows(min_row=2, values_only=True)]
    assert trace == run.results["trace"] and trace
