"""Issuing a document: the one door through which every outgoing document is made.

``issue()`` runs inside the caller's transaction (the transition that the document records), so the
document, its number and the state change commit or roll back together. Order matters: the context
is checked first (nothing taken or written on a bad context), then the number is taken under the
series lock, the template is rendered in memory, and only a complete render is stored. The PDF is
made after commit, because LibreOffice takes seconds and a rolled-back document needs no PDF.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from . import kinds, rendering
from .models import Document, Issuer
from .numbering import next_number
from .pdf import convert_to_pdf, schedule


class UnknownIssuer(LookupError):
    pass


def issue(
    kind: str,
    *,
    issuer_code: str | None,
    context: Mapping,
    obj: models.Model,
    by=None,
    rules_edition: str = "",
) -> Document:
    """Render, number and store one document of ``kind`` about ``obj``; its PDF follows after commit.

    ``context`` must hold exactly the keys ``kinds.KINDS[kind]`` declares (see documents/README.md);
    ``issuer_code`` is ``PROV`` or a unit code, required for numbered kinds.
    """
    spec = kinds.get(kind)
    kinds.check_context(spec, context)
    if spec.numbered and not issuer_code:
        raise kinds.ContextError(f"{kind}: a numbered document needs an issuer_code (PROV or a unit code)")
    issuer = _issuer(issuer_code) if issuer_code else None
    if obj.pk is None:
        raise ValueError("a document must concern a saved object")
    template_bytes = spec.template_path.read_bytes()
    today = timezone.localdate()
    year = today.year

    with transaction.atomic():
        serial = next_number(issuer, year) if spec.numbered else None
        number = issuer.number_text(year, serial) if serial else ""
        title = spec.heading_for(context)
        data = rendering.render(
            template_bytes,
            {
                "date": today,
                **context,
                **(spec.derive(context) if spec.derive else {}),
                "number": number,
                "issuer_name": issuer.name if issuer else "",
                "title": title,
            },
        )
        document = Document(
            kind=kind,
            issuer=issuer,
            year=year,
            serial=serial,
            number=number,
            title=title,
            sha256=hashlib.sha256(data).hexdigest(),
            template=spec.template_path.name,
            template_version=hashlib.sha256(template_bytes).hexdigest(),
            rules_edition=rules_edition,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            created_by=by if getattr(by, "pk", None) else None,
        )
        document.file.save(_file_name(kind, issuer, year, serial), ContentFile(data), save=False)
        document.save()
        # Registered inside the block: if the caller's transaction rolls back, so does the conversion.
        # "scheduled" leaves it to `manage.py documents_pdf` (cron): a letter costs LibreOffice 1-2 s, too
        # long to keep a reviewer's request waiting when fifty files are passed at once.
        # On Celery the conversion is a job of the workers (its progress and worker recorded), not this process's.
        if settings.DOCUMENTS_PDF_WHEN == "after_commit":
            if settings.CELERY_BROKER_URL:
                transaction.on_commit(lambda: schedule([document.pk], title=f"生成 PDF：{number}"), robust=True)
            else:
                transaction.on_commit(lambda: convert_to_pdf(document), robust=True)
    return document


def _issuer(code: str) -> Issuer:
    try:
        return Issuer.objects.get(code=code)
    except Issuer.DoesNotExist:
        raise UnknownIssuer(f"no issuer with code {code!r} (PROV or one of the 14 unit codes)") from None


def _file_name(kind: str, issuer: Issuer | None, year: int, serial: int | None) -> str:
    # A random part as well: a rolled-back issue leaves its file behind, and its number is reused.
    suffix = uuid.uuid4().hex[:8]
    if serial:
        return f"{kind}-{issuer.code}-{year}-{serial:04d}-{suffix}.docx"
    return f"{kind}-{suffix}.docx"
