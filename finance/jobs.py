"""The bank result import's commit as a background job (on the Celery workers when a broker is set).

The preview is made in the request (it is what the officer reads before committing); the commit — every
row or none — is the job's one item, keyed by the file's SHA-256: it runs inside the item's transaction,
so a worker that dies leaves nothing, and the same file is never committed twice by the same job.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.running import submit

from . import bank_import


def start(token: str, file_name: str, subject: str, by):
    return submit(
        "bank_import",
        [token],
        title=_("导入银行支付结果：%(file)s") % {"file": file_name},
        by=by,
        params={
            "file_name": file_name,
            "subject": subject,
            "next_url": reverse("finance:pending"),
            "next_label": _("查看待拨付"),
        },
    )


def bank_import_job(job, key: str) -> dict:
    batch = bank_import.commit(bank_import.staged(key), job.params["file_name"], job.params["subject"], job.created_by)
    bank_import.discard(key)
    return {"batch": batch.pk, "rows": batch.row_count}
