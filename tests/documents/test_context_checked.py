"""A context that does not fit its kind is refused before anything happens: no number, no row, no file."""

from decimal import Decimal

import pytest

import documents
from documents.issuing import UnknownIssuer
from documents.kinds import ContextError, UnknownKind
from documents.models import Document, Series
from tests.documents.samples import SAMPLES

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def assert_nothing_written(media_root):
    assert Document.objects.count() == 0
    assert not Series.objects.filter(last_serial__gt=0).exists()
    assert stored_files(media_root) == []


def test_a_missing_key_is_named_and_nothing_is_written(sjz_enterprise, media_root):
    context = SAMPLES["acceptance_receipt"]()
    del context["materials"]
    with pytest.raises(ContextError, match=r"acceptance_receipt: missing context key 'materials' \(已提交材料\)"):
        documents.issue("acceptance_receipt", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)
    later = documents.issue(
        "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise
    )
    assert later.serial == 1


def test_a_missing_field_of_a_row_is_named_with_its_row(sjz_enterprise, media_root):
    context = SAMPLES["correction_notice"]()
    context["defects"] = [*context["defects"], {"item": "保单", "problem": "缺页"}]
    with pytest.raises(ContextError, match=r"missing context key 'defects\[2\]\.what_to_provide'"):
        documents.issue("correction_notice", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_a_missing_field_of_a_record_is_named(sjz_enterprise, media_root):
    context = SAMPLES["application_form"](payee={"bank": "河北银行", "account_name": "甲"})
    with pytest.raises(ContextError, match=r"missing context key 'payee\.account_number'"):
        documents.issue("application_form", issuer_code=None, context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_an_unexpected_key_is_refused_so_that_typos_do_not_print_blanks(sjz_enterprise, media_root):
    context = SAMPLES["integrity_pledge"](call_titel="x")
    with pytest.raises(ContextError, match="unexpected context key 'call_titel'"):
        documents.issue("integrity_pledge", issuer_code=None, context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_the_number_cannot_be_passed_in(sjz_enterprise, media_root):
    context = SAMPLES["acceptance_receipt"](number="石市监知〔2022〕99号")
    with pytest.raises(ContextError, match="'number' is filled by issue"):
        documents.issue("acceptance_receipt", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_money_as_float_is_refused(sjz_enterprise, media_root):
    context = SAMPLES["review_opinion"](amount_requested=6000.0)
    with pytest.raises(ContextError, match=r"'amount_requested'.*must be Decimal or int, got float"):
        documents.issue("review_opinion", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_a_float_inside_a_table_fails_the_render_and_gives_the_number_back(sjz_enterprise, media_root):
    context = SAMPLES["recommendation_letter"]()
    context["applications"][0]["amount_requested"] = 6000.0
    with pytest.raises(TypeError):
        documents.issue("recommendation_letter", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert_nothing_written(media_root)


def test_a_numbered_kind_needs_an_issuer(sjz_enterprise, media_root):
    with pytest.raises(ContextError, match="needs an issuer_code"):
        documents.issue(
            "correction_notice", issuer_code=None, context=SAMPLES["correction_notice"](), obj=sjz_enterprise
        )
    with pytest.raises(UnknownIssuer, match="'NOPE'"):
        documents.issue(
            "correction_notice", issuer_code="NOPE", context=SAMPLES["correction_notice"](), obj=sjz_enterprise
        )
    assert_nothing_written(media_root)


def test_an_unknown_kind_is_named(sjz_enterprise):
    with pytest.raises(UnknownKind, match="'award_letter'"):
        documents.issue("award_letter", issuer_code="PROV", context={}, obj=sjz_enterprise)


def test_escaping_keeps_angle_brackets_and_ampersands(sjz_enterprise):
    from tests.documents.samples import docx_text

    context = SAMPLES["correction_notice"](reviewer="A <& B")
    context["defects"][0]["problem"] = "金额 < 保单 & 发票 > 0"
    document = documents.issue("correction_notice", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    text = docx_text(document)
    assert "审核人：A <& B" in text
    assert "金额 < 保单 & 发票 > 0" in text


def test_amounts_are_printed_to_the_fen_and_in_capitals():
    from documents.rendering import money, rmb_upper

    assert money(Decimal("1234567.8")) == "1,234,567.80"
    assert rmb_upper(Decimal("10005.20")) == "壹万零伍元贰角整"
    assert rmb_upper(Decimal("100.05")) == "壹佰元零伍分"
    assert rmb_upper(Decimal("101000000")) == "壹亿零壹佰万元整"
    assert rmb_upper(Decimal("0.5")) == "伍角整"
    assert rmb_upper(0) == "零元整"
