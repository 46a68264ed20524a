"""What a restore must bring back, as plain JSON: run in the test's process on the source database and in a
separate process on the restored one, and compared."""

from __future__ import annotations

import hashlib
import json

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models


def facts() -> dict:
    from audit.models import ChainHead, Entry, verify_chain
    from documents.models import Document
    from evaluation.models import ScoreSheet
    from finance.models import Payment
    from workflow.models import Application, Material

    files = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for name in model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                    with default_storage.open(name, "rb") as handle:
                        files[name] = hashlib.sha256(handle.read()).hexdigest()
    head = ChainHead.objects.get(pk=1)
    report = verify_chain()
    return {
        "applications": {
            str(a.pk): [a.number, a.status, str(a.amount_requested), str(a.amount_awarded), a.enterprise.name]
            for a in Application.objects.select_related("enterprise").order_by("pk")
        },
        "materials": {str(m.pk): [m.application_id, m.file.name, m.size] for m in Material.objects.order_by("pk")},
        "score_sheets": {
            str(s.pk): [s.application_id, s.version, str(s.total), s.points] for s in ScoreSheet.objects.order_by("pk")
        },
        "payments": {
            str(p.pk): [p.application_id, p.kind, p.status, str(p.amount), p.voucher]
            for p in Payment.objects.order_by("pk")
        },
        "documents": {str(d.pk): [d.number, d.sha256, d.file.name] for d in Document.objects.order_by("pk")},
        "files": files,
        "audit": {"entries": Entry.objects.count(), "head": [head.count, head.last_hash], "ok": report.ok},
    }


if __name__ == "__main__":  # python -m tests.backup.facts (DJANGO_SETTINGS_MODULE and DATABASE_URL set)
    import django

    django.setup()
    print(json.dumps(facts(), ensure_ascii=False, sort_keys=True))
