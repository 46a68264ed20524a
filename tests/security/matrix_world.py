"""The world the permission matrix is asked in: one actor per role and relation, and one object per URL kind.

Everything the URLs point at belongs to the "own" side: the enterprise 石家庄甲 (unit 石家庄, "own unit");
the other actors stand in the other relations (保定's enterprise and reviewer, an expert not drawn, an expert
who declared a conflict, an expert with a computed conflict...). Built once per module, through the same
doors the pages use (lifecycle, scoring, approval, payments), so every object is in a state it can really
reach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import RoleKind
from tests.makers import make_call, make_enterprise, make_open_call, make_user

# Actor names, in the order of the table's columns.
ACTORS = (
    "anonymous",
    "outsider",
    "enterprise",
    "colleague",
    "other_enterprise",
    "reviewer",
    "other_reviewer",
    "admin",
    "finance",
    "expert",
    "panel_lead",
    "unassigned_expert",
    "declared_expert",
    "computed_expert",
)

ACTOR_LABELS = {
    "anonymous": "anonymous (not signed in)",
    "outsider": "outsider (signed in, no role)",
    "enterprise": "enterprise user of the owning enterprise",
    "colleague": "colleague: second user of the owning enterprise",
    "other_enterprise": "user of another enterprise (other unit)",
    "reviewer": "unit reviewer of the owning unit",
    "other_reviewer": "unit reviewer of another unit",
    "admin": "province administrator",
    "finance": "province finance officer",
    "expert": "expert assigned to the application",
    "panel_lead": "panel lead of the application's group (assigned)",
    "unassigned_expert": "pool expert not drawn for the application",
    "declared_expert": "expert drawn, then declared a conflict on the application",
    "computed_expert": "pool expert with a computed conflict (3-year link to the enterprise)",
}


@dataclass
class World:
    users: dict = field(default_factory=dict)  # actor name -> User (anonymous: None)
    objects: dict = field(default_factory=dict)  # name -> model instance / value used in URL kwargs
    secrets: list = field(default_factory=list)  # identifying strings of the own side, never shown to refused
    clients: dict = field(default_factory=dict)  # actor name -> signed-in test client (set by the fixture)
    tokens: dict = field(default_factory=dict)  # actor name -> raw API token


OWN_NAME = "石家庄矩阵甲科技有限公司"
OTHER_NAME = "保定矩阵乙装备有限公司"


def _file(name: str, data: bytes = b"%PDF-1.4\n%matrix\n%%EOF\n") -> ContentFile:
    return ContentFile(data, name=name)


def build() -> World:
    from evaluation import approval, ranking, scoring
    from experts import draw, pledge
    from experts.models import Assignment, AssignmentStatus
    from finance import payments
    from notice import publication
    from notice.models import Notice
    from places.models import Unit
    from tests.experts.makers import link, make_expert, make_pool
    from workflow import lifecycle
    from workflow.models import Application
    from workflow.samples import complete_application

    w = World()
    u = w.users
    o = w.objects
    sjz, bd = Unit.objects.get(code="SJZ"), Unit.objects.get(code="BD")

    u["anonymous"] = None
    u["admin"] = make_user("matrix_admin", (RoleKind.ADMIN, None), full_name="省局管理员")
    u["finance"] = make_user("matrix_finance", (RoleKind.FINANCE, None), full_name="财务")
    u["reviewer"] = make_user("matrix_sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz), full_name="石家庄审核员")
    u["other_reviewer"] = make_user("matrix_bd_reviewer", (RoleKind.CITY_REVIEWER, bd), full_name="保定审核员")
    u["outsider"] = make_user("matrix_outsider", full_name="无角色用户")

    own = make_enterprise("SJZ", name=OWN_NAME, username="matrix_ent_sjz")
    other = make_enterprise("BD", name=OTHER_NAME, username="matrix_ent_bd")
    third = make_enterprise("TS", name="唐山矩阵丙材料有限公司", username="matrix_ent_ts")
    u["enterprise"] = own.user
    u["other_enterprise"] = other.user
    o["enterprise"] = own
    o["other_enterprise"] = other
    w.secrets += [OWN_NAME, own.uscc]

    ts_reviewer = make_user("matrix_ts_reviewer", (RoleKind.CITY_REVIEWER, third.unit))
    pending = make_enterprise("SJZ", name="石家庄矩阵待确认有限公司", confirmed=False, username="matrix_pending")
    o["pending_enterprise"] = pending

    # --- the main call: the own application goes through the whole province pipeline ----------------
    call = make_open_call("insurance", budget=Decimal("100000.00"))
    o["call"] = call
    reviewers = {"SJZ": u["reviewer"], "BD": u["other_reviewer"], "TS": ts_reviewer}

    def forwarded(enterprise, premium):
        user = enterprise.user
        reviewer = reviewers[enterprise.unit.code]
        application = lifecycle.submit(complete_application(enterprise, call, user, premium=premium), user)
        policy = application.policies.get()
        application = lifecycle.record_judgements(application, reviewer, {policy.pk: (True, True)})
        application = lifecycle.pass_review(application, reviewer, "同意推荐")
        batch = lifecycle.forward_batch(call, application.unit, [application], reviewer)
        return Application.objects.get(pk=application.pk), batch

    main, batch = forwarded(own, "12000.00")
    other_app, _ = forwarded(other, "9000.00")
    third_app, _ = forwarded(third, "8000.00")
    o["batch"] = batch
    w.secrets.append(main.number)

    pool = make_pool()
    computed = make_expert("E08", "冲突专家", employer="河北某大学")
    link(computed, enterprise=own, started_on=timezone.localdate() - dt.timedelta(days=200))
    group = draw.draw_group(
        call,
        [main, other_app, third_app],
        name="矩阵一组",
        size=5,
        seed=20220301,
        by=u["admin"],
        minimum=3,
        lead=pool["E01"],
    )
    scoring.start_evaluation(group, u["admin"])
    o["group"] = group
    active = list(Assignment.objects.filter(application=main, status=AssignmentStatus.ACTIVE).order_by("expert__code"))
    lead_assignment = next(a for a in active if a.expert_id == pool["E01"].pk)
    declaring = next(a for a in active if a.expert_id != pool["E01"].pk)
    pledge.accept(declaring.expert, call, declaring.expert.user)
    scoring.declare_conflict(declaring, declaring.expert.user, "曾为该企业提供咨询")
    o["declared_assignment"] = Assignment.objects.get(pk=declaring.pk)
    active = list(Assignment.objects.filter(application=main, status=AssignmentStatus.ACTIVE).order_by("expert__code"))
    assigned = next(a for a in active if a.expert_id not in (pool["E01"].pk, declaring.expert_id))
    drawn_anywhere = set(Assignment.objects.filter(group__call=call).values_list("expert_id", flat=True))
    unassigned = next(e for e in pool.values() if e.pk not in drawn_anywhere)
    u["expert"] = assigned.expert.user
    u["panel_lead"] = pool["E01"].user
    u["unassigned_expert"] = unassigned.user
    u["declared_expert"] = declaring.expert.user
    u["computed_expert"] = computed.user
    o["assignment"] = assigned
    o["lead_assignment"] = lead_assignment
    o["expert"] = assigned.expert

    # Everybody scores: A, B and C are evaluated (the lead's moderation result exists).
    sheet = dict(zip(("patent_importance", "product_fit", "protection_value"), ("30", "22", "18"), strict=True))
    for application in (main, other_app, third_app):
        for assignment in Assignment.objects.filter(application=application, status=AssignmentStatus.ACTIVE):
            pledge.accept(assignment.expert, call, assignment.expert.user)
            scoring.submit_score(assignment, assignment.expert.user, sheet, {})
    from evaluation.models import PanelResult

    o["panel_result"] = PanelResult.objects.filter(application=main).order_by("-pk").first()
    run = ranking.rank(call, u["admin"])
    o["run"] = run
    notice = approval.publish_notice(run, u["admin"], working_days=5, contact="0311-12345678")
    o["notice"] = notice
    entry = notice.entries.current().get(application=main)
    objection = publication.record_objection(
        notice, entry=entry, raised_by_name="某公民", contact="13800000000", content="质疑", by=u["admin"]
    )
    o["objection"] = publication.decide_objection(objection, upheld=False, decision="不成立", by=u["admin"])
    Notice.objects.filter(pk=notice.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    publication.close(Notice.objects.get(pk=notice.pk), u["admin"])
    approval.approve(call, u["admin"])
    o["letters_job"] = approval.generate_letters(call, u["admin"])
    main = Application.objects.get(pk=main.pk)
    o["payment"] = payments.record_payment(
        main,
        amount=Decimal("1000.00"),
        voucher="GK2022000001",
        subject="2060299",
        paid_on=timezone.localdate(),
        by=u["finance"],
        idempotency_key="matrix-pay-1",
    )
    payments.record_failure(
        Application.objects.get(pk=main.pk),
        "户名与账号不符",
        u["finance"],
        idempotency_key="matrix-fail-1",
        voucher="GK2022000002",
    )
    o["approved_application"] = Application.objects.get(pk=other_app.pk)
    o["main"] = Application.objects.get(pk=main.pk)
    return _rest(w, call)


def _rest(w: World, main_call) -> World:
    """The own enterprise's applications before the province (one call each), and the other apps' objects."""
    from documents.models import Document
    from enterprises.models import Qualification
    from ledger import filing
    from ledger.models import Activity
    from parks.models import ParkFinancing, PledgeType
    from places.models import Park, Unit
    from survey.models import SurveyImport, WhiteListExport
    from tests.survey.makers import make_response
    from workflow import lifecycle
    from workflow.models import Application
    from workflow.samples import complete_application, sample_patent

    u, o = w.users, w.objects
    own = o["enterprise"]
    today = timezone.localdate()
    window = dict(
        window_opens=today - dt.timedelta(days=10),
        window_closes=today + dt.timedelta(days=10),
        city_review_deadline=today + dt.timedelta(days=30),
    )

    def app(programme, year):
        call = make_call(programme, year, **window)
        return complete_application(own, call, own.user)

    o["draft"] = app("insurance", 2023)
    o["draft_policy"] = o["draft"].policies.get()
    o["loan_draft"] = app("loan_interest", 2022)
    o["loan"] = o["loan_draft"].loans.get()
    o["submitted"] = lifecycle.submit(app("insurance", 2024), own.user)
    o["material"] = o["submitted"].materials.filter(current=True).first()
    returned = lifecycle.submit(app("loan_interest", 2023), own.user)
    o["returned"] = lifecycle.return_for_correction(
        returned,
        u["reviewer"],
        [{"item": "", "problem": "诚信承诺书未盖章", "provide": "盖章后上传"}],
        timezone.now() + dt.timedelta(days=7),
    )
    # A neighbour of the same unit waits to be forwarded in the submitted application's call.
    neighbour = make_enterprise("SJZ", name="石家庄矩阵邻居有限公司", username="matrix_ent_sjz_neighbour")
    passed = lifecycle.submit(complete_application(neighbour, o["submitted"].call, neighbour.user), neighbour.user)
    o["passed"] = lifecycle.pass_review(passed, u["reviewer"], "同意")
    o["passed_call"] = o["passed"].call
    forwarded = lifecycle.pass_review(lifecycle.submit(app("loan_interest", 2024), own.user), u["reviewer"], "同意")
    lifecycle.forward_batch(forwarded.call, forwarded.unit, [forwarded], u["reviewer"])
    o["forwarded"] = Application.objects.get(pk=forwarded.pk)
    o["free_call"] = make_call("loan_interest", 2025, **window)
    o["main_material"] = o["main"].materials.filter(current=True).first()
    for name in ("submitted", "returned", "forwarded"):
        w.secrets.append(Application.objects.get(pk=o[name].pk).number or "")
    w.secrets = [s for s in w.secrets if s]

    o["qualification"] = Qualification.objects.create(
        enterprise=own,
        kind="high_tech",
        certificate_no="GR202213000999",
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2024, 12, 31),
    )
    o["patent"] = sample_patent(own)
    o["document"] = Document.objects.filter(object_id=str(o["main"].pk)).order_by("pk").first() or (
        Document.objects.order_by("pk").first()
    )
    # The receipt's PDF copy, as documents_pdf would have made it.
    from django.core.files.storage import default_storage

    from notifications.models import Message

    pdf_name = default_storage.save("documents/matrix-receipt.pdf", _file("receipt.pdf"))
    Document.objects.filter(pk=o["document"].pk).update(pdf=pdf_name, pdf_status="produced")
    o["message"] = Message.objects.filter(recipient=u["enterprise"]).order_by("pk").first()

    sjz = Unit.objects.get(code="SJZ")
    ledger = filing.start(sjz, 2022, 4, u["reviewer"])
    activity = filing.save_activity(
        ledger,
        Activity(
            category=Activity.Category.MATCHMAKING,
            held_on=ledger.starts_on,
            content="石家庄矩阵对接会",
            departments="市市场监管局",
            outcome="达成意向",
        ),
        u["reviewer"],
    )
    from tests.makers import pdf_upload

    o["ledger"] = ledger
    o["activity"] = activity
    o["ledger_attachment"] = filing.attach(activity, pdf_upload("照片.pdf"), u["reviewer"])
    q3 = filing.start(sjz, 2022, 3, u["reviewer"])
    filing.save_activity(
        q3,
        Activity(
            category=Activity.Category.MATCHMAKING,
            held_on=q3.starts_on,
            content="石家庄矩阵三季度对接会",
            departments="市市场监管局",
            outcome="达成意向",
        ),
        u["reviewer"],
    )
    o["submitted_ledger"] = filing.submit(q3, u["reviewer"])

    o["survey_response"] = make_response(own, year=today.year)
    o["survey_import"] = SurveyImport.objects.create(
        unit=sjz,
        year=today.year,
        file=_file("import.xlsx", b"PK"),
        file_name="石家庄导入.xlsx",
        sha256="0" * 64,
        uploaded_by=u["reviewer"],
        marked_file=_file("marked.xlsx", b"PK"),
    )
    o["whitelist_export"] = WhiteListExport.objects.create(
        year=today.year,
        unit=sjz,
        recipient="banking_regulator",
        row_count=1,
        exported_by=u["reviewer"],
        file=_file("whitelist.xlsx", b"PK"),
        enterprises=[{"id": own.pk, "uscc": own.uscc, "name": own.name}],
    )
    park = Park.objects.filter(unit=sjz).first()
    o["financing"] = ParkFinancing.objects.create(
        park=park,
        enterprise=own,
        enterprise_name=own.name,
        enterprise_uscc=own.uscc,
        bank="河北银行",
        amount=Decimal("100.00"),
        financed_on=today,
        registration_number="MATRIX-0001",
        pledge_type=PledgeType.choices[0][0],
        recorded_by=u["reviewer"],
    )
    o["park_year"] = today.year
    o["today"] = today.isoformat()
    # Result files of a job (the letters job's download page) and one API token per signed-in actor.
    from api import tokens
    from jobs.running import store_result_file

    item = o["letters_job"].items.filter(state="done").order_by("pk").first()
    stored = store_result_file(o["letters_job"], item.key, b"matrix result", "matrix.txt", "text/plain")
    type(item).objects.filter(pk=item.pk).update(result={**(item.result or {}), **stored})
    o["job_file_key"] = item.key
    o["otp_person"] = u["enterprise"]
    # The colleague joins last: the sample helpers expect one user per enterprise.
    u["colleague"] = make_user("matrix_ent_sjz_colleague", (RoleKind.ENTERPRISE, own), full_name="同事")
    w.tokens = {actor: tokens.issue(user, "矩阵", user)[1] for actor, user in u.items() if user is not None}
    o["enterprise_token"] = tokens.find(w.tokens["enterprise"])
    return w
