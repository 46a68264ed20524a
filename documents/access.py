"""Who may read a document: whoever may view the object it concerns.

Documents concern objects of other apps (an application, later an award or a payment), and only
those apps know who may see them. So each app registers, for its model label, the same
``visible_to(user) -> QuerySet`` its own pages use, usually in its ``AppConfig.ready()``::

    documents.access.register("workflow.application", permissions.visible_applications)

A document whose object type has no registered rule is visible to provincial administrators only:
forgetting to register must hide documents, never expose them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from accounts.models import RoleKind

from .models import Document

VisibleTo = Callable[[object], QuerySet]

_rules: dict[str, VisibleTo] = {}


def register(label: str, visible_to: VisibleTo) -> None:
    """Let readers of ``label`` objects (``app_label.modelname``) read the documents about them."""
    label = label.lower()
    if label in _rules and _rules[label] is not visible_to:
        raise ValueError(f"a document access rule for {label!r} is already registered")
    _rules[label] = visible_to


def unregister(label: str) -> None:
    _rules.pop(label.lower(), None)


def rule_for(label: str) -> VisibleTo | None:
    return _rules.get(label)


def visible_documents(user) -> QuerySet[Document]:
    """Every document ``user`` may read: one subquery per registered object type."""
    documents = Document.objects.select_related("issuer")
    if not user.is_authenticated:
        return documents.none()
    allowed = Q(pk__in=[])
    for label, visible_to in _rules.items():
        ids = visible_to(user).annotate(document_object_id=Cast("pk", CharField())).values("document_object_id")
        allowed |= Q(object_type=label, object_id__in=ids)
    if user.has_role(RoleKind.ADMIN):
        allowed |= ~Q(object_type__in=list(_rules))
    return documents.filter(allowed)


def can_read(user, document: Document) -> bool:
    """The same answer as ``visible_documents`` for one document."""
    if not user.is_authenticated:
        return False
    visible_to = _rules.get(document.object_type)
    if visible_to is None:
        return user.has_role(RoleKind.ADMIN)
    try:
        return visible_to(user).filter(pk=document.object_id).exists()
    except (ValueError, TypeError):
        return False
