"""The one audit trail: an append-only, hash-chained record of every change that matters.

Each *entry* says who did what to which object, when, with what data, and carries the SHA-256 of
its own content together with the previous entry's hash. Changing or removing any entry breaks
every hash after it, which ``verify_chain()`` detects. Entries are written in the same database
transaction as the change they record: if the change rolls back, so does its entry.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
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
    position: int | None = None  # the broken entry's place in the chain (1 = the first entry ever written)

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.entries} entries"
        where = f"entry {self.first_bad_id}" if self.first_bad_id is not None else "the end of the chain"
        place = f" (no. {self.position} in the chain)" if self.position else ""
        return f"audit chain broken at {where}{place}: {self.problem}"


@contextmanager
def _snapshot():
    """One consistent view of the entries and the head: writers appending meanwhile are not seen half-way.

    On PostgreSQL a READ COMMITTED transaction would read the head after the entries, see an entry
    committed in between, and report a sound chain as broken. SQLite's IMMEDIATE transaction already
    holds the write lock."""
    if connection.in_atomic_block:  # the caller's transaction decides what it sees
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _unlinked(entry: Entry, previous: Entry | None) -> tuple[int, str, int]:
    """Why ``entry`` is not chained onto ``previous``: (first bad id, problem, how many entries before it)."""
    before = previous.id if previous else None
    target = Entry.objects.filter(hash=entry.prev_hash).values_list("id", flat=True).first()
    if entry.prev_hash == GENESIS and previous is not None:
        return entry.id, f"it claims to be the first entry, but entry {before} comes before it", 0
    if target is not None and before is not None and target < before:
        intruder = Entry.objects.filter(id__gt=target).order_by("id").values_list("id", flat=True).first()
        return (
            intruder,
            f"it was inserted outside the application: entry {entry.id} is chained onto entry {target}, "
            f"so the entries from {intruder} to {before} are not part of the chain",
            Entry.objects.filter(id__gt=target, id__lt=entry.id).count(),
        )
    if target is None:
        after = f"entry {before}" if before is not None else "the start of the chain"
        return (
            entry.id,
            f"the entry it was chained onto (hash {entry.prev_hash[:16]}…) is missing: an entry after {after} "
            f"was deleted, or {after} was rewritten",
            0,
        )
    return entry.id, f"it is chained onto entry {target}, not onto entry {before}: the entries were reordered", 0


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every hash in order; report the first entry that does not match, with its place and why."""
    previous: Entry | None = None
    count = 0
    with _snapshot():
        head = ChainHead.objects.filter(pk=1).first()
        head_count = head.count if head else 0
        for entry in Entry.objects.order_by("id").iterator(chunk_size=batch_size):
            count += 1
            if entry.prev_hash != (previous.hash if previous else GENESIS):
                bad_id, problem, back = _unlinked(entry, previous)
                return ChainReport(count - 1, False, bad_id, problem, count - back)
            if entry.compute_hash() != entry.hash:
                return ChainReport(
                    count - 1,
                    False,
                    entry.id,
                    "its content does not match its hash: its time, actor, action, object or data was changed "
                    "after it was written",
                    count,
                )
            if count == head_count + 1:
                return ChainReport(
                    count - 1,
                    False,
                    entry.id,
                    f"it was appended outside the application: the chain head records {head_count} entries"
                    + (f", the last being entry {previous.id}" if previous else ""),
                    count,
                )
            previous = entry
        if count < head_count:
            last = f"entry {previous.id}" if previous else "the start"
            return ChainReport(
                count,
                False,
                None,
                f"entries are missing after {last}: the chain head records {head_count} entries, {count} are present",
                count + 1,
            )
        if head is not None and count and head.last_hash != previous.hash:
            return ChainReport(
                count, False, previous.id, "the last entry is not the one the application wrote last", count
            )
    return ChainReport(count, True)
