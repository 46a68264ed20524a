"""文号 numbering: one series per issuer and year, without gaps and without duplicates.

The serial is taken inside the caller's transaction while holding the series row's lock
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE transaction mode already serialises
writers). So a number is either used by a document that commits with it, or given back by the
rollback: the next document gets it. The lock is held until the caller's transaction ends, which
is what makes the numbers of one issuer strictly sequential in commit order.
"""

from __future__ import annotations

from django.db import connection

from .models import Issuer, Series


class NotInTransaction(RuntimeError):
    pass


def next_number(issuer: Issuer, year: int) -> int:
    """Take the next serial of ``issuer``'s series for ``year``. Must run inside ``transaction.atomic``."""
    if not connection.in_atomic_block:
        # Outside a transaction the lock would be released at once and the number could not roll back.
        raise NotInTransaction("next_number() must run inside the transaction that stores the numbered document")
    # Create the year's series if it is the first number of the year; a concurrent creator is not an
    # error (ON CONFLICT DO NOTHING), both then queue on the same row's lock below.
    Series.objects.bulk_create([Series(issuer=issuer, year=year)], ignore_conflicts=True)
    series = Series.objects.select_for_update().get(issuer=issuer, year=year)
    series.last_serial += 1
    series.save(update_fields=["last_serial"])
    return series.last_serial
