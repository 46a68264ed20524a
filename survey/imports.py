"""A unit imports many responses from the template: every cell checked, nothing written until the file is clean.

Two steps, so that a page can poll the progress of a long file:
1. ``receive`` keeps the upload as a ``SurveyImport`` (status *received*).
2. ``run`` checks it — the zip's uncompressed size first, then the sheet's shape (``patents.xlsx.read_sheet``),
   then every cell of every row (``formb``), then the rows against each other and against the database — and
   writes the progress every ``PROGRESS_EVERY`` rows (in autocommit, so another request sees it). With any
   problem the status is *refused* and the user's own workbook comes back with each bad cell filled light red
   and commented (``xlsx.mark_problems``); with none, all rows are written in one transaction with one audit
   entry.

Decisions:
- A USCC the system does not know creates an enterprise record for the importing unit in the *pending*
  (待市局确认) registration state, from the row's name, address, size, industry and contact: the unit has met
  the enterprise, but no account exists and nobody has confirmed it; when the enterprise later registers, the
  unit links the account to that record.
- A USCC registered with another unit is refused on its cell, for the province as well: the province imports
  *for* a unit it chooses, so that counts against each unit's target stay the unit's own.
- Re-importing an enterprise already answered this year makes a new version (see ``responses``).
- Consent columns are the unit's attestation that the enterprise consented in writing; the importing user is
  recorded as the one who recorded the consent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter

from audit.models import record
from enterprises.models import Enterprise
from patents.xlsx import Problem, WorkbookRefused, read_sheet

from . import formb, permissions, xlsx
from .models import ImportStatus, Source, SurveyImport, SurveyResponse

PROGRESS_EVERY = 500
BATCH = 1000
IN_CHUNK = 900  # SQLite's old limit of 999 parameters per statement
SHOWN_PROBLEMS = 300
COLUMN_INDEX = {column.field: index for index, column in enumerate(formb.COLUMNS, start=1)}
ENTERPRISE_FIELDS = ("name", "address", "size", "industry", "contact_name", "contact_phone")


@dataclass
class CellProblem:
    row: int
    field: str
    message: str

    @property
    def column(self) -> int:
        return COLUMN_INDEX[self.field]

    def __str__(self) -> str:
        column = formb.BY_FIELD[self.field]
        return str(Problem(self.message, self.row, get_column_letter(self.column), column.header))


def receive(content: bytes, file_name: str, unit, year: int, by) -> SurveyImport:
    """Keep the upload for checking. Raises PermissionDenied, or WorkbookRefused when too big to consider."""
    verdict = permissions.can_import_for(by, unit)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    if len(content) > xlsx.MAX_UPLOAD_BYTES:
        raise WorkbookRefused(_("文件超过%(mb)dMB，请拆分后分批导入") % {"mb": xlsx.MAX_UPLOAD_BYTES // (1024 * 1024)})
    batch = SurveyImport(
        unit=unit, year=year, file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by
    )
    batch.file.save(f"{batch.sha256[:16]}.xlsx", ContentFile(content), save=False)
    batch.save()
    return batch


def _set(batch: SurveyImport, **fields) -> None:
    """Progress and status in their own autocommit statement, visible at once to the page that polls."""
    for name, value in fields.items():
        setattr(batch, name, value)
    SurveyImport.objects.filter(pk=batch.pk).update(**fields)


def _refuse(batch: SurveyImport, content: bytes, sheet_problems: list[str], cells: list[CellProblem]) -> None:
    messages = sheet_problems + [str(problem) for problem in cells]
    fields: dict[str, Any] = {
        "status": ImportStatus.REFUSED,
        "problems": messages[:SHOWN_PROBLEMS],
        "problem_count": len(messages),
        "finished_at": timezone.now(),
    }
    if cells:
        marked = xlsx.mark_problems(content, ((p.row, p.column, p.message) for p in cells))
        batch.marked_file.save(f"{batch.sha256[:16]}-marked.xlsx", ContentFile(marked), save=False)
        fields["marked_file"] = batch.marked_file.name
    _set(batch, **fields)


# Where a worker may (re)start an import: queued, or left half-way by a worker that died (nothing of it
# was written: the rows are written in one transaction that also marks the import done).
RESTARTABLE = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


def run(batch: SurveyImport, by, *, worker: bool = False) -> SurveyImport:
    """Check the whole file; if it is clean, write every row in one transaction. Returns the updated import.

    ``worker`` is the background job's call (``survey_import_job``): it may restart an import that a dead
    worker left checking or writing."""
    verdict = permissions.can_import_for(by, batch.unit)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    startable = (ImportStatus.RECEIVED, *RESTARTABLE) if worker else (ImportStatus.RECEIVED,)
    if batch.status not in startable:
        return batch  # already run (a double click, or a second tab)
    _set(batch, status=ImportStatus.CHECKING, processed_rows=0)
    with batch.file.open("rb") as handle:
        content = handle.read()
    try:
        xlsx.refuse_bombs(content)
        sheet = read_sheet(content, formb.HEADERS, xlsx.MAX_ROWS)
    except WorkbookRefused as exc:
        _refuse(batch, content, [str(exc.problem)], [])
        return batch
    _set(batch, total_rows=len(sheet.rows))

    sheet_problems = [str(p) for p in sheet.problems if p.row is None or not p.column]
    cells = [
        CellProblem(p.row, formb.COLUMNS[column_index_from_string(p.column) - 1].field, p.message)
        for p in sheet.problems
        if p.row is not None and p.column
    ]
    formula_cells = {(p.row, p.field) for p in cells}
    parsed_rows: list[tuple[int, dict[str, Any]]] = []
    for done, (number, values) in enumerate(sheet.rows, start=1):
        parsed, errors = formb.parse_values(values)
        cells.extend(
            CellProblem(number, name, message)
            for name, messages in errors.items()
            if (number, name) not in formula_cells
            for message in messages
        )
        if not errors:
            parsed_rows.append((number, parsed))
        if done % PROGRESS_EVERY == 0:
            _set(batch, processed_rows=done)
    _set(batch, processed_rows=len(sheet.rows))
    del sheet

    enterprises = _known_enterprises([parsed["uscc"] for _number, parsed in parsed_rows])
    first_row: dict[str, int] = {}
    for number, parsed in parsed_rows:
        code = parsed["uscc"]
        if code in first_row:
            cells.append(
                CellProblem(number, "uscc", _("与第%(row)d行是同一企业，一家企业只填一行") % {"row": first_row[code]})
            )
            continue
        first_row[code] = number
        known = enterprises.get(code)
        if known is not None and known.unit_id != batch.unit_id:
            cells.append(
                CellProblem(
                    number,
                    "uscc",
                    _("该企业登记在%(other)s，不属于%(unit)s，不能由本单位导入")
                    % {"other": known.unit.name, "unit": batch.unit.name},
                )
            )
    if cells or sheet_problems:
        cells.sort(key=lambda p: (p.row, p.column))
        _refuse(batch, content, sheet_problems, cells)
        return batch

    _set(batch, status=ImportStatus.WRITING)
    try:
        _write(batch, [parsed for _number, parsed in parsed_rows], enterprises, by)
    except IntegrityError:  # an enterprise answered online (or was registered) between the check and the write
        _refuse(batch, content, [_("写入时与他人同时提交的数据冲突，未写入任何数据，请重新上传")], [])
    return batch


def _known_enterprises(codes: list[str]) -> dict[str, Enterprise]:
    found: dict[str, Enterprise] = {}
    for start in range(0, len(codes), IN_CHUNK):
        for enterprise in Enterprise.objects.select_related("unit").filter(uscc__in=codes[start : start + IN_CHUNK]):
            found[enterprise.uscc] = enterprise
    return found


def _write(batch: SurveyImport, rows: list[dict[str, Any]], enterprises: dict[str, Enterprise], by) -> None:
    now = timezone.now()
    with transaction.atomic():
        new = [
            Enterprise(uscc=row["uscc"], unit_id=batch.unit_id, **{name: row[name] for name in ENTERPRISE_FIELDS})
            for row in rows
            if row["uscc"] not in enterprises
        ]
        Enterprise.objects.bulk_create(new, batch_size=BATCH)
        known_ids = {e.uscc: e.pk for e in enterprises.values()}
        ids = dict(known_ids)
        if new:
            created_codes = [e.uscc for e in new]
            for start in range(0, len(created_codes), IN_CHUNK):
                ids.update(
                    Enterprise.objects.filter(uscc__in=created_codes[start : start + IN_CHUNK]).values_list(
                        "uscc", "pk"
                    )
                )
        latest: dict[int, int] = {}
        existing = list(known_ids.values())
        for start in range(0, len(existing), IN_CHUNK):
            chunk = existing[start : start + IN_CHUNK]
            latest.update(
                SurveyResponse.objects.filter(year=batch.year, enterprise_id__in=chunk)
                .values("enterprise_id")
                .annotate(n=Max("version"))
                .values_list("enterprise_id", "n")
            )
            SurveyResponse.objects.filter(year=batch.year, enterprise_id__in=chunk, is_current=True).update(
                is_current=False
            )
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(
                    enterprise_id=ids[row["uscc"]],
                    year=batch.year,
                    version=latest.get(ids[row["uscc"]], 0) + 1,
                    is_current=True,
                    source=Source.IMPORTED,
                    source_import=batch,
                    submitted_by=by,
                    submitted_at=now,
                    consent_recorded_by=by if row["whitelist_consent"] or row["phone_consent"] else None,
                    consent_recorded_at=now if row["whitelist_consent"] or row["phone_consent"] else None,
                    **row,
                )
                for row in rows
            ),
            batch_size=BATCH,
        )
        SurveyImport.objects.filter(pk=batch.pk).update(
            status=ImportStatus.DONE, created_enterprises=len(new), finished_at=now, processed_rows=len(rows)
        )
        record(
            by,
            "survey.surveyimport.committed",
            batch,
            unit=batch.unit.code,
            year=batch.year,
            file_name=batch.file_name,
            sha256=batch.sha256,
            rows=len(rows),
            new_versions=len(latest),
            created_enterprises=[e.uscc for e in new],
        )
    batch.status, batch.created_enterprises, batch.finished_at = ImportStatus.DONE, len(new), now


def queue(batch: SurveyImport, by):
    """On Celery: hand the import to a worker (once, however often the button is pressed); returns the job."""
    from jobs.running import submit

    verdict = permissions.can_import_for(by, batch.unit)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    if not SurveyImport.objects.filter(pk=batch.pk, status=ImportStatus.RECEIVED).update(status=ImportStatus.QUEUED):
        return None  # already queued or run
    batch.status = ImportStatus.QUEUED
    return submit(
        "survey_import",
        [str(batch.pk)],
        title=_("导入融资需求信息采集表：%(file)s") % {"file": batch.file_name},
        by=by,
        params={"next_url": reverse("survey:import_detail", args=[batch.pk]), "next_label": _("查看导入结果")},
    )


def survey_import_job(job, key: str) -> dict:
    """The jobs handler: run one import on a worker, as the person who pressed the button."""
    batch = SurveyImport.objects.select_related("unit").get(pk=int(key))
    run(batch, job.created_by, worker=True)
    return {"status": batch.status, "rows": batch.total_rows, "problems": batch.problem_count}
