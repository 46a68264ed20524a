"""Benchmark: the busiest pages at two data sizes: SQL queries per page (must not grow with N) and response time.

Loads the demo (``load_demo``), adds N1 applications with ``workflow.scale.generate`` (every state, all 14 units),
measures each page, grows the data to N2 and measures again. Pages, through Django's test client (the whole
middleware stack, templates rendered): the city review queue (石家庄's reviewer), the province's evaluation board
of the call (ranking runs, panel results, counts), the statistics page (province), and one application's page
(its unit's reviewer). For each page the row gives the median and p95 time at N2, with the median at N1 as the
baseline, and the query counts at both sizes (target: equal).

    .venv/bin/python benchmarks/pages_bench.py                        # 1,000 then 5,000 applications
    .venv/bin/python benchmarks/pages_bench.py --sizes 50 200 --requests 5
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median, percentile, row, setup_django, write_rows


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 5000], metavar=("N1", "N2"))
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and size")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    setup_django("pages")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from calls.models import Call
    from workflow.models import Application, Status
    from workflow.scale import generate

    call_command("load_demo", stdout=io.StringIO())
    call = Call.objects.order_by("-year", "pk").first()
    n1, n2 = args.sizes
    generate(n1, call=call, seed=1)
    sample = Application.objects.filter(call=call, unit__code="SJZ", status=Status.SUBMITTED).order_by("-pk").first()
    reviewer, admin = User.objects.get(username="sjz_reviewer"), User.objects.get(username="province_admin")
    pages = [
        ("city queue", reviewer, reverse("workflow:queue")),
        ("province ranking board", admin, reverse("evaluation:board", args=[call.pk])),
        ("statistics", admin, reverse("stats:index")),
        ("application page", reviewer, reverse("workflow:detail", args=[sample.pk])),
    ]
    clients = {}
    for user in (reviewer, admin):
        client = Client()
        client.force_login(user)
        clients[user.pk] = client

    def measure() -> dict[str, tuple[int, list[float]]]:
        out = {}
        for name, user, url in pages:
            client = clients[user.pk]
            response = client.get(url)  # warm (and the status check)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # now: the next request's request_started signal empties the log
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            out[name] = (count, times)
        return out

    small = measure()
    generate(n2 - n1, call=call, seed=2)
    total = Application.objects.count()
    large = measure()
    rows = []
    for name, _user, url in pages:
        q1, t1 = small[name]
        q2, t2 = large[name]
        med, p95 = median(t2), percentile(t2, 95)
        print(
            f"{name:24} {url:32} queries {q1} at {n1} / {q2} at {n2}; "
            f"median {med * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms at {n2} (median {median(t1) * 1000:.0f} ms at {n1})"
        )
        rows.append(
            row(
                f"page: {name}",
                f"GET {url} via the test client, median of {args.requests}",
                n2,
                med,
                median(t1),
                f"the same page's median at {n1} applications",
                "queries constant in N",
                q1 == q2,
                p95=p95,
                queries_small=q1,
                queries_large=q2,
                n_small=n1,
                applications_in_db=total,
            )
        )
    write_rows(args.json, rows)
    return rows


if __name__ == "__main__":
    main()
