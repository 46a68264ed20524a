"""Each kind issues from its sample context; the stored .docx reopens with the key fields and the 文号."""

import hashlib

import pytest
from django.utils import timezone

import documents
from documents.models import Document
from tests.documents.samples import SAMPLES, docx_text

pytestmark = pytest.mark.django_db

UNIT_KINDS = ["acceptance_receipt", "correction_notice", "review_opinion", "recommendation_letter"]


@pytest.mark.parametrize("kind", UNIT_KINDS)
def test_a_unit_issues_a_numbered_document_with_its_number_and_name_printed(kind, sjz_enterprise, sjz_reviewer):
    document = documents.issue(
        kind,
        issuer_code="SJZ",
        context=SAMPLES[kind](),
        obj=sjz_enterprise,
        by=sjz_reviewer,
        rules_edition="insurance-2021",
    )
    year = timezone.localdate().year
    assert document.number == f"石市监知〔{year}〕1号"
    assert (document.issuer.code, document.year, document.serial) == ("SJZ", year, 1)
    text = docx_text(document)
    assert f"石市监知〔{year}〕1号" in text
    assert "石家庄市市场监督管理局" in text
    assert document.created_by == sjz_reviewer
    assert document.rules_edition == "insurance-2021"
    assert (document.object_type, document.object_id) == ("enterprises.enterprise", str(sjz_enterprise.pk))
    assert document.file.name.startswith(f"documents/{year}/{kind}-SJZ-{year}-0001-")


@pytest.mark.parametrize("kind", ["application_form", "integrity_pledge"])
def test_an_enterprise_form_is_unnumbered(kind, sjz_enterprise):
    document = documents.issue(
        kind, issuer_code=None, context=SAMPLES[kind](), obj=sjz_enterprise, by=sjz_enterprise.user
    )
    assert (document.issuer, document.serial, document.number) == (None, None, "")
    assert "〔" not in docx_text(document)


@pytest.mark.parametrize("kind", SAMPLES)
def test_the_stored_hash_is_the_hash_of_the_stored_bytes_and_the_template_version_of_the_template(kind, sjz_enterprise):
    spec = SAMPLES[kind]()
    document = documents.issue(kind, issuer_code="SJZ", context=spec, obj=sjz_enterprise)
    with document.file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == document.sha256
    template = (documents.kinds.TEMPLATE_DIR / f"{kind}.docx").read_bytes()
    assert document.template == f"{kind}.docx"
    assert document.template_version == hashlib.sha256(template).hexdigest()


def test_the_acceptance_receipt_lists_each_material_with_a_short_hash(sjz_enterprise):
    document = documents.issue(
        "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise
    )
    text = docx_text(document)
    assert "受理回执" in text
    assert "BX2022-SJZ-0001" in text
    assert "2022年3月1日 09:30" in text
    assert "1 | 保险单 | 保单.pdf | abababababab" in text
    assert "2 | 保费发票 | 发票.pdf | cdcdcdcdcdcd" in text


def test_the_application_form_prints_the_caller_s_columns_patents_payee_and_amount_in_words(sjz_enterprise):
    document = documents.issue(
        "application_form", issuer_code=None, context=SAMPLES["application_form"](), obj=sjz_enterprise
    )
    assert document.title == "2022年度专利保险补助申报书"
    text = docx_text(document)
    assert "第1项 | 第1项" in text  # one merged row heads each policy, then one line per column
    assert "保险公司 | 中国人民财产保险股份有限公司河北省分公司" in text
    assert "保单号 | PICC-2021-0001" in text
    assert "首年保费（元） | 12,000.00" in text
    assert "保额（元） | 500,000.00" in text
    assert "缴费日期 | 2021年4月28日" in text
    assert "1 | ZL202110000001.1 | 一种测试装置 | 发明 | 有效" in text
    assert "0402000000000000001" in text
    assert "6,000.00" in text and "陆仟元整" in text


def test_the_application_form_takes_loan_columns_as_well(sjz_enterprise):
    from datetime import date
    from decimal import Decimal

    items = {
        "heading": "质押贷款明细",
        "columns": ["贷款银行", "合同编号", "本金（元）", "年利率", "起止日期", "还款日期", "已付利息（元）"],
        "rows": [
            [
                "河北银行",
                "HB-2021-9",
                Decimal("1000000.00"),
                "4.35%",
                "2021年1月1日至2021年12月31日",
                date(2021, 12, 31),
                Decimal("43500.00"),
            ]
        ],
    }
    document = documents.issue(
        "application_form", issuer_code=None, context=SAMPLES["application_form"](items=items), obj=sjz_enterprise
    )
    text = docx_text(document)
    assert "三、质押贷款明细" in text
    assert "贷款银行 | 河北银行" in text
    assert "本金（元） | 1,000,000.00" in text
    assert "还款日期 | 2021年12月31日" in text
    assert "已付利息（元） | 43,500.00" in text
    assert "保险公司" not in text


def test_the_integrity_pledge_carries_the_fixed_pledge_text(sjz_enterprise):
    document = documents.issue(
        "integrity_pledge", issuer_code=None, context=SAMPLES["integrity_pledge"](), obj=sjz_enterprise
    )
    text = docx_text(document)
    assert "石家庄甲科技有限公司" in text and "91130104MA0000001X" in text
    assert "真实、准确、完整" in text
    assert "不存在重复享受财政补助" in text
    assert "退回已获得的全部补助资金" in text


def test_the_correction_notice_lists_every_defect_at_once_with_the_deadline(sjz_enterprise):
    document = documents.issue(
        "correction_notice", issuer_code="SJZ", context=SAMPLES["correction_notice"](), obj=sjz_enterprise
    )
    text = docx_text(document)
    assert "1 | 保费发票 | 发票金额与保单不一致 | 与保单一致的保费发票" in text
    assert "2 | 诚信承诺书 | 未加盖企业公章 | 加盖公章的扫描件" in text
    assert "2022年3月15日" in text
    assert "石家庄审核员" in text


def test_the_review_opinion_shows_checklist_conditions_and_outcome(sjz_enterprise):
    document = documents.issue(
        "review_opinion", issuer_code="SJZ", context=SAMPLES["review_opinion"](), obj=sjz_enterprise
    )
    text = docx_text(document)
    assert "1 | 保险单 | 是 | " in text
    assert "2 | 保费发票 | 否 | 未上传" in text
    assert "2 | 保费已支付 | 待审核人确认" in text
    assert "初审结论：通过" in text
    assert "复核人（签字）" in text


def test_the_recommendation_letter_counts_and_totals_the_applications(sjz_enterprise):
    document = documents.issue(
        "recommendation_letter", issuer_code="SJZ", context=SAMPLES["recommendation_letter"](), obj=sjz_enterprise
    )
    assert document.title == "关于推荐2022年度专利保险补助项目的函"
    text = docx_text(document)
    assert "河北省市场监督管理局：" in text
    assert "第1批初审通过的2个项目" in text
    assert "20,500.50" in text
    assert "2 | BX2022-SJZ-0002 | 石家庄乙材料有限公司 | 专利保险补助 | 14,500.50" in text
    assert "合计 |  | 2个项目 |  | 20,500.50" in text


def test_a_document_is_never_edited_after_issue(sjz_enterprise):
    document = documents.issue(
        "integrity_pledge", issuer_code=None, context=SAMPLES["integrity_pledge"](), obj=sjz_enterprise
    )
    document.title = "改过的标题"
    with pytest.raises(PermissionError):
        document.save()
    assert Document.objects.get().title == "诚信承诺书"
