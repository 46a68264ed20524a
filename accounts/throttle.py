"""Failed sign-in throttling with one limit per user name and a larger one per address.

django-axes counts failures per lock-out parameter (user name, address) but compares every count
with one limit. A city bureau's office reaches us from one NAT address, so locking the address at
the per-user limit would let one reviewer's typos lock out the whole office. This handler scales
the per-address count so that the address locks at LOGIN_FAILURE_LIMIT_PER_ADDRESS instead.
"""

from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class ScopedLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Axes returns one queryset per entry of AXES_LOCKOUT_PARAMETERS, in order: username, ip_address.
        per_user, per_address = self.get_user_attempts(request, credentials)
        user_failures = per_user.aggregate(n=Sum("failures_since_start"))["n"] or 0
        address_failures = per_address.aggregate(n=Sum("failures_since_start"))["n"] or 0
        user_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        # Expressed on the per-user scale: reaching address_limit counts as reaching user_limit.
        scaled_address = ceil(address_failures * user_limit / address_limit) if address_failures else 0
        if address_failures >= address_limit:
            scaled_address = max(scaled_address, user_limit)
        elif scaled_address >= user_limit:
            scaled_address = user_limit - 1
        return max(user_failures, scaled_address)
