"""Registering an enterprise: self-registration, creation by the province, and the unit's decision."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleKind, User
from audit import transitions
from audit.models import record
from notifications import notify

from . import permissions
from .models import Enterprise, RegistrationStatus


class RegistrationError(Exception):
    pass


def _members(enterprise: Enterprise) -> list[User]:
    return [
        role.user
        for role in Role.objects.filter(kind=RoleKind.ENTERPRISE, enterprise=enterprise).select_related("user")
    ]


def _link(enterprise: Enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.pk])


def register(*, enterprise: Enterprise, user: User, password: str) -> Enterprise:
    """An enterprise registers itself: the enterprise (pending), its first user and that user's role."""
    with transaction.atomic():
        user.set_password(password)
        user.save()
        enterprise.save()
        Role.objects.create(user=user, kind=RoleKind.ENTERPRISE, enterprise=enterprise)
        record(user, "enterprises.enterprise.registered", enterprise, uscc=enterprise.uscc, unit=enterprise.unit.code)
        reviewers = [
            r.user
            for r in Role.objects.filter(kind=RoleKind.CITY_REVIEWER, unit=enterprise.unit).select_related("user")
        ]
        notify(
            reviewers,
            "registration_submitted",
            _("新的企业注册待确认：%(name)s") % {"name": enterprise.name},
            _("%(name)s（%(code)s）注册为本单位企业，请核对后确认。")
            % {"name": enterprise.name, "code": enterprise.uscc},
            _link(enterprise),
        )
    return enterprise


def create_by_province(*, enterprise: Enterprise, by: User) -> Enterprise:
    """The province creates an enterprise directly: it is confirmed at once, by the creator."""
    verdict = permissions.can_create_enterprise(by)
    if not verdict:
        raise PermissionError(verdict.reason)
    with transaction.atomic():
        enterprise.save()
        # Created by the province: confirmed at once (the state field is protected, hence the update).
        Enterprise.objects.filter(pk=enterprise.pk).update(
            registration_status=RegistrationStatus.CONFIRMED,
            registration_decided_by=by,
            registration_decided_at=timezone.now(),
        )
        enterprise = Enterprise.objects.get(pk=enterprise.pk)
        record(by, "enterprises.enterprise.created", enterprise, uscc=enterprise.uscc, unit=enterprise.unit.code)
    return enterprise


def confirm(enterprise: Enterprise, by: User, note: str = "") -> Enterprise:
    def tell(locked):
        notify(
            _members(locked),
            "registration_confirmed",
            _("企业注册已确认"),
            _("%(authority)s已确认%(name)s的注册，现在可以提交申报。")
            % {"authority": locked.unit.authority, "name": locked.name},
            _link(locked),
        )

    return transitions.perform(
        enterprise,
        "confirm",
        by,
        permissions.can_decide_registration,
        state_field="registration_status",
        note=note,
        also=tell,
    )


def refuse(enterprise: Enterprise, by: User, reason: str) -> Enterprise:
    if not (reason or "").strip():
        raise RegistrationError(_("不予确认时必须写明原因"))

    def tell(locked):
        notify(
            _members(locked),
            "registration_refused",
            _("企业注册未通过确认"),
            _("%(authority)s未确认%(name)s的注册。原因：%(reason)s。请修改企业信息后重新提交。")
            % {"authority": locked.unit.authority, "name": locked.name, "reason": reason},
            _link(locked),
        )

    return transitions.perform(
        enterprise,
        "refuse",
        by,
        permissions.can_decide_registration,
        state_field="registration_status",
        note=reason,
        also=tell,
    )


def resubmit(enterprise: Enterprise, by: User) -> Enterprise:
    return transitions.perform(
        enterprise, "resubmit", by, permissions.can_resubmit_registration, state_field="registration_status"
    )


def add_member(*, enterprise: Enterprise, user: User, password: str, by: User) -> User:
    """A colleague joins the enterprise's account: a new user with the enterprise role."""
    verdict = permissions.can_add_member(by, enterprise)
    if not verdict:
        raise PermissionError(verdict.reason)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        Role.objects.create(user=user, kind=RoleKind.ENTERPRISE, enterprise=enterprise)
        record(by, "enterprises.enterprise.member_added", enterprise, username=user.username)
    return user
