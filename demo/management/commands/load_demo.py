"""Demo data: the 2022 calls, enterprises in several units, and one login for every role.

Idempotent: running it again changes nothing that is already there. Everything is created through
the same domain functions the pages use, so the audit trail and the registration history are real.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from stdnum.cn.uscc import calc_check_digit

from accounts.models import Role, RoleKind, User
from calls.models import Call, Programme
from enterprises import registration
from enterprises.models import Enterprise, Industry, Qualification, QualificationKind, Size
from places.models import Unit

PASSWORD = "Hebei-demo-2022"


def uscc(region: str, org: str) -> str:
    body = f"91{region}{org}"
    return body + calc_check_digit(body)


# username, full name, unit code, enterprise name, region code, org code, size, industry, confirmed?
ENTERPRISES = [
    (
        "ent_sjz",
        "李明",
        "SJZ",
        "石家庄示范新材料科技有限公司",
        "130104",
        "MA0D1K2L3",
        Size.MEDIUM,
        Industry.NEW_ENERGY_MATERIALS,
        True,
    ),
    (
        "ent_sjz2",
        "王芳",
        "SJZ",
        "石家庄示范生物医药股份有限公司",
        "130102",
        "MA0E4F5G6",
        Size.SMALL,
        Industry.BIOMEDICINE,
        True,
    ),
    (
        "ent_bd",
        "赵强",
        "BD",
        "保定示范智能装备有限公司",
        "130602",
        "MA0H7J8K9",
        Size.MEDIUM,
        Industry.HIGH_END_EQUIPMENT,
        True,
    ),
    ("ent_ts", "刘洋", "TS", "唐山示范钢铁材料有限公司", "130203", "MA0L1M2N3", Size.LARGE, Industry.STEEL, True),
    ("ent_xj", "陈静", "XJ", "辛集示范皮革科技有限公司", "130181", "MA0P4Q5R6", Size.SMALL, Industry.OTHER, True),
    ("ent_xa", "孙伟", "XA", "雄安示范信息技术有限公司", "130638", "MA0T7U8W9", Size.MICRO, Industry.INFORMATION, True),
    # Waiting for their unit's confirmation:
    ("ent_sjz_new", "周敏", "SJZ", "石家庄示范食品有限公司", "130105", "MA0X1Y2A3", Size.MICRO, Industry.FOOD, False),
    (
        "ent_bd_new",
        "吴磊",
        "BD",
        "保定示范新能源有限公司",
        "130606",
        "MA0B4C5D6",
        Size.SMALL,
        Industry.NEW_ENERGY_MATERIALS,
        False,
    ),
    # Registered in 石家庄, but carrying a Beijing code: the reviewer sees a warning, not a refusal.
    (
        "ent_sjz_moved",
        "郑华",
        "SJZ",
        "石家庄示范迁入信息科技有限公司",
        "110108",
        "MA0E7F8G9",
        Size.SMALL,
        Industry.INFORMATION,
        False,
    ),
]

QUALIFICATIONS = {
    "ent_sjz": [
        (QualificationKind.HIGH_TECH, "GR202113000101", date(2021, 11, 3), date(2024, 11, 2)),
        (QualificationKind.SRDI_PROVINCE, "冀专精特新〔2021〕0101", date(2021, 6, 1), date(2024, 5, 31)),
    ],
    "ent_sjz2": [(QualificationKind.TECH_SME, "202113010400000231", date(2021, 5, 10), date(2021, 12, 31))],
    "ent_bd": [
        (QualificationKind.HIGH_TECH, "GR202013000377", date(2020, 12, 1), date(2023, 11, 30)),
        (QualificationKind.SRDI_NATIONAL, "工信部小巨人2021-0377", date(2021, 7, 1), date(2024, 6, 30)),
    ],
    "ent_ts": [(QualificationKind.HIGH_TECH, "GR201913000512", date(2019, 10, 15), date(2022, 10, 14))],
    "ent_xj": [(QualificationKind.TECH_SME, "202113018100000015", date(2021, 4, 20), date(2021, 12, 31))],
    "ent_xa": [(QualificationKind.INNOVATIVE_SME, "冀创新型〔2022〕0008", date(2022, 3, 1), date(2025, 2, 28))],
}

STAFF = [
    # username, full name, role kinds, unit code for a city reviewer
    ("province_admin", "省局管理员", [RoleKind.ADMIN], None),
    ("finance", "省局财务", [RoleKind.FINANCE], None),
    ("sjz_reviewer", "石家庄市局审核员", [RoleKind.CITY_REVIEWER], "SJZ"),
    ("bd_reviewer", "保定市局审核员", [RoleKind.CITY_REVIEWER], "BD"),
    ("ts_reviewer", "唐山市局审核员", [RoleKind.CITY_REVIEWER], "TS"),
    ("xj_reviewer", "辛集市局审核员", [RoleKind.CITY_REVIEWER], "XJ"),
    ("panel_lead", "评审组长", [RoleKind.PANEL_LEAD, RoleKind.EXPERT], None),
    *[(f"expert{n}", f"评审专家{n}", [RoleKind.EXPERT], None) for n in range(1, 8)],
]

CALLS = [
    (Programme.INSURANCE, "insurance-2021", Decimal("3000000.00")),
    (Programme.LOAN_INTEREST, "loan-interest-2021", Decimal("2000000.00")),
]


class Command(BaseCommand):
    help = "Load the demo: 2022 calls, enterprises in several units, and a login for every role."

    @transaction.atomic
    def handle(self, *args, **options):
        units = {unit.code: unit for unit in Unit.objects.all()}
        staff = {}
        for username, full_name, kinds, unit_code in STAFF:
            user = self._user(username, full_name, is_staff=RoleKind.ADMIN in kinds)
            for kind in kinds:
                Role.objects.get_or_create(user=user, kind=kind, defaults={"unit": units.get(unit_code)})
            staff[username] = user
        admin = staff["province_admin"]

        for year_programme, edition, budget in CALLS:
            start, end = Call.default_cycle(2022)
            Call.objects.get_or_create(
                programme=year_programme,
                year=2022,
                defaults=dict(
                    cycle_start=start,
                    cycle_end=end,
                    window_opens=date(2022, 2, 7),
                    window_closes=date(2022, 3, 4),
                    city_review_deadline=date(2022, 3, 31),
                    evaluation_date=date(2022, 4, 20),
                    notice_starts=date(2022, 5, 9),
                    notice_ends=date(2022, 5, 13),
                    budget=budget,
                    rules_edition=edition,
                ),
            )

        reviewers = {role.unit.code: role.user for role in Role.objects.filter(kind=RoleKind.CITY_REVIEWER)}
        for username, person, unit_code, name, region, org, size, industry, confirmed in ENTERPRISES:
            if User.objects.filter(username=username).exists():
                continue
            code = uscc(region, org)
            enterprise = registration.register(
                enterprise=Enterprise(
                    uscc=code,
                    name=name,
                    unit=units[unit_code],
                    address=f"河北省{units[unit_code].name}示范路{len(name)}号",
                    size=size,
                    industry=industry,
                    contact_name=person,
                    contact_phone="0311-8888" + code[-4:].translate(str.maketrans("ABCDEFGHJKLMNPQRTUWXY", "1" * 21)),
                ),
                user=User(username=username, full_name=person, phone="13800000000"),
                password=PASSWORD,
            )
            for kind, number, valid_from, valid_until in QUALIFICATIONS.get(username, []):
                Qualification.objects.create(
                    enterprise=enterprise,
                    kind=kind,
                    certificate_no=number,
                    valid_from=valid_from,
                    valid_until=valid_until,
                )
            if confirmed:
                registration.confirm(enterprise, reviewers.get(unit_code, admin), "营业执照信息核对无误")

        self.load_current_calls_and_applications(admin)
        self.print_logins()

    def load_current_calls_and_applications(self, admin) -> None:
        """The 2023 calls (cycle 2022) with their window open today, and applications at several steps,
        so that every role finds work waiting when the demo starts."""
        from workflow import lifecycle
        from workflow.models import Application
        from workflow.samples import complete_application

        today = timezone.localdate()
        calls = {}
        for programme, edition, budget in CALLS:
            start, end = Call.default_cycle(2023)
            calls[programme], _ = Call.objects.get_or_create(
                programme=programme,
                year=2023,
                defaults=dict(
                    cycle_start=start,
                    cycle_end=end,
                    window_opens=today - timedelta(days=20),
                    window_closes=today + timedelta(days=25),
                    city_review_deadline=today + timedelta(days=40),
                    evaluation_date=today + timedelta(days=55),
                    notice_starts=today + timedelta(days=65),
                    notice_ends=today + timedelta(days=71),
                    budget=budget,
                    rules_edition=edition,
                ),
            )
        if Application.objects.exists():
            return
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[row[0] for row in ENTERPRISES] + [s[0] for s in STAFF])
        }

        def start(username, programme):
            user = users[username]
            return complete_application(user.enterprise, calls[programme], user), user

        application, user = start("ent_xa", Programme.INSURANCE)  # complete draft, ready to submit
        application, user = start("ent_sjz", Programme.INSURANCE)
        lifecycle.submit(application, user)  # waiting for 石家庄's review
        application, user = start("ent_bd", Programme.INSURANCE)
        lifecycle.submit(application, user)  # waiting for 保定's review
        application, user = start("ent_sjz2", Programme.INSURANCE)
        application = lifecycle.submit(application, user)
        lifecycle.return_for_correction(
            application,
            users["sjz_reviewer"],
            [
                {"item": "", "problem": "诚信承诺书未加盖公章", "provide": "请加盖公章后扫描上传"},
                {"item": "", "problem": "专利年费缴纳凭证不全", "provide": "请补充2022年度年费缴纳凭证"},
            ],
            timezone.now() + timedelta(days=7),
            "请一次性补正以下事项",
        )
        application, user = start("ent_ts", Programme.LOAN_INTEREST)
        application = lifecycle.submit(application, user)
        lifecycle.pass_review(application, users["ts_reviewer"], "材料齐全，符合贴息条件，同意推荐")  # to forward
        application, user = start("ent_xj", Programme.INSURANCE)
        application = lifecycle.pass_review(lifecycle.submit(application, user), users["xj_reviewer"], "同意推荐")
        lifecycle.forward_batch(application.call, application.unit, [application], users["xj_reviewer"])
        self.load_expert_pool(users, admin, application)

    def load_expert_pool(self, users, admin, forwarded) -> None:
        """Eight experts in the pool; a group drawn for the forwarded application, its scoring started."""
        from evaluation import scoring
        from experts import draw
        from experts.models import Expert

        employers = [
            "河北工业大学",
            "河北大学",
            "燕山大学",
            "河北科技大学",
            "中国银行河北省分行",
            "河北省知识产权保护中心",
        ]
        fields = [["patent", "law"], ["information", "patent"], ["equipment", "patent"], ["finance"], ["insurance"]]
        experts = {}
        for n, username in enumerate(["panel_lead", *[f"expert{k}" for k in range(1, 8)]]):
            experts[username], _created = Expert.objects.get_or_create(
                user=users[username],
                defaults={
                    "code": f"E{n + 1:02d}",
                    "employer": employers[n % len(employers)],
                    "title": "教授" if n % 2 == 0 else "研究员",
                    "expertise": fields[n % len(fields)],
                },
            )
        group = draw.draw_group(
            forwarded.call,
            [forwarded],
            name="2023年度专利保险补助·第一组",
            size=5,
            seed=20230301,
            by=admin,
            lead=experts["panel_lead"],
            selection="专利保险补助",
        )
        scoring.start_evaluation(group, admin)

    def _user(self, username: str, full_name: str, is_staff: bool) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "is_staff": is_staff, "is_superuser": is_staff}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        return user

    def print_logins(self) -> None:
        out = self.stdout
        out.write("")
        out.write(f"演示账号（密码均为 / every password is: {PASSWORD}）")
        out.write("-" * 64)
        rows = [(u, ", ".join(str(r) for r in u.role_list)) for u in User.objects.order_by("id")]
        for user, roles in rows:
            out.write(f"  {user.username:<16} {roles}")
        out.write("-" * 64)
