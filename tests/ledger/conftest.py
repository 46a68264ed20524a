"""Ledger fixtures: a clock in Beijing time, ledgers of 石家庄 and 保定, rows and their files."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ledger import filing
from ledger.models import Activity, PolicyItem
from ledger.quarters import SHANGHAI
from tests.makers import pdf_upload

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, *args) -> datetime:
        """Beijing wall-clock time (year, month, day, hour, minute), or an aware datetime."""
        moment = args[0] if isinstance(args[0], datetime) else datetime(*args, tzinfo=SHANGHAI)
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    clock.set(2022, 12, 20, 9, 0)
    return clock


def wps_upload(name: str = "policy.wps") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, OLE2 + b"\0" * 512, content_type="application/octet-stream")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")


def make_ledger(unit, reviewer, year: int = 2022, quarter: int = 4):
    return filing.start(unit, year, quarter, reviewer)


def add_activity(ledger, reviewer, category=Activity.Category.MATCHMAKING, held_on: date | None = None, **fields):
    activity = Activity(
        category=category,
        held_on=held_on or ledger.starts_on,
        content=fields.pop("content", "石家庄市知识产权质押融资政银企对接会"),
        departments=fields.pop("departments", "市市场监管局、石家庄银保监分局、工商银行"),
        outcome=fields.pop("outcome", "12家企业与银行达成融资意向，金额8000万元"),
        **fields,
    )
    return filing.save_activity(ledger, activity, reviewer)


def add_policy(ledger, reviewer, *, pdf: bool = True, wps: bool = True, **fields):
    policy = PolicyItem(
        kind=fields.pop("kind", PolicyItem.Kind.POLICY),
        title=fields.pop("title", "石家庄市知识产权质押融资风险补偿办法"),
        issuer=fields.pop("issuer", "石家庄市市场监督管理局、石家庄市财政局"),
        number=fields.pop("number", "石市监发〔2022〕18号"),
        issued_on=fields.pop("issued_on", ledger.starts_on),
        summary=fields.pop("summary", "设立风险补偿资金池，对质押贷款损失给予补偿"),
        **fields,
    )
    policy = filing.save_policy(ledger, policy, reviewer)
    if pdf:
        filing.attach(policy, pdf_upload("办法.pdf"), reviewer, "pdf")
    if wps:
        filing.attach(policy, wps_upload("办法.wps"), reviewer, "wps")
    return policy


@pytest.fixture
def sjz_ledger(db, clock, sjz, sjz_reviewer):
    return make_ledger(sjz, sjz_reviewer)
