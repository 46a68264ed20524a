"""Quarters, due dates and lateness: the calendar arithmetic of item 二 of the 2022 plan.

A ledger reports on one quarter and is due "每季度第一个月10日前" of the *next* quarter: Q1 by 10 April,
Q2 by 10 July, Q3 by 10 October, Q4 by 10 January of the following year. The day (10) is per-year plan
data (``PlanYear.due_day``), so it is a parameter here.

Lateness is always judged on the Beijing-time calendar day (Asia/Shanghai), whatever zone the server or the
database stores: a submission at 23:59 on the due day is on time, one at 00:01 the next day is late, and a
timestamp of 17:00 UTC on the 10th is already 01:00 on the 11th in Shanghai, hence late.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUARTERS = (1, 2, 3, 4)


class Timeliness(models.TextChoices):
    """Where a unit stands for one quarter; computed, never typed."""

    ON_TIME = "on_time", _("按时报送")
    LATE = "late", _("逾期报送")
    MISSING = "missing", _("逾期未报")
    NOT_YET_DUE = "not_yet_due", _("未到期")

    @property
    def css(self) -> str:
        """The house badge class that carries this meaning (green, amber, red, grey)."""
        return {"on_time": "passed", "late": "returned", "missing": "rejected"}.get(self.value, "")


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def due_date(year: int, quarter: int, due_day: int) -> date:
    """The ``due_day`` of the first month of the next quarter (Q4 2022 → 2023-01-``due_day``)."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, got {quarter!r}")
    if quarter == 4:
        return date(year + 1, 1, due_day)
    return date(year, 3 * quarter + 1, due_day)


def shanghai_day(moment: datetime) -> date:
    """The Beijing-time calendar day of an aware timestamp (a naive one is a programming error)."""
    if moment.tzinfo is None:
        raise ValueError("lateness needs an aware timestamp")
    return moment.astimezone(SHANGHAI).date()


def today_in_shanghai(now: datetime | None = None) -> date:
    from django.utils import timezone

    return shanghai_day(now or timezone.now())


def is_late(submitted_at: datetime, due: date) -> bool:
    """Late when submitted on a Beijing-time day after the due day; the whole due day counts as on time."""
    return shanghai_day(submitted_at) > due


def timeliness(submitted_at: datetime | None, due: date, today: date) -> Timeliness:
    """On time / late from the (first) submission; without one, missing once the due day has passed."""
    if submitted_at is not None:
        return Timeliness.LATE if is_late(submitted_at, due) else Timeliness.ON_TIME
    return Timeliness.MISSING if today > due else Timeliness.NOT_YET_DUE


def quarter_label(quarter: int) -> str:
    from django.utils.translation import gettext

    return gettext("第%(quarter)s季度") % {"quarter": quarter}
