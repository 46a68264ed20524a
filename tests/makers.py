"""Small make_* helpers: the suite builds its own data, no JSON fixtures (style.md §13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from stdnum.cn.uscc import calc_check_digit

from accounts.models import Role, RoleKind, User
from calls.models import Call
from enterprises import registration
from enterprises.models import Enterprise, Industry, Size
from places.models import Unit

PASSWORD = "correct-horse-battery"
_serial = count(1)


def make_uscc(region: str = "130104") -> str:
    n = next(_serial)
    body = f"91{region}MA{n:07d}"
    return body + calc_check_digit(body)


def make_user(username: str, *roles: tuple[str, object | None], full_name: str = "") -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username)
    for kind, scope in roles:
        Role.objects.create(
            user=user,
            kind=kind,
            unit=scope if isinstance(scope, Unit) else None,
            enterprise=scope if isinstance(scope, Enterprise) else None,
        )
    return user


def make_enterprise(
    unit_code: str = "SJZ", *, name: str | None = None, confirmed: bool = True, username: str | None = None
):
    """An enterprise registered by its own user (returned as .user), confirmed by the province if asked."""
    unit = Unit.objects.get(code=unit_code)
    n = next(_serial)
    enterprise = registration.register(
        enterprise=Enterprise(
            uscc=make_uscc(),
            name=name or f"{unit.name}测试企业{n}有限公司",
            unit=unit,
            address="河北省测试路1号",
            size=Size.SMALL,
            industry=Industry.OTHER,
            contact_name="联系人",
            contact_phone="13800000000",
        ),
        user=User(username=username or f"ent{n}", full_name="企业联系人"),
        password=PASSWORD,
    )
    if confirmed:
        admin = User.objects.filter(roles__kind=RoleKind.ADMIN).first() or make_user(
            f"admin{n}", (RoleKind.ADMIN, None)
        )
        enterprise = registration.confirm(enterprise, admin)
    enterprise.user = enterprise.user_roles.get().user
    return enterprise


def make_call(programme: str = "insurance", year: int = 2022, **overrides) -> Call:
    start, end = Call.default_cycle(year)
    fields = dict(
        programme=programme,
        year=year,
        cycle_start=start,
        cycle_end=end,
        window_opens=date(year, 2, 7),
        window_closes=date(year, 3, 4),
        city_review_deadline=date(year, 3, 31),
        budget=Decimal("1000000.00"),
        rules_edition="insurance-2021" if programme == "insurance" else "loan-interest-2021",
    )
    fields.update(overrides)
    return Call.objects.create(**fields)


def signed_in(client, user):
    client.force_login(user, backend="accounts.backends.RoleBackend")
    return client


def make_patent(enterprise, **overrides):
    from workflow.samples import sample_patent

    return sample_patent(enterprise, **overrides)


def make_open_call(programme: str = "insurance", **overrides):
    """The 2022 call (cycle 2021), with its window open today so that it can be used now."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    fields = dict(
        window_opens=today - timedelta(days=10),
        window_closes=today + timedelta(days=10),
        city_review_deadline=today + timedelta(days=30),
    )
    fields.update(overrides)
    from calls.models import Call

    existing = Call.objects.filter(programme=programme, year=2022).first()
    return existing or make_call(programme, 2022, **fields)


def pdf_upload(name: str = "scan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% test scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
