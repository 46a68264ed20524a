"""Who may do what with the money: named questions answering with a Verdict, and what each user may see.

Recording (payments, reversals, failures, the bank import) is for provincial finance officers only; the
province's administrators read the registers and the ledger; an enterprise sees its own payments and
corrects its own payee account. The account number is shown in full only to finance and the enterprise.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny


def _is_own_enterprise(application, user) -> bool:
    return user is not None and user.enterprise is not None and user.enterprise.pk == application.enterprise_id


def can_record(user) -> Verdict:
    if user is not None and user.is_authenticated and user.has_role(RoleKind.FINANCE):
        return ALLOWED
    return deny(_("只有省局财务人员可以登记拨付"))


def can_read_registers(user) -> Verdict:
    if (
        user is not None
        and user.is_authenticated
        and (user.has_role(RoleKind.FINANCE) or user.has_role(RoleKind.ADMIN))
    ):
        return ALLOWED
    return deny(_("只有省局财务人员和管理员可以查看拨付台账"))


def can_correct_account(application, user) -> Verdict:
    if _is_own_enterprise(application, user):
        return ALLOWED
    return deny(_("只有申报企业本身可以更正收款账户"))


def can_see_account(application, user) -> bool:
    """The full account number: finance officers and the enterprise itself; everyone else sees it masked."""
    return user is not None and (user.has_role(RoleKind.FINANCE) or _is_own_enterprise(application, user))


def mask(number: str) -> str:
    """All but the last four digits hidden: enough to recognise an account, not to use it."""
    number = (number or "").replace(" ", "")
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def account_shown(application, user, number: str) -> str:
    return number if can_see_account(application, user) else mask(number)


def payable_applications(user) -> QuerySet:
    """Applications on the finance pages: every approved-or-later one for finance and administrators."""
    from workflow.models import Application

    from .payments import IN_PAYMENT

    if not can_read_registers(user):
        return Application.objects.none()
    return Application.objects.filter(status__in=IN_PAYMENT).select_related("call", "enterprise", "unit")


def own_failed_applications(user) -> QuerySet:
    from workflow.models import Application

    if user is None or not user.is_authenticated or user.enterprise is None:
        return Application.objects.none()
    return Application.objects.filter(enterprise=user.enterprise).select_related("call", "enterprise")
