"""文号 series: one per issuer and year, no gaps (a rolled-back number is reused), no duplicates."""

import shutil
import threading

import pytest
from django.db import connection, transaction

import documents
from documents.models import Issuer, Series
from documents.numbering import NotInTransaction, next_number
from tests.documents.samples import SAMPLES

pytestmark = pytest.mark.django_db


def take(code: str, year: int) -> int:
    with transaction.atomic():
        return next_number(Issuer.objects.get(code=code), year)


def test_the_province_and_the_14_units_are_issuers_with_editable_prefixes():
    issuers = Issuer.objects.select_related("unit")
    assert issuers.count() == 15
    province = issuers.get(code="PROV")
    assert (province.name, province.prefix, province.unit) == ("河北省市场监督管理局", "冀市监知", None)
    xiongan = issuers.get(code="XA")
    assert xiongan.name == "雄安新区综合执法局" == xiongan.unit.authority
    assert province.number_text(2022, 7) == "冀市监知〔2022〕7号"


def test_each_issuer_numbers_each_year_from_one():
    assert [take("SJZ", 2022) for _ in range(3)] == [1, 2, 3]
    assert take("BD", 2022) == 1
    assert take("PROV", 2022) == 1
    assert take("SJZ", 2023) == 1
    assert take("SJZ", 2022) == 4
    assert Series.objects.get(issuer__code="SJZ", year=2022).last_serial == 4


def test_a_rolled_back_number_is_given_to_the_next_document():
    assert take("SJZ", 2022) == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert take("SJZ", 2022) == 2
        1 / 0
    assert take("SJZ", 2022) == 2


def test_a_document_rolled_back_with_its_transition_gives_its_number_back(sjz_enterprise):
    context = SAMPLES["acceptance_receipt"]()
    with pytest.raises(RuntimeError, match="transition failed"), transaction.atomic():
        documents.issue("acceptance_receipt", issuer_code="SJZ", context=context, obj=sjz_enterprise)
        raise RuntimeError("transition failed")
    document = documents.issue("acceptance_receipt", issuer_code="SJZ", context=context, obj=sjz_enterprise)
    assert document.serial == 1
    assert document.number.endswith("〕1号")


def test_unit_documents_and_province_documents_have_separate_series(sjz_enterprise, bd_enterprise):
    receipt = SAMPLES["acceptance_receipt"]()
    sjz_numbers = [
        documents.issue("acceptance_receipt", issuer_code="SJZ", context=receipt, obj=sjz_enterprise).serial
        for _ in range(2)
    ]
    bd = documents.issue(
        "correction_notice", issuer_code="BD", context=SAMPLES["correction_notice"](), obj=bd_enterprise
    )
    assert sjz_numbers == [1, 2]
    assert bd.serial == 1 and bd.number.startswith("保市监知〔")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_number_is_taken_only_inside_a_transaction():
    with pytest.raises(NotInTransaction):
        next_number(Issuer.objects.get(code="SJZ"), 2022)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_connections_at_once_get_exactly_one_to_twenty():
    issuer = Issuer.objects.get(code="SJZ")
    start = threading.Barrier(20)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait()
            with transaction.atomic():
                number = next_number(issuer, 2030)
            numbers.append(number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))
    assert Series.objects.get(issuer=issuer, year=2030).last_serial == 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_receipts_issued_at_once_get_ten_distinct_consecutive_numbers(sjz_enterprise, settings):
    real_libreoffice = shutil.which(settings.LIBREOFFICE_BINARY) or shutil.which("soffice")
    if real_libreoffice:  # then ten conversions run at once too, each with its own profile
        settings.LIBREOFFICE_BINARY = real_libreoffice
    start = threading.Barrier(10)
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait()
            with transaction.atomic():
                documents.issue(
                    "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    from documents.models import Document

    assert sorted(Document.objects.values_list("serial", flat=True)) == list(range(1, 11))
    assert len(set(Document.objects.values_list("number", flat=True))) == 10
    if real_libreoffice:
        assert set(Document.objects.values_list("pdf_status", flat=True)) == {"produced"}
