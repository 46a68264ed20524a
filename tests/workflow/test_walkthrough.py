"""One insurance and one loan application, walked through the pages: draft → submit → return for
correction → resubmit → city pass → forward. At each step: the status, viewflow's open tasks and their
queues, the audit rows, the documents (reopened, 文号 read back) and the messages sent."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from viewflow.workflow.models import Task

from audit.models import Entry, verify_chain
from documents.models import Document
from notifications.models import Message
from tests.makers import make_open_call, make_patent, pdf_upload, signed_in
from workflow.models import Application, Batch, Status

OPEN = ["NEW", "ASSIGNED", "STARTED"]


def open_tasks(application):
    tasks = Task.objects.filter(process_id=application.process_id, status__in=OPEN, flow_task_type="HUMAN")
    return sorted((t.flow_task.name, t.owner_permission) for t in tasks)


def docx_text(document):
    with document.file.open("rb") as handle:
        doc = Docx(handle)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def documents_of(application, kind):
    return list(Document.objects.filter(object_type="workflow.application", object_id=str(application.pk), kind=kind))


def messages_for(user, event):
    return list(Message.objects.filter(recipient=user, event=event))


POLICY = {
    "insurer": "中国人民财产保险股份有限公司石家庄分公司",
    "policy_number": "PICC-2021-0001",
    "insurance_type": "patent_enforcement",
    "policy_date": "2021-03-01",
    "period_start": "2021-03-02",
    "period_end": "2022-03-01",
    "premium": "12000.00",
    "first_year_premium": "12000.00",
    "coverage": "600000.00",
    "date_paid": "2021-03-01",
    "paid_in_one_payment": "on",
}

LOAN = {
    "bank": "中国银行石家庄分行",
    "contract_number": "ZY-2021-088",
    "principal": "5000000.00",
    "annual_rate": "4.35",
    "loan_start": "2021-01-15",
    "loan_end": "2022-01-14",
    "repaid_on": "2021-12-20",
    "interest_paid_in_cycle": "200000.00",
    "pledge_registration_number": "Y2021980000123",
    "pledged_share": "100",
    "use_of_funds": "专利产品生产线技术改造",
    "funds_for_patent_production": "on",
}


def upload(client, application, material, item=""):
    response = client.post(
        reverse("workflow:material_upload", args=[application.pk]),
        {"material": material, "item": item, "file": pdf_upload(f"{material}.pdf")},
    )
    assert response.status_code == 302


def prepare(client, enterprise, programme, item_data, patents):
    call = make_open_call(programme)
    signed_in(client, enterprise.user)
    response = client.post(reverse("workflow:create", args=[call.pk]))
    application = Application.objects.get(call=call, enterprise=enterprise)
    assert response.status_code == 302 and application.status == Status.DRAFT
    assert open_tasks(application) == [("prepare", f"workflow.enterprise@{enterprise.pk}")]

    add = "workflow:policy_add" if programme == "insurance" else "workflow:loan_add"
    response = client.post(reverse(add, args=[application.pk]), {**item_data, "patents": [p.pk for p in patents]})
    assert response.status_code == 302, response.context and response.context["form"].errors
    item = application.items.get()
    client.post(
        reverse("workflow:payee", args=[application.pk]),
        {"bank_name": "中国银行石家庄分行", "account_name": enterprise.name, "account_number": "1234 5678 9012 3456"},
    )
    edition = call.edition
    for material in edition.spec.materials:
        upload(client, application, material.id, item.item_key if material.scope == "item" else "")
    return application, item


def walk(client, enterprise, reviewer, programme, item_data, django_capture_on_commit_callbacks):
    patents = [make_patent(enterprise), make_patent(enterprise)]
    application, item = prepare(client, enterprise, programme, item_data, patents)

    # --- submit ---
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workflow:submit", args=[application.pk]), follow=True)
    application.refresh_from_db(fields=["number"])
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.SUBMITTED, [str(m) for m in response.context["messages"]]
    assert application.number.startswith(f"2022{'BX' if programme == 'insurance' else 'TX'}-SJZ-")
    assert application.rules_edition.endswith("2021") and len(application.rules_sha256) == 64
    assert application.amount_requested > 0
    assert open_tasks(application) == [("city_review", "workflow.city_reviewer@SJZ")]
    [receipt] = documents_of(application, "acceptance_receipt")
    text = docx_text(receipt)
    assert receipt.number in text and application.number in text and enterprise.name in text
    assert "〔" in receipt.number and receipt.issuer.code == "SJZ"
    assert messages_for(enterprise.user, "application_submitted")
    assert messages_for(reviewer, "application_submitted")

    # --- the reviewer returns it, listing every defect at once ---
    signed_in(client, reviewer)
    deadline = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workflow:decide", args=[application.pk, "return"]),
            {
                "defects-TOTAL_FORMS": "2",
                "defects-INITIAL_FORMS": "0",
                "defects-0-item": item.item_key,
                "defects-0-problem": "保费发票不清晰",
                "defects-0-provide": "请上传清晰的发票扫描件",
                "defects-1-item": "",
                "defects-1-problem": "诚信承诺书未盖章",
                "defects-1-provide": "请盖章后重新上传",
                "reply_deadline": deadline.isoformat(),
                "opinion": "请一次性补正以下两项",
            },
        )
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.RETURNED
    assert timezone.localtime(application.reply_deadline).date() == deadline
    assert open_tasks(application) == [("correct", f"workflow.enterprise@{enterprise.pk}")]
    [notice] = documents_of(application, "correction_notice")
    text = docx_text(notice)
    assert notice.number in text and "保费发票不清晰" in text and "诚信承诺书未盖章" in text
    assert messages_for(enterprise.user, "correction_requested")

    # --- the enterprise corrects and resubmits ---
    signed_in(client, enterprise.user)
    upload(client, application, "integrity_pledge")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workflow:submit", args=[application.pk]))
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.SUBMITTED and application.reply_deadline is None
    assert open_tasks(application) == [("city_review", "workflow.city_reviewer@SJZ")]

    # --- the reviewer passes it ---
    signed_in(client, reviewer)
    client.post(reverse("workflow:claim", args=[application.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workflow:decide", args=[application.pk, "pass"]), {"opinion": "材料齐全，同意推荐"})
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.PASSED
    assert open_tasks(application) == [("forward", "workflow.city_reviewer@SJZ")]
    [opinion] = documents_of(application, "review_opinion")
    assert opinion.number in docx_text(opinion) and "材料齐全，同意推荐" in docx_text(opinion)
    assert messages_for(enterprise.user, "review_passed")

    # --- and forwards it to the province ---
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workflow:forward", args=[application.call_id]), {"ids": [application.pk]})
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.FORWARDED
    assert open_tasks(application) == [("province_intake", "workflow.admin")]
    batch = Batch.objects.get(applications=application)
    letter = Document.objects.get(object_type="workflow.batch", object_id=str(batch.pk), kind="recommendation_letter")
    assert letter.number in docx_text(letter) and application.number in docx_text(letter)
    assert batch.summary_sheet.name.endswith(".xlsx")

    actions = list(Entry.objects.for_object(application).order_by("id").values_list("action", flat=True))
    transitions = [
        a.rsplit(".", 1)[1]
        for a in actions
        if a.split(".")[-1]
        in {"created", "submit", "return_for_correction", "resubmit", "claimed", "pass_review", "forward"}
    ]
    assert transitions == [
        "created",
        "submit",
        "return_for_correction",
        "resubmit",
        "claimed",
        "pass_review",
        "forward",
    ]
    assert verify_chain().ok
    return application


@pytest.mark.django_db
def test_an_insurance_application_from_draft_to_the_province(
    client, admin_user, sjz_reviewer, sjz_enterprise, django_capture_on_commit_callbacks
):
    walk(client, sjz_enterprise, sjz_reviewer, "insurance", POLICY, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_a_loan_application_from_draft_to_the_province(
    client, admin_user, sjz_reviewer, sjz_enterprise, django_capture_on_commit_callbacks
):
    # The loan subsidy is for tech-based enterprises (科技型企业): a high-tech certificate valid in 2021.
    sjz_enterprise.qualifications.create(
        kind="high_tech", certificate_no="GR202013000001", valid_from=date(2020, 12, 1), valid_until=date(2023, 11, 30)
    )
    application = walk(client, sjz_enterprise, sjz_reviewer, "loan_interest", LOAN, django_capture_on_commit_callbacks)
    assert application.loans.get().loan_start == date(2021, 1, 15)
