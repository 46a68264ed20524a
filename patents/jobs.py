"""The past-award import's commit as a background job (on the Celery workers when a broker is set): every
row or none, inside the job item's transaction, keyed by the file's SHA-256 (see finance/jobs.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.running import submit

from . import imports


def start(token: str, file_name: str, by):
    return submit(
        "past_award_import",
        [token],
        title=_("导入历年补助名单：%(file)s") % {"file": file_name},
        by=by,
        params={"file_name": file_name, "next_url": reverse("patents:past_awards"), "next_label": _("查看历年补助")},
    )


def past_award_import_job(job, key: str) -> dict:
    batch = imports.commit(imports.staged(key), job.params["file_name"], job.created_by)
    imports.discard(key)
    return {"batch": batch.pk, "rows": batch.row_count}
