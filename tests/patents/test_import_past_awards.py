"""The province imports an earlier year's award list: every row checked, a preview, then all rows or none."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import Entry
from patents import imports
from patents.models import AwardImport, PastAward
from tests.makers import make_uscc, signed_in
from tests.patents.makers import make_number, workbook_bytes

THIS_YEAR = timezone.localdate().year


def good_rows(n: int = 3) -> list[list]:
    rows = [
        [2021, "专利保险补助", make_uscc(), "石家庄甲科技有限公司", "ZL201710601862.3", "专利执行保险", 12000],
        [2021, "专利权质押贷款贴息补助", make_uscc(), "保定乙装备有限公司", None, None, "35000.50"],
        [2020, "专利保险补助", make_uscc(), "唐山丙材料有限公司", "zl 201920123456", "其他", 8000.25],
    ]
    rows[2][4] = make_number(2019, "2")
    while len(rows) < n:
        rows.append([2022, "专利保险补助", make_uscc(), "测试企业", make_number(2020), "专利被侵权损失险", 5000])
    return rows[:n] if n < 3 else rows


def upload(client, content: bytes, name: str = "2021年补助名单.xlsx"):
    return client.post(reverse("patents:past_award_import"), {"file": SimpleUploadedFile(name, content)})


def problems(content: bytes) -> list[str]:
    preview = imports.check_file(content, "f.xlsx")
    return [str(p) for p in preview.problems]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- the happy path ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_previews_then_commits_a_clean_file(client, admin_user, media):
    rows = good_rows()
    content = workbook_bytes(rows)
    signed_in(client, admin_user)

    response = upload(client, content)
    preview = response.context["preview"]
    assert preview.ok and len(preview.rows) == 3 and preview.total_amount == Decimal("55000.75")
    assert not PastAward.objects.exists()
    assert (media / "imports" / f"{preview.sha256}.xlsx").read_bytes() == content

    response = client.post(reverse("patents:past_award_import"), {"token": preview.sha256})
    assert response.status_code == 302
    batch = AwardImport.objects.get()
    assert (batch.file_name, batch.row_count, batch.imported_by) == ("2021年补助名单.xlsx", 3, admin_user)
    awards = {a.uscc: a for a in PastAward.objects.all()}
    insurance, loan = awards[rows[0][2]], awards[rows[1][2]]
    assert (insurance.programme, insurance.patent_number, insurance.insurance_type, insurance.amount) == (
        "insurance",
        "ZL201710601862.3",
        "patent_enforcement",
        Decimal("12000.00"),
    )
    assert (loan.programme, loan.patent_number, loan.insurance_type, loan.amount) == (
        "loan_interest",
        "",
        "",
        Decimal("35000.50"),
    )
    entry = Entry.objects.for_object(batch).get()
    assert (entry.action, entry.data["rows"], entry.data["total_amount"]) == (
        "patents.awardimport.committed",
        3,
        "55000.75",
    )
    assert not (media / "imports" / f"{preview.sha256}.xlsx").exists()


@pytest.mark.django_db
def test_only_province_admin_may_import(client, sjz_reviewer, sjz_enterprise, finance_user, media):
    for user in (sjz_reviewer, sjz_enterprise.user, finance_user):
        signed_in(client, user)
        assert client.get(reverse("patents:past_award_import")).status_code == 403
        assert upload(client, workbook_bytes(good_rows())).status_code == 403
    assert not PastAward.objects.exists()


# --- each bad file refused with the exact place, nothing written -------------------------------------------------


def with_row(index_in_rows: int, column: int, value) -> bytes:
    rows = good_rows()
    rows.append(list(rows[0]))
    rows[3][2], rows[3][4] = make_uscc(), make_number(2016)
    rows[index_in_rows][column] = value
    return workbook_bytes(rows)


@pytest.mark.django_db
def test_bad_uscc_is_located_by_row_and_column():
    code = make_uscc()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert problems(with_row(3, 2, wrong)) == [
        f"第5行 C列（统一社会信用代码）：校验位错误：按GB 32100-2015，第18位应为“{code[17]}”，"
        f"您填写的是“{wrong[17]}”，请核对营业执照"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (6, 0, "第5行 G列（补助金额（元））：补助金额必须大于0，文件中是0"),
        (6, -100, "第5行 G列（补助金额（元））：补助金额必须大于0，文件中是-100"),
        (6, "1200.456", "第5行 G列（补助金额（元））：补助金额最多保留两位小数（到分），文件中是1200.456"),
        (6, "一万", "第5行 G列（补助金额（元））：“一万”不是金额，请填写以元为单位的数字"),
        (0, 2018, f"第5行 A列（年度）：年度应在2019年至{THIS_YEAR}年之间，文件中是2018"),
        (0, THIS_YEAR + 1, f"第5行 A列（年度）：年度应在2019年至{THIS_YEAR}年之间，文件中是{THIS_YEAR + 1}"),
        (0, "21年", "第5行 A列（年度）：应填写四位年份，如2021，文件中是“21年”"),
        (
            1,
            "专利保险",
            "第5行 B列（项目）：应为“专利保险补助”或“专利权质押贷款贴息补助”（从下拉列表选择），文件中是“专利保险”",
        ),
        (
            2,
            911301047000000000,
            "第5行 C列（统一社会信用代码）：统一社会信用代码被存成了数字（Excel会丢失15位以后的数字），"
            "请将该列设为文本格式后重新填写",
        ),
        (3, None, "第5行 D列（企业名称）：请填写企业名称"),
        (
            4,
            "ZL201710601862.4",
            "第5行 E列（专利号）：校验位错误：按申请号201710601862计算，校验位应为“3”，您填写的是“4”，请核对专利证书",
        ),
        (4, None, "第5行 E列（专利号）：专利保险补助须填写专利号"),
        (
            4,
            "ZL201710601862.3、ZL201710601863.1",
            "第5行 E列（专利号）：一格只能填写一个专利号；一项补助涉及多个专利时，每个专利填一行",
        ),
        (5, None, "第5行 F列（险种）：专利保险补助须选择险种；名单未注明险种的选“其他”"),
        (
            5,
            "财产险",
            "第5行 F列（险种）：险种应为专利执行保险、专利被侵权损失险、侵犯专利权责任险、"
            "境外会展专利纠纷法律费用险、其他之一（从下拉列表选择），文件中是“财产险”",
        ),
        (6, "=1000*12", "第5行 G列（补助金额（元））：含公式“=1000*12”，请复制后“粘贴为数值”再上传"),
    ],
)
def test_each_bad_cell_is_refused_with_its_place(column, value, expected):
    assert problems(with_row(3, column, value)) == [expected]


@pytest.mark.django_db
def test_loan_interest_award_has_no_insurance_type():
    assert problems(with_row(1, 5, "专利执行保险")) == ["第3行 F列（险种）：贴息补助没有险种，请留空"]


@pytest.mark.django_db
def test_every_problem_of_a_row_is_listed_at_once():
    rows = good_rows()
    rows[0][0], rows[0][6] = 2018, 0
    assert problems(workbook_bytes(rows)) == [
        f"第2行 A列（年度）：年度应在2019年至{THIS_YEAR}年之间，文件中是2018",
        "第2行 G列（补助金额（元））：补助金额必须大于0，文件中是0",
    ]


@pytest.mark.django_db
def test_duplicate_rows_within_the_file():
    rows = good_rows()
    rows.append([2021, "专利保险补助", rows[0][2], "石家庄甲科技有限公司", "201710601862.3", "专利执行保险", 500])
    assert problems(workbook_bytes(rows)) == ["第5行：与第2行重复（年度、项目、统一社会信用代码、专利号、险种均相同）"]


@pytest.mark.django_db
def test_duplicate_against_the_database_is_refused(admin_user):
    rows = good_rows()
    imports.commit(workbook_bytes(rows), "2021年名单.xlsx", admin_user)
    again = [list(rows[1]), [2022, "专利保险补助", make_uscc(), "新企业", make_number(2021), "其他", 100]]
    assert problems(workbook_bytes(again)) == ["第2行：该补助记录已随“2021年名单.xlsx”导入，不能重复导入"]
    assert PastAward.objects.count() == 3


@pytest.mark.django_db
def test_the_same_file_twice_is_refused(admin_user):
    content = workbook_bytes(good_rows())
    imports.commit(content, "a.xlsx", admin_user)
    assert problems(content)[0].startswith("该文件已于")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"\xef\xbb\xbf\xe5\xb9\xb4\xe5\xba\xa6,\xe9\xa1\xb9\xe7\x9b\xae\n2021,x\n",
            "文件不是Excel工作簿（.xlsx），请下载模板填写后上传",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "这是旧版Excel（.xls）文件或加密的工作簿，请在Excel中另存为“Excel工作簿（.xlsx）”后上传",
        ),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_by_content(content, expected):
    assert problems(content) == [expected]


@pytest.mark.django_db
def test_a_zip_without_the_workbook_parts_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert problems(buffer.getvalue()) == ["文件是压缩包但不是Excel工作簿（.xlsx），请下载模板填写后上传"]


@pytest.mark.django_db
def test_wrong_header_names_the_column():
    headers = list(imports.HEADERS)
    headers[2] = "信用代码"
    assert problems(workbook_bytes(good_rows(), headers=headers)) == [
        "表头与模板不符：第1行 C列应为“统一社会信用代码”，文件中是“信用代码”。请下载模板填写"
    ]


@pytest.mark.django_db
def test_half_width_brackets_in_the_header_are_accepted():
    headers = [*imports.HEADERS[:6], "补助金额(元)"]
    assert problems(workbook_bytes(good_rows(), headers=headers)) == []


@pytest.mark.django_db
def test_an_empty_sheet_and_a_header_alone_are_refused():
    assert problems(workbook_bytes([], headers=())) == ["工作表“Sheet”为空（第1行应为表头），请下载模板填写"]
    assert problems(workbook_bytes([])) == ["表头之后没有数据行"]


@pytest.mark.django_db
def test_merged_cells_in_the_data_are_refused():
    content = workbook_bytes(good_rows(), build=lambda sheet: sheet.merge_cells("A3:A4"))
    assert "第3–4行 A列：合并单元格（A3:A4）。请取消合并，并在每一行填写完整数据" in problems(content)


@pytest.mark.django_db
def test_more_rows_than_allowed_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    assert problems(workbook_bytes(good_rows())) == ["数据超过2行（第4行起超出），请拆分为多个文件分批导入"]


@pytest.mark.django_db
def test_a_bad_file_shown_in_the_preview_writes_nothing(client, admin_user, media):
    signed_in(client, admin_user)
    response = upload(client, with_row(3, 6, 0))
    page = response.content.decode()
    assert "第5行 G列（补助金额（元））：补助金额必须大于0" in page
    assert response.context["commit_form"] is None
    assert not PastAward.objects.exists() and not AwardImport.objects.exists()
    assert not (media / "imports").exists()


# --- all or nothing, and the token ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_nothing(admin_user, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "record", broken_audit)
    with pytest.raises(RuntimeError):
        imports.commit(workbook_bytes(good_rows()), "a.xlsx", admin_user)
    assert not PastAward.objects.exists() and not AwardImport.objects.exists()


@pytest.mark.django_db
def test_a_row_imported_between_preview_and_commit_refuses_the_whole_file(client, admin_user, media):
    rows = good_rows()
    signed_in(client, admin_user)
    token = upload(client, workbook_bytes(rows)).context["preview"].sha256
    imports.commit(workbook_bytes([rows[0]]), "另一份.xlsx", admin_user)

    response = client.post(reverse("patents:past_award_import"), {"token": token})
    assert "第2行：该补助记录已随“另一份.xlsx”导入" in response.content.decode()
    assert PastAward.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_staged_file_is_refused(client, admin_user, media):
    signed_in(client, admin_user)
    token = upload(client, workbook_bytes(good_rows())).context["preview"].sha256
    staged = Path(media) / "imports" / f"{token}.xlsx"
    staged.write_bytes(workbook_bytes(good_rows()))

    response = client.post(reverse("patents:past_award_import"), {"token": token}, follow=True)
    assert "暂存的文件与预览时不一致，已拒绝导入，请重新上传" in response.content.decode()
    assert not PastAward.objects.exists()


@pytest.mark.django_db
def test_a_token_not_previewed_in_this_session_is_refused(client, admin_user, media):
    token = imports.stage(workbook_bytes(good_rows()))
    signed_in(client, admin_user)
    response = client.post(reverse("patents:past_award_import"), {"token": token}, follow=True)
    assert "没有找到您预览过的这个文件" in response.content.decode()
    assert not PastAward.objects.exists()


def test_a_token_that_is_not_a_hash_never_names_a_file():
    with pytest.raises(imports.StagedFileMissing):
        imports.staged("../../settings")


@pytest.mark.django_db
def test_dates_from_excel_are_not_years():
    assert problems(with_row(3, 0, date(2021, 1, 1)))[0].startswith("第5行 A列（年度）：应填写四位年份")


@pytest.mark.django_db
def test_the_upload_page_offers_the_template(client, admin_user):
    signed_in(client, admin_user)
    page = client.get(reverse("patents:past_award_import")).content.decode()
    assert reverse("patents:past_award_template") in page
