"""Writes the Word templates, one function per document kind: ``python -m documents.build_templates``.

The templates are generated rather than drawn by hand so that the GB/T 9704 layout lives in one
place (layout.py) and every Jinja tag sits inside a single Word run, which docxtpl needs and Word's
own editing does not guarantee. The generated files are committed (documents/docx/) and a test
checks that they still equal what this script writes. The zip is written with fixed timestamps, so
a template's version (the SHA-256 of its file) changes only when its content does.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from io import BytesIO

import docx
from docx.document import Document as DocxDocument

from . import layout
from .kinds import KINDS, TEMPLATE_DIR
from .layout import heading, paragraph

FIXED_TIME = datetime(2024, 1, 1)


def acceptance_receipt(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(doc, "{{ enterprise.name }}", "（统一社会信用代码：", "{{ enterprise.uscc }}", "）：", align="left")
    paragraph(
        doc,
        "你单位于",
        "{{ submitted_at|cn_datetime }}",
        "提交的",
        "{{ call_title }}",
        "（",
        "{{ programme }}",
        "）申报材料已收到，申请编号为",
        "{{ application_number }}",
        "。所附材料如下表，予以受理。受理不代表审核通过，审核结果另行告知，请留意系统消息。",
        indent=True,
    )
    layout.loop_table(
        doc,
        ["序号", "材料名称", "文件名", "校验码"],
        "m in materials",
        ["{{ loop.index }}", "{{ m.label }}", "{{ m.file_name }}", "{{ m.sha256|short_hash }}"],
        (14, 56, 56, 30),
    )
    paragraph(doc, "校验码为文件 SHA-256 摘要的前 12 位，可用于核对所提交文件是否被改动。", size=layout.SIZE_SMALL_4)
    layout.sign_off(doc)


def application_form(doc: DocxDocument) -> None:
    layout.title(doc)
    paragraph(doc, "申请编号：", "{{ application_number }}", align="right")
    heading(doc, "一、企业基本信息")
    layout.field_table(
        doc,
        [
            ("企业名称", "{{ enterprise.name }}"),
            ("统一社会信用代码", "{{ enterprise.uscc }}"),
            ("注册地址", "{{ enterprise.address }}"),
            ("所属申报单位", "{{ enterprise.unit }}"),
            ("企业规模", "{{ enterprise.size }}"),
            ("所属行业", "{{ enterprise.industry }}"),
            ("联系人", "{{ enterprise.contact_name }}"),
            ("联系电话", "{{ enterprise.contact_phone }}"),
        ],
    )
    heading(doc, "二、申报项目")
    layout.field_table(doc, [("补助项目", "{{ programme }}"), ("申报通知", "{{ call_title }}")])
    heading(doc, "三、", "{{ items.heading }}")
    layout.record_loop_table(doc, "items.columns", "items.rows")
    heading(doc, "四、涉及专利")
    layout.loop_table(
        doc,
        ["序号", "专利号", "专利名称", "专利类型", "法律状态"],
        "p in patents",
        ["{{ loop.index }}", "{{ p.number }}", "{{ p.title }}", "{{ p.type }}", "{{ p.legal_status }}"],
        (14, 44, 52, 23, 23),
    )
    heading(doc, "五、收款账户")
    layout.field_table(
        doc,
        [
            ("开户银行", "{{ payee.bank }}"),
            ("账户名称", "{{ payee.account_name }}"),
            ("银行账号", "{{ payee.account_number }}"),
        ],
    )
    heading(doc, "六、申请补助金额")
    paragraph(
        doc,
        "人民币",
        "{{ amount_requested|money }}",
        "元（大写：",
        "{{ amount_requested|rmb_upper }}",
        "）。",
        indent=True,
    )
    heading(doc, "七、企业声明")
    paragraph(
        doc,
        "本企业对所填内容及所附材料的真实性、准确性和完整性负责，收款账户户名与企业名称一致。",
        indent=True,
    )
    paragraph(doc, "")
    paragraph(doc, "法定代表人（签字）：", align="right", right_indent_chars=8)
    paragraph(doc, "企业（盖章）", align="right", right_indent_chars=4)
    paragraph(doc, "{{ date|cn_date }}", align="right", right_indent_chars=4)


PLEDGE = [
    "一、所提交的全部申报材料及填报信息真实、准确、完整、有效，不存在虚假记载、误导性陈述或重大遗漏，"
    "复印件与原件一致。",
    "二、申报事项真实发生，保险费或贷款利息已实际足额支付，所涉专利权属清晰、法律状态有效。",
    "三、同一事项未重复申报，未获得且不再申请其他财政资金对同一事项的同类补助，不存在重复享受财政补助的情形。",
    "四、自觉接受并积极配合市场监督管理、财政、审计等部门的审核、核查、监督检查和绩效评价，如实提供相关资料。",
    "五、获得的补助资金按照有关规定使用，不截留、挪用、套取。",
    "六、如有虚假申报、重复申报或其他违规行为，本企业自愿退回已获得的全部补助资金，接受取消申报资格、"
    "记入信用记录等处理，并依法承担相应法律责任。",
]


def integrity_pledge(doc: DocxDocument) -> None:
    layout.title(doc)
    paragraph(
        doc,
        "本企业",
        "{{ enterprise.name }}",
        "（统一社会信用代码：",
        "{{ enterprise.uscc }}",
        "）申报",
        "{{ call_title }}",
        "（",
        "{{ programme }}",
        "），郑重承诺如下：",
        indent=True,
    )
    for clause in PLEDGE:
        paragraph(doc, clause, indent=True)
    paragraph(doc, "")
    paragraph(doc, "法定代表人（签字）：", align="right", right_indent_chars=8)
    paragraph(doc, "企业（盖章）", align="right", right_indent_chars=4)
    paragraph(doc, "{{ date|cn_date }}", align="right", right_indent_chars=4)


def correction_notice(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(doc, "{{ enterprise.name }}", "（统一社会信用代码：", "{{ enterprise.uscc }}", "）：", align="left")
    paragraph(
        doc,
        "你单位提交的",
        "{{ call_title }}",
        "申报材料（申请编号：",
        "{{ application_number }}",
        "）经初审，存在下列需要补正的事项，现一次性告知如下：",
        indent=True,
    )
    layout.loop_table(
        doc,
        ["序号", "事项", "存在问题", "需补正内容"],
        "d in defects",
        ["{{ loop.index }}", "{{ d.item }}", "{{ d.problem }}", "{{ d.what_to_provide }}"],
        (14, 36, 53, 53),
    )
    paragraph(
        doc,
        "请于",
        "{{ deadline|cn_date }}",
        "前在系统中补正并重新提交。逾期未补正的，视为放弃本次申报。",
        indent=True,
    )
    paragraph(doc, "审核人：", "{{ reviewer }}", indent=True)
    layout.sign_off(doc)


def review_opinion(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    heading(doc, "一、申报概况")
    layout.field_table(
        doc,
        [
            ("申请编号", "{{ application_number }}"),
            ("企业名称", "{{ enterprise.name }}"),
            ("统一社会信用代码", "{{ enterprise.uscc }}"),
            ("补助项目", "{{ programme }}"),
            ("申报通知", "{{ call_title }}"),
            ("提交时间", "{{ submitted_at|cn_datetime }}"),
            ("申请金额（元）", "{{ amount_requested|money }}"),
        ],
    )
    heading(doc, "二、材料核对")
    layout.loop_table(
        doc,
        ["序号", "材料", "是否提交", "备注"],
        "c in checklist",
        ["{{ loop.index }}", "{{ c.label }}", "{{ c.present|fmt }}", "{{ c.note }}"],
        (14, 62, 24, 56),
    )
    heading(doc, "三、条件预审")
    layout.loop_table(
        doc,
        ["序号", "条件", "结果"],
        "k in conditions",
        ["{{ loop.index }}", "{{ k.label }}", "{{ k.result }}"],
        (14, 80, 62),
    )
    heading(doc, "四、初审意见")
    paragraph(doc, "{{ opinion }}", indent=True)
    paragraph(doc, "初审结论：", "{{ outcome }}", indent=True)
    paragraph(doc, "审核人：", "{{ reviewer }}", indent=True)
    paragraph(doc, "")
    paragraph(doc, "审核人（签字）：", "            ", "复核人（签字）：", align="left")
    paragraph(doc, "单位负责人（签字）：", align="left")
    layout.sign_off(doc, signer="{{ issuer_name }}（盖章）")


def recommendation_letter(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(doc, "河北省市场监督管理局：", align="left")
    paragraph(
        doc,
        "根据",
        "{{ call_title }}",
        "申报工作安排，我局对本地区企业提交的申报材料进行了初审。现将第",
        "{{ batch }}",
        "批初审通过的",
        "{{ count }}",
        "个项目予以推荐，申请补助金额合计",
        "{{ total|money }}",
        "元。推荐项目如下：",
        indent=True,
    )
    table = layout.loop_table(
        doc,
        ["序号", "申请编号", "企业名称", "补助项目", "申请金额（元）"],
        "a in applications",
        [
            "{{ loop.index }}",
            "{{ a.number }}",
            "{{ a.enterprise }}",
            "{{ a.programme }}",
            "{{ a.amount_requested|money }}",
        ],
        (14, 36, 50, 28, 28),
    )
    layout.add_row(table, ["合计", "", "{{ count }}个项目", "", "{{ total|money }}"], bold=True)
    paragraph(doc, "特此函告。", indent=True)
    layout.sign_off(doc)


def approval_letter(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(doc, "{{ enterprise.name }}", "（统一社会信用代码：", "{{ enterprise.uscc }}", "）：", align="left")
    paragraph(
        doc,
        "你单位申报的",
        "{{ call_title }}",
        "（",
        "{{ programme }}",
        "，申请编号",
        "{{ application_number }}",
        "），",
        "{{ basis }}",
        "，经研究，批准给予补助资金人民币",
        "{{ amount|money }}",
        "元（大写：",
        "{{ amount|rmb_upper }}",
        "）。",
        indent=True,
    )
    paragraph(
        doc,
        "补助资金将通过国库集中支付拨付至你单位申报时登记的收款账户。请核对账户信息，如有变更请及时在系统中更正，"
        "因账户信息错误导致无法拨付的，按有关规定视为放弃。",
        indent=True,
    )
    paragraph(doc, "特此通知。", indent=True)
    layout.sign_off(doc)


def non_approval_notice(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(doc, "{{ enterprise.name }}", "（统一社会信用代码：", "{{ enterprise.uscc }}", "）：", align="left")
    paragraph(
        doc,
        "你单位申报的",
        "{{ call_title }}",
        "（",
        "{{ programme }}",
        "，申请编号",
        "{{ application_number }}",
        "），经评审和研究，本次不予补助，理由如下：",
        indent=True,
    )
    layout.loop_table(doc, ["序号", "理由"], "r in reasons", ["{{ loop.index }}", "{{ r.reason }}"], (14, 142))
    paragraph(doc, "如对本决定有异议，可在收到本通知之日起按规定提出。", indent=True)
    paragraph(doc, "特此通知。", indent=True)
    layout.sign_off(doc)


def notice_list(doc: DocxDocument) -> None:
    layout.red_head(doc)
    layout.title(doc)
    paragraph(
        doc,
        "根据",
        "{{ call_title }}",
        "评审结果，现将拟补助项目予以公示。公示期自",
        "{{ published_on|cn_date }}",
        "起至",
        "{{ ends_on|cn_date }}",
        "止。对公示项目有异议的，请在公示期内向我局实名反映（",
        "{{ contact }}",
        "）。",
        indent=True,
    )
    table = layout.loop_table(
        doc,
        ["序号", "企业名称", "所属单位", "补助项目", "拟补助金额（元）"],
        "e in entries",
        ["{{ loop.index }}", "{{ e.enterprise }}", "{{ e.unit }}", "{{ e.programme }}", "{{ e.amount|money }}"],
        (14, 56, 26, 30, 30),
    )
    layout.add_row(table, ["合计", "{{ count }}个项目", "", "", "{{ total|money }}"], bold=True)
    layout.sign_off(doc)


BUILDERS: dict[str, Callable[[DocxDocument], None]] = {
    "acceptance_receipt": acceptance_receipt,
    "application_form": application_form,
    "integrity_pledge": integrity_pledge,
    "correction_notice": correction_notice,
    "review_opinion": review_opinion,
    "recommendation_letter": recommendation_letter,
    "approval_letter": approval_letter,
    "non_approval_notice": non_approval_notice,
    "notice_list": notice_list,
}


def build(code: str) -> bytes:
    """The template of one kind, as the bytes of a .docx with fixed timestamps."""
    doc = docx.Document()
    layout.setup_page(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "河北省知识产权金融补助管理系统"
    props.title = KINDS[code].title
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    BUILDERS[code](doc)
    raw = BytesIO()
    doc.save(raw)
    return _with_fixed_timestamps(raw.getvalue())


def _with_fixed_timestamps(data: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def main() -> None:
    missing = set(KINDS) ^ set(BUILDERS)
    if missing:
        sys.exit(f"kinds and template builders differ: {sorted(missing)}")
    TEMPLATE_DIR.mkdir(exist_ok=True)
    for code in KINDS:
        path = TEMPLATE_DIR / f"{code}.docx"
        path.write_bytes(build(code))
        print(path.relative_to(TEMPLATE_DIR.parent.parent))


if __name__ == "__main__":
    main()
