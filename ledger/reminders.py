"""Reminders that a quarter's ledger is due, sent once per unit and quarter by a daily sweep
(``manage.py send_ledger_reminders``): from ``REMIND_DAYS`` days before the due day to the day itself, to the
reviewers of every unit that has not submitted the previous quarter's ledger yet.

"Once" is kept in ``workflow.models.Reminder``, the project's table of reminder keys, so that a sweep run
twice a day (or on two machines) tells nobody twice.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications import notify
from places.models import Unit
from workflow.models import Reminder

from . import quarters
from .filing import unit_staff
from .models import Ledger, terms_for

REMIND_DAYS = 5


def previous_quarter(today: date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def send_due(today: date | None = None) -> int:
    """Remind each unit still owing the previous quarter's ledger; returns how many units were told."""
    today = today or quarters.today_in_shanghai()
    year, quarter = previous_quarter(today)
    terms = terms_for(year)
    due = terms.due_date(quarter)
    if not 0 <= (due - today).days <= REMIND_DAYS:
        return 0
    done = set(
        Ledger.objects.filter(year=year, quarter=quarter, first_submitted_at__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    sent = 0
    for unit in Unit.objects.exclude(pk__in=done):
        staff = list(unit_staff(unit))
        if not staff:  # keep the key for when the unit has someone to tell
            continue
        with transaction.atomic():
            _reminder, first_time = Reminder.objects.get_or_create(key=f"ledger:{unit.code}:{year}:{quarter}:{due}")
            if not first_time:
                continue
            notify(
                staff,
                "ledger_due",
                _("%(year)s年第%(quarter)s季度工作台账请于%(due)s前报送")
                % {"year": year, "quarter": quarter, "due": f"{due.month}月{due.day}日"},
                _(
                    "请于%(due)s（北京时间当日24时前）向省局报送上季度知识产权金融工作台账；是否按时将作为年度工作评价依据。"
                )
                % {"due": f"{due:%Y-%m-%d}"},
                url=reverse("ledger:unit_year", args=[unit.code, year]),
            )
            sent += 1
    return sent
