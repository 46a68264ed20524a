"""The one audit trail: an append-only, hash-chained record of every change that matters.

Each *entry* says who did what to which object, when, with what data, and carries the SHA-256 of
its own content together with the previous entry's hash. Changing or removing any entry breaks
every hash after it, which ``verify_chain()`` detects. Entries are written in the same database
transaction as the change they record: if the change rolls back, so does its entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit entries are append-only: they are never updated")

    def delete(self):
        raise PermissionError("audit entries are append-only: they are never deleted")

    def for_object(self, obj: models.Model) -> AppendOnlyQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class ChainHead(models.Model):
    """One row whose lock serialises writers, so two transactions never chain onto the same entry."""

    last_hash = models.CharField(max_length=64, default=GENESIS)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} entries, last {self.last_hash[:12]}"


class Entry(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64)
    data = models.JSONField(_("内容"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit entries are append-only: they are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only: they are never deleted")

    @property
    def label(self) -> str:
        from .labels import label_for

        return label_for(self.action)

    def content(self) -> dict:
        """What the hash covers: everything but the hashes themselves, in a canonical form."""
        return {
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + canonical).encode()).hexdigest()


def record(actor, action: str, obj: models.Model, **data) -> Entry:
    """Append one entry. Must run inside the transaction of the change it records."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the transaction of the change it records")
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    entry = Entry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if getattr(actor, "pk", None) else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=json.loads(json.dumps(data, ensure_ascii=False, default=str)),
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    ChainHead.objects.filter(pk=1).update(last_hash=entry.hash, count=models.F("count") + 1)
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    ok: bool
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every hash in order; report the first entry that does not match."""
    previous = GENESIS
    count = 0
    with transaction.atomic():
        for entry in Entry.objects.order_by("id").iterator(chunk_size=batch_size):
            count += 1
            if entry.prev_hash != previous:
                return ChainReport(count, False, entry.id, "prev_hash does not match the previous entry")
            if entry.compute_hash() != entry.hash:
                return ChainReport(count, False, entry.id, "content does not match its hash")
            previous = entry.hash
        head = ChainHead.objects.filter(pk=1).first()
        if head and (head.last_hash != previous or head.count != count):
            return ChainReport(count, False, None, "entries are missing after the last one")
    return ChainReport(count, True)
