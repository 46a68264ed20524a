"""A call from forwarded applications to approval letters, with eight experts:

- group 1 (A, B) drawn with five experts, one of whom (the appointed lead) has a link to A: excluded on A;
- group 2 (C) drawn with three experts; one declares a conflict and a replacement is drawn;
- B's five scores include an outlier: the highest and lowest are dropped, the lead moderates;
- budget 20,000 against 29,000 eligible: the 2021 edition fills in Art. 5 order, the last gets what is left;
- the notice gets one objection, upheld, lowering B's amount; approval; letters reopened.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Pt

from accounts.models import RoleKind
from audit.models import verify_chain
from documents.models import Document
from evaluation import approval, ranking, scoring
from evaluation.models import PanelResult, RankingRun
from experts import draw, pledge
from experts.models import Assignment, ExpertLink
from notice import publication
from notice.models import Notice
from tests.experts.makers import make_expert
from tests.makers import make_enterprise, make_open_call, make_user
from workflow import lifecycle
from workflow.models import Application, Status
from workflow.samples import complete_application

CRITERIA = ("patent_importance", "product_fit", "protection_value")


def sheet(*points):
    return dict(zip(CRITERIA, [str(p) for p in points], strict=True))


def forwarded(unit_code, premium, call, admin):
    enterprise = make_enterprise(unit_code)
    user = enterprise.user_roles.get().user
    reviewer = make_user(f"{unit_code.lower()}_rev_{enterprise.pk}", (RoleKind.CITY_REVIEWER, enterprise.unit))
    application = complete_application(enterprise, call, user, premium=premium)
    application = lifecycle.submit(application, user)
    policy = application.policies.get()
    application = lifecycle.record_judgements(application, reviewer, {policy.pk: (True, True)})
    application = lifecycle.pass_review(application, reviewer, "同意推荐")
    lifecycle.forward_batch(call, application.unit, [application], reviewer)
    return Application.objects.get(pk=application.pk)


def score_all(application, sheets_by_code):
    for assignment in Assignment.objects.filter(application=application, status="active").select_related(
        "expert__user"
    ):
        points = sheets_by_code[assignment.expert.code]
        pledge.accept(assignment.expert, application.call, assignment.expert.user)
        scoring.submit_score(assignment, assignment.expert.user, points, {})


def docx_of(document):
    with document.file.open("rb") as handle:
        return Docx(handle)


def text_of(doc):
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
def test_a_call_from_forwarded_applications_to_approval_letters(admin_user, django_capture_on_commit_callbacks):
    call = make_open_call("insurance", budget=Decimal("20000.00"))
    a = forwarded("SJZ", "12000.00", call, admin_user)
    b = forwarded("BD", "9000.00", call, admin_user)
    c = forwarded("TS", "8000.00", call, admin_user)
    assert [x.status for x in (a, b, c)] == [Status.FORWARDED] * 3

    experts = {code: make_expert(code, lead=code == "E01") for code in [f"E0{n}" for n in range(1, 9)]}
    ExpertLink.objects.create(
        expert=experts["E01"],
        kind="enterprise",
        enterprise=a.enterprise,
        relation="advice",
        started_on=date(2021, 1, 1),
        ended_on=None,
    )

    # --- group 1: the lead is linked to A, so A is scored by the other four; B by all five ---------------
    group1 = draw.draw_group(
        call, [a, b], name="保险一组", size=5, seed=20220301, by=admin_user, minimum=3, lead=experts["E01"]
    )
    excluded = Assignment.objects.get(application=a, expert=experts["E01"])
    record_a = next(e for e in group1.draw_record["applications"] if e["application"] == a.number)
    assert excluded.status == "excluded" and record_a["excluded"][0]["expert"] == "E01"
    assert record_a["excluded"][0]["codes"] == ["enterprise_link"]
    assert Assignment.objects.filter(application=a, status="active").count() == 4
    assert Assignment.objects.filter(application=b, status="active").count() == 5
    b_codes = sorted(Assignment.objects.filter(application=b, status="active").values_list("expert__code", flat=True))

    # --- group 2: three experts for C; one declares a conflict on seeing it, a replacement is drawn --------
    group2_pool = [code for code in experts if code not in b_codes]
    group2 = draw.draw_group(call, [c], name="保险二组", size=3, seed=7, by=admin_user, minimum=3)
    scoring.start_evaluation(group1, admin_user)
    scoring.start_evaluation(group2, admin_user)
    assert Application.objects.get(pk=a.pk).status == Status.UNDER_EVALUATION
    declaring = Assignment.objects.filter(application=c, status="active").select_related("expert__user").first()
    pledge.accept(declaring.expert, call, declaring.expert.user)
    replacement = scoring.declare_conflict(declaring, declaring.expert.user, "曾为该企业提供专利咨询")
    assert replacement is not None and replacement.expert != declaring.expert
    assert Assignment.objects.filter(application=c, status="active").count() == 3
    del group2_pool

    # --- scoring, one task per expert, joined, then aggregated --------------------------------------------
    score_all(a, {code: sheet(30, 22, 18) for code in experts})  # 70 each, 4 experts: fallback to the mean
    five = dict(
        zip(
            b_codes,
            [sheet(30, 22, 18), sheet(30, 23, 19), sheet(31, 24, 19), sheet(33, 24, 19), sheet(15, 15, 10)],
            strict=True,
        )
    )
    score_all(b, five)  # 70, 72, 74, 76, 40: drop 76 and 40 -> 72
    c_sheets = [sheet(28, 20, 17), sheet(28, 21, 17), sheet(29, 21, 17)]  # 65, 66, 67 -> 66
    c_codes = Assignment.objects.filter(application=c, status="active").values_list("expert__code", flat=True)
    score_all(c, dict(zip(sorted(c_codes), c_sheets, strict=True)))

    result_a, result_b, result_c = (PanelResult.objects.get(application=x) for x in (a, b, c))
    assert (result_a.method, result_a.experts_score, result_a.total) == ("mean", Decimal("70.00"), Decimal("75.00"))
    assert result_b.method == "trimmed_mean" and sorted(result_b.dropped) == ["40", "76"]
    assert (result_b.experts_score, result_b.outliers) == (Decimal("72.00"), ["40"])
    assert result_c.total == Decimal("71.00")
    assert all(Application.objects.get(pk=x.pk).status == Status.EVALUATED for x in (a, b, c))

    # --- the lead moderates B's outlier; raw sheets stay ------------------------------------------------
    scoring.moderate(result_b, experts["E01"].user, "73.50", "专家15分的评分未说明理由，组长复核后调整")
    result_b.refresh_from_db()
    assert (result_b.total, result_b.final_total) == (Decimal("77.00"), Decimal("73.50"))

    # --- ranking and allocation: fill in Art. 5 order within 20,000 --------------------------------------
    run = ranking.rank(call, admin_user)
    awards = {n: Decimal(r["award"]) for n, r in run.results["applications"].items()}
    assert awards == {a.number: Decimal("12000.00"), b.number: Decimal("8000.00"), c.number: Decimal("0.00")}
    assert run.total_awarded == Decimal("20000.00") <= call.budget
    assert ranking.rerun(run) == run.results  # the stored run re-runs to the fen

    # --- public notice, one objection upheld lowering B's amount ------------------------------------------
    notice = approval.publish_notice(run, admin_user, working_days=5, contact="0311-12345678")
    assert Application.objects.get(pk=a.pk).status == Status.IN_NOTICE
    assert Application.objects.get(pk=c.pk).status == Status.EVALUATED
    entry_b = notice.entries.current().get(application=b)
    objection = publication.record_objection(
        notice, entry=entry_b, raised_by_name="李某", contact="13900000000", content="部分保费已退还", by=admin_user
    )
    publication.decide_objection(
        objection,
        upheld=True,
        decision="核实退费1000元，补助按实际保费调整",
        by=admin_user,
        change=publication.EntryChange(amount=Decimal("7000.00")),
    )
    Notice.objects.filter(pk=notice.pk).update(ends_on=date.today() - timedelta(days=1))  # the period has passed
    publication.close(Notice.objects.get(pk=notice.pk), admin_user)

    # --- approval and letters --------------------------------------------------------------------------
    outcome = approval.approve(call, admin_user)
    assert outcome["total"] == Decimal("19000.00") <= call.budget
    a, b, c = (Application.objects.get(pk=x.pk) for x in (a, b, c))
    assert (a.status, a.amount_awarded) == (Status.APPROVED, Decimal("12000.00"))
    assert (b.status, b.amount_awarded) == (Status.APPROVED, Decimal("7000.00"))
    assert (c.status, c.amount_awarded) == (Status.NOT_APPROVED, Decimal("0.00"))

    job = approval.generate_letters(call, admin_user)
    assert (job.total, job.done, job.state) == (3, 3, "done")
    assert approval.generate_letters(call, admin_user).total == 0  # a second run has nothing left to do

    letter = Document.objects.get(object_type="workflow.application", object_id=str(a.pk), kind="approval_letter")
    doc = docx_of(letter)
    text = text_of(doc)
    assert a.enterprise.name in text and "12,000.00" in text and "壹万贰仟元整" in text
    assert letter.number in text and "〔" in letter.number and letter.issuer.code == "PROV"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert round(section.left_margin.mm) == 28 and round(section.top_margin.mm) == 37

    letter_b = Document.objects.get(object_type="workflow.application", object_id=str(b.pk), kind="approval_letter")
    assert "7,000.00" in text_of(docx_of(letter_b)) and "柒仟元整" in text_of(docx_of(letter_b))
    refusal = Document.objects.get(object_type="workflow.application", object_id=str(c.pk), kind="non_approval_notice")
    assert "预算已分配完毕" in text_of(docx_of(refusal))
    assert RankingRun.objects.filter(call=call).count() == 1

    # --- finance pays both awards; the finished call's archive verifies against its manifest -------------
    from archive.packing import pack, verify
    from finance import payments

    finance_user = make_user("finance_officer", (RoleKind.FINANCE, None))
    for application, voucher in ((a, "GK2022000101"), (b, "GK2022000102")):
        payments.record_payment(
            application,
            amount=application.amount_awarded,
            voucher=voucher,
            subject="2130199",
            paid_on=date.today(),
            by=finance_user,
            idempotency_key=f"pay-{voucher}",
        )
    assert [Application.objects.get(pk=x.pk).status for x in (a, b)] == [Status.PAID, Status.PAID]
    packed = pack(call)
    assert verify(packed.data) == []
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(packed.data)).namelist()
    assert "registers/payments.xlsx" in names and sum(n.startswith("documents/approval_letter/") for n in names) == 2
    assert verify_chain().ok
