"""Benchmark: N approval letters (.docx) through the product's document path against docxtpl alone.

``documents.issue("approval_letter", ...)`` for one application, N times, each in its own transaction as the
letters job does: the context checked against the kind's registry, the number taken under the series lock
(numbering without gaps), the template rendered in memory, SHA-256 of the file and of the template, the file
stored and the Document row saved. The baseline renders the same template with the same context N times with
docxtpl (same Jinja environment and filters) and saves each to a file on disk. Target: at most 1.3x.

Runs against a throwaway SQLite file (migrated first) unless DATABASE_URL is set:

    .venv/bin/python benchmarks/letters_bench.py            # 1,000 letters
    .venv/bin/python benchmarks/letters_bench.py --n 20
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import row, setup_django, write_rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    scratch = setup_django("letters")

    from django.db import transaction
    from django.utils import timezone
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined

    from calls.models import Call
    from documents import issue, kinds, rendering
    from documents.models import Document, Issuer
    from tests.makers import make_open_call
    from workflow.scale import generate

    call = Call.objects.first() or make_open_call()
    application = generate(1, call=call, units=["SJZ"], statuses=["approved"], seed=1)[0]
    context = {
        "enterprise": {"name": application.enterprise.name, "uscc": application.enterprise.uscc},
        "application_number": application.number,
        "programme": application.get_programme_display(),
        "call_title": str(call),
        "amount": Decimal("12345.60"),
        "basis": "经专家评审和社会公示",
    }
    if not Issuer.objects.filter(code="PROV").exists():
        raise SystemExit("no PROV issuer: migrations should create it")

    def product() -> None:
        for _ in range(args.n):
            with transaction.atomic():
                issue("approval_letter", issuer_code="PROV", context=context, obj=application)

    spec = kinds.get("approval_letter")
    template_path = spec.template_path
    out_dir = Path(scratch) / "baseline"
    out_dir.mkdir()
    issuer = Issuer.objects.get(code="PROV")

    def plain_environment() -> Environment:  # what a docxtpl user writes: no cache, the same filters
        env = Environment(autoescape=True, undefined=StrictUndefined)
        env.filters.update(rendering.FILTERS)
        return env

    def baseline() -> None:
        today = timezone.localdate()
        for i in range(args.n):
            template = DocxTemplate(template_path)
            template.render(
                {
                    "date": today,
                    **context,
                    "number": issuer.number_text(today.year, i + 1),
                    "issuer_name": issuer.name,
                    "title": spec.heading_for(context),
                },
                plain_environment(),
                autoescape=True,
            )
            template.save(out_dir / f"letter-{i:05d}.docx")

    issue("approval_letter", issuer_code="PROV", context=context, obj=application)  # warm both paths once
    t0 = time.perf_counter()
    product()
    product_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    baseline()
    base_s = time.perf_counter() - t0
    made = Document.objects.filter(kind="approval_letter").count()
    serials = sorted(Document.objects.filter(kind="approval_letter").values_list("serial", flat=True))
    if made != args.n + 1 or serials != list(range(serials[0], serials[0] + made)):
        raise SystemExit(f"expected {args.n + 1} letters numbered without gaps, got {made}")
    ratio = product_s / base_s
    print(
        f"letters: {args.n} approval letters via documents.issue {product_s:.2f} s "
        f"({product_s / args.n * 1000:.1f} ms each); docxtpl render+save {base_s:.2f} s; ratio {ratio:.2f}x"
    )
    write_rows(
        args.json,
        [
            row(
                "letters",
                "approval letters via documents.issue (numbering, render, hash, storage, row)",
                args.n,
                product_s,
                base_s,
                "docxtpl render of the same template + save to disk",
                "≤ 1.3× baseline",
                ratio <= 1.3,
            )
        ],
    )
    return {"n": args.n, "product": product_s, "baseline": base_s}


if __name__ == "__main__":
    main()
