"""What a token may read: the pages' own scope functions, composed, never re-implemented.

- applications: ``workflow.rights.visible_applications`` (the application page: the enterprise its own,
  a unit reviewer its unit's submitted ones, administrators and finance all), plus, for an expert, the
  applications of their active assignments (``experts.permissions.my_assignments``: never one they were
  excluded from or declared a conflict on) in calls whose pledge they accepted — the expert's task page
  shows nothing of an application before the pledge;
- payments: ``finance.permissions.payable_applications`` (the finance pages: finance and administrators,
  approved-or-later applications) and the enterprise's own (``own_failed_applications``, its account page);
- the payee account number: in full where the pages show it in full, masked otherwise.
"""

from __future__ import annotations

from django.db.models import QuerySet

from experts.models import Pledge
from experts.permissions import my_assignments
from finance import permissions as finance_permissions
from finance.payments import IN_PAYMENT
from workflow import rights
from workflow.models import Application


def expert_applications(user) -> QuerySet:
    assignments = my_assignments(user)
    pledged = Pledge.objects.filter(expert__user=user).values("call_id")
    return Application.objects.filter(
        pk__in=assignments.filter(group__call_id__in=pledged).values("application_id")
    ).select_related("call", "enterprise", "unit")


def applications(user) -> QuerySet:
    return rights.visible_applications(user) | expert_applications(user)


def shows_timeline(application, user) -> bool:
    """The status history is on the application page; an expert's task page does not show it."""
    return rights.visible_applications(user).filter(pk=application.pk).exists()


def approved(user, call) -> QuerySet:
    """The call's approved awards (approved, in payment, paid, failed, forfeited) within the caller's scope."""
    return applications(user).filter(call=call, status__in=IN_PAYMENT)


def payment_applications(user) -> QuerySet:
    return finance_permissions.payable_applications(user) | finance_permissions.own_failed_applications(user)


def application_account(application, user) -> str:
    """The application's payee account as the application page shows it."""
    number = application.account_number or ""
    return number if rights.shows_full_account(application, user) else finance_permissions.mask(number)


def payment_account(application, user, number: str) -> str:
    """A payment row's account as the finance pages show it (finance and the enterprise itself in full)."""
    return finance_permissions.account_shown(application, user, number or "")
