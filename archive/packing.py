"""A call's archive for long-term retention: one zip with every document, the award and payment registers,
the audit trail of everything in the call and its verification, and a manifest of SHA-256 hashes.

``manifest.txt`` lists ``<sha256>  <path>`` for every other file in the zip (the format of ``sha256sum``,
so the archive can be checked years later without this system: ``sha256sum -c manifest.txt``).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from audit.models import Entry, verify_chain
from documents.models import Document
from workflow.models import Application, Batch

MANIFEST = "manifest.txt"


def _xlsx(header: list[str], rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("登记簿")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def award_register(call) -> bytes:
    applications = Application.objects.filter(call=call).exclude(number=None).select_related("enterprise", "unit")
    return _xlsx(
        [
            "申报编号",
            "企业名称",
            "统一社会信用代码",
            "初审单位",
            "状态",
            "申请金额（元）",
            "批准金额（元）",
            "说明",
            "规则版本",
            "规则文件SHA-256",
        ],
        [
            [
                a.number,
                a.enterprise.name,
                a.enterprise.uscc,
                a.unit.name,
                a.get_status_display(),
                a.amount_requested,
                a.amount_awarded,
                a.decision_reason,
                f"{a.rules_edition} {a.rules_version}",
                a.rules_sha256,
            ]
            for a in applications.order_by("number")
        ],
    )


def payment_register(call) -> bytes | None:
    """The payments of the call, from the finance app (None when it records none)."""
    try:
        from finance.registers import payment_rows
    except ImportError:
        return None
    header, rows = payment_rows(call)
    return _xlsx(header, rows)


def _objects(call) -> dict[str, list[str]]:
    applications = [str(pk) for pk in Application.objects.filter(call=call).values_list("pk", flat=True)]
    batches = [str(pk) for pk in Batch.objects.filter(call=call).values_list("pk", flat=True)]
    found = {"workflow.application": applications, "workflow.batch": batches, "calls.call": [str(call.pk)]}
    try:
        from notice.models import Notice

        found["notice.notice"] = [str(pk) for pk in Notice.objects.filter(call=call).values_list("pk", flat=True)]
    except ImportError:  # the notice app is optional in a trimmed deployment
        pass
    return found


def audit_lines(call) -> bytes:
    """Every audit entry about the call's objects, one JSON object a line, in chain order."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for object_type, ids in _objects(call).items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    lines = []
    for entry in Entry.objects.filter(condition).order_by("id").iterator(chunk_size=2000):
        lines.append(
            json.dumps(
                {"id": entry.id, **entry.content(), "prev_hash": entry.prev_hash, "hash": entry.hash},
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    return ("\n".join(lines) + "\n").encode()


def documents(call):
    objects = _objects(call)
    from django.db.models import Q

    condition = Q(pk__in=[])
    for object_type, ids in objects.items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    return Document.objects.filter(condition).select_related("issuer").order_by("created_at", "pk")


@dataclass(frozen=True)
class Packed:
    data: bytes
    files: int
    sha256: str


def pack(call, progress=None) -> Packed:
    """Build the archive in memory (a call's letters are tens of MB at most) and return its bytes."""
    files: dict[str, bytes] = {}
    docs = list(documents(call))
    for n, document in enumerate(docs, start=1):
        folder = f"documents/{document.kind}"
        stem = f"{document.number or document.kind}-{document.pk}".replace("/", "_")
        with document.file.open("rb") as handle:
            files[f"{folder}/{stem}.docx"] = handle.read()
        if document.pdf:
            with document.pdf.open("rb") as handle:
                files[f"{folder}/{stem}.pdf"] = handle.read()
        if progress:
            progress(n, len(docs))
    files["registers/awards.xlsx"] = award_register(call)
    payments = payment_register(call)
    if payments is not None:
        files["registers/payments.xlsx"] = payments
    files["audit/entries.jsonl"] = audit_lines(call)
    report = verify_chain()
    files["audit/verification.txt"] = (
        f"verified at {timezone.now().isoformat()}\n"
        f"entries in the whole chain: {report.entries}\n"
        f"chain intact: {'yes' if report.ok else 'NO'}\n"
        + (f"first broken entry: {report.first_bad_id} ({report.problem})\n" if not report.ok else "")
    ).encode()
    files["call.json"] = json.dumps(
        {
            "call": str(call),
            "programme": call.programme,
            "year": call.year,
            "budget": str(call.budget),
            "rules_edition": call.rules_edition,
            "archived_at": timezone.now().isoformat(),
            "documents": len(docs),
            "awarded_total": str(
                sum(
                    (a for a in Application.objects.filter(call=call).values_list("amount_awarded", flat=True) if a),
                    Decimal("0"),
                )
            ),
        },
        ensure_ascii=False,
        indent=2,
    ).encode()
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
        archive.writestr(MANIFEST, manifest)
    data = buffer.getvalue()
    return Packed(data, len(files), hashlib.sha256(data).hexdigest())


def verify(data: bytes) -> list[str]:
    """Problems found in an archive: files whose hash differs from the manifest, or missing / extra files."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist()) - {MANIFEST}
        listed = {}
        for line in archive.read(MANIFEST).decode().splitlines():
            digest, path = line.split("  ", 1)
            listed[path] = digest
        for path in sorted(set(listed) - names):
            problems.append(f"missing: {path}")
        for path in sorted(names - set(listed)):
            problems.append(f"not in the manifest: {path}")
        for path in sorted(names & set(listed)):
            if hashlib.sha256(archive.read(path)).hexdigest() != listed[path]:
                problems.append(f"hash differs: {path}")
    return problems
