"""The expert pledge (评审专家承诺书): confidentiality and 回避, accepted once per call.

The text is the record: its SHA-256 is kept with each acceptance, so a later change of wording never
rewrites what an expert agreed to. It is deliberately not translated (a translation would be another
text with another hash); the pages show it as written here.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record

from .models import Expert, Pledge

TITLE = "评审专家承诺书"

TEXT = """本人受河北省市场监督管理局（知识产权局）邀请，参加本批次知识产权金融补助项目的专家评审工作，郑重承诺：

一、遵守国家和河北省财政资金管理及专家评审工作的有关规定，坚持客观、公正、科学的原则，依据评审标准独立提出评审意见，并对评审意见负责。

二、严格保守评审秘密。对申报材料、评审过程、评审意见、评分结果以及参加评审的其他专家情况予以保密，不向任何单位和个人泄露；不复制、留存、转发申报材料；评审结束后不对外透露评审情况。

三、严格执行回避制度。本人与申报企业存在任职、顾问、亲属、纠纷或其他利害关系（含近三年内已结束的关系），或与申报企业的贷款银行、承保机构存在上述关系，或本人所在单位负责该申报初审的，主动申报回避；评审中发现未申报的利害关系时，立即申报回避并停止对该申报的评审。

四、廉洁自律。不接受申报企业及相关单位、个人的宴请、礼品、礼金或其他利益；不私下与申报企业接触；不为申报企业打招呼、说情或谋取不正当利益。

五、遵守评审纪律，按时完成评审任务，不委托他人代为评审。

本人如违反上述承诺，自愿接受取消评审专家资格、通报批评等处理；构成违法的，依法承担法律责任。"""

TEXT_SHA256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def has_pledged(expert: Expert, call) -> bool:
    return Pledge.objects.filter(expert=expert, call=call).exists()


def accept(expert: Expert, call, by) -> Pledge:
    """Record that ``expert`` (who must be ``by``) accepted the pledge for ``call``; a second time is a no-op."""
    if by is None or expert.user_id != by.pk:
        raise PermissionDenied(_("承诺书只能由专家本人签署"))
    existing = Pledge.objects.filter(expert=expert, call=call).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                expert=expert, call=call, accepted_at=timezone.now(), text_sha256=TEXT_SHA256
            )
            record(by, "experts.pledge.accepted", pledge, call=str(call), text_sha256=TEXT_SHA256)
    except IntegrityError:  # the same expert accepted in another tab a moment earlier
        return Pledge.objects.get(expert=expert, call=call)
    return pledge
