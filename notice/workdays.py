"""Working days in mainland China: weekends off, statutory holidays off, make-up working days (调休上班) on.

Sources, asked in this order for one date:

1. a ``HolidayOverride`` the administrator entered for that date (it wins over everything, so a late change
   by the State Council can be corrected without waiting for a new library release);
2. the ``chinesecalendar`` package, for the years it knows (2004–2026 in version 1.11);
3. for any other year, the plain weekend rule — **only** if the administrator has confirmed that year's
   holidays complete (``HolidayYear(year, complete=True)``): the overrides entered for it are then the whole
   list of its holidays and make-up days.

A year that neither the library nor a confirmed ``HolidayYear`` covers is refused (``HolidaysNotEntered``),
never guessed: a wrong guess would move the end of a public notice, and with it every objection deadline.
Overrides entered for an unconfirmed year are not enough, because a half-entered year looks complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record

from .models import HolidayOverride, HolidayYear
from .permissions import can_manage_notices

# add_working_days gives up after this many calendar days: no real period of n working days is longer
# than about 1.5·n + 10 calendar days, so this only stops a runaway loop on corrupt data.
MAX_SPAN_DAYS = 400


class HolidaysNotEntered(Exception):
    """The calendar does not know a year's holidays: the administrator must enter and confirm them first."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(_("%(year)d年的法定节假日和调休安排尚未录入，请管理员先录入后再计算公示期") % {"year": year})


def library_covers(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` knows this year's holidays."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass
class Calendar:
    """One look at the calendar: loads each year's overrides once, so counting n days costs a query per year."""

    _years: dict[int, tuple[dict[date, bool], bool]] = field(default_factory=dict)

    def _year(self, year: int) -> tuple[dict[date, bool], bool]:
        if year not in self._years:
            overrides = dict(HolidayOverride.objects.filter(date__year=year).values_list("date", "is_working_day"))
            confirmed = HolidayYear.objects.filter(year=year, complete=True).exists()
            self._years[year] = (overrides, confirmed)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        overrides, confirmed = self._year(day.year)
        if day in overrides:
            return overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if confirmed:
                return day.weekday() < 5
            raise HolidaysNotEntered(day.year) from None

    def add_working_days(self, start: date, n: int) -> date:
        if n < 1:
            raise ValueError("a notice period has at least one working day")
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if (day - start).days > MAX_SPAN_DAYS:
                raise ValueError(f"no {n} working days within {MAX_SPAN_DAYS} days of {start}")
            if self.is_working_day(day):
                counted += 1
        return day


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day; raises ``HolidaysNotEntered`` for a year the calendar does not know."""
    return Calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The last day of a period of ``n`` working days counted from the day after ``start``.

    The publication day itself never counts, whether or not it is a working day (issue 5: "counted from the
    day after publication", the 自发布之次日起N个工作日 of published notices). Raises ``HolidaysNotEntered``
    when the period runs into a year the calendar does not know.
    """
    return Calendar().add_working_days(start, n)


def year_status(year: int) -> str:
    """In words, where the calendar of ``year`` comes from (shown on the holidays page)."""
    if HolidayYear.objects.filter(year=year, complete=True).exists():
        return _("管理员已确认录入完整")
    if library_covers(year):
        return _("使用内置节假日数据（chinesecalendar），管理员录入的调整优先")
    return _("尚未录入，不能计算该年度的公示期")


# --- changing the calendar (the administrator, through the holidays page or Django admin) --------------


def _require_admin(by) -> None:
    verdict = can_manage_notices(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)


def enter_day(day: date, *, is_working_day: bool, name: str, by) -> HolidayOverride:
    """Enter (or correct) one date's working status; notices already published keep their stored end date."""
    _require_admin(by)
    name = (name or "").strip()
    if not name:
        raise ValueError(_("请填写节假日或调休名称"))
    with transaction.atomic():
        existing = HolidayOverride.objects.select_for_update().filter(date=day).first()
        if existing is None:
            override = HolidayOverride.objects.create(date=day, is_working_day=is_working_day, name=name, entered_by=by)
            record(by, "notice.holiday.entered", override, date=day, is_working_day=is_working_day, name=name)
            return override
        before = {"is_working_day": existing.is_working_day, "name": existing.name}
        existing.is_working_day, existing.name = is_working_day, name
        existing.entered_by, existing.entered_at = by, timezone.now()
        existing.save()
        record(
            by, "notice.holiday.changed", existing, date=day, before=before, is_working_day=is_working_day, name=name
        )
        return existing


def remove_day(override: HolidayOverride, *, by) -> None:
    _require_admin(by)
    with transaction.atomic():
        record(
            by,
            "notice.holiday.removed",
            override,
            date=override.date,
            is_working_day=override.is_working_day,
            name=override.name,
        )
        override.delete()


def confirm_year(year: int, *, by) -> HolidayYear:
    """The administrator's word that every holiday and make-up day of ``year`` is entered: the year becomes usable."""
    _require_admin(by)
    with transaction.atomic():
        entry, _created = HolidayYear.objects.select_for_update().get_or_create(year=year)
        entry.complete, entry.confirmed_by, entry.confirmed_at = True, by, timezone.now()
        entry.save()
        days = HolidayOverride.objects.filter(date__year=year).count()
        record(by, "notice.holiday_year.confirmed", entry, year=year, entered_days=days)
    return entry


def unconfirm_year(year: int, *, by) -> None:
    """Withdraw the confirmation (e.g. an arrangement was found missing): the year is refused again."""
    _require_admin(by)
    with transaction.atomic():
        entry = HolidayYear.objects.select_for_update().filter(year=year, complete=True).first()
        if entry is None:
            return
        entry.complete = False
        entry.save()
        record(by, "notice.holiday_year.unconfirmed", entry, year=year)
