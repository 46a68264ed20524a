"""The shapes the API answers with. English snake_case names; a coded value carries its code and its label."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import scopes


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="稳定的代码，如 approved")
    label = serializers.CharField(help_text="中文（或当前语言）说明，如 批准补助")


@extend_schema_field(CodeLabelSerializer)
class ChoiceValue(serializers.Field):
    """A TextChoices field as ``{"code": ..., "label": ...}``."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        code = getattr(instance, self.source)
        return {"code": code, "label": str(getattr(instance, f"get_{self.source}_display")())}


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="单位代码，如 SJZ（石家庄）")
    name = serializers.CharField()


class EnterpriseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField(help_text="统一社会信用代码")


class CallSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__", help_text="如“2022年度专利保险补助”")
    year = serializers.IntegerField()
    programme = ChoiceValue()
    window_opens = serializers.DateField()
    window_closes = serializers.DateField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class CallBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    year = serializers.IntegerField()


class PayeeSerializer(serializers.Serializer):
    bank_name = serializers.CharField()
    account_name = serializers.CharField()
    account_number = serializers.CharField(help_text="企业可修改时的企业本身与财务人员看到全号，其他人只见尾号四位")


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True, help_text="申报编号；草稿没有编号")
    call = CallBriefSerializer()
    programme = ChoiceValue()
    status = ChoiceValue()
    enterprise = EnterpriseSerializer()
    unit = UnitSerializer(help_text="初审单位")
    amount_requested = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    amount_awarded = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_submitted_at = serializers.DateTimeField(allow_null=True)
    status_changed_at = serializers.DateTimeField()
    payee = serializers.SerializerMethodField()

    @extend_schema_field(PayeeSerializer)
    def get_payee(self, application) -> dict:
        user = self.context["request"].user
        return {
            "bank_name": application.bank_name,
            "account_name": application.account_name,
            "account_number": scopes.application_account(application, user),
        }


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField(help_text="审计记录的操作代码，如 workflow.application.pass_review")
    label = serializers.CharField()
    actor = serializers.CharField(source="actor_label")
    from_status = serializers.SerializerMethodField()
    to_status = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    def _status(self, entry, key):
        from workflow.models import Status

        code = entry.data.get(key) if entry.action.startswith("workflow.application.") else None
        if not code or code not in Status.values:
            return None
        return {"code": code, "label": str(Status(code).label)}

    @extend_schema_field(CodeLabelSerializer(allow_null=True))
    def get_from_status(self, entry):
        return self._status(entry, "source")

    @extend_schema_field(CodeLabelSerializer(allow_null=True))
    def get_to_status(self, entry):
        return self._status(entry, "target")

    def get_note(self, entry) -> str:
        return str(entry.data.get("note") or "")


class ApplicationDetailSerializer(ApplicationSerializer):
    reply_deadline = serializers.DateTimeField(allow_null=True, help_text="补正截止时间")
    decision_reason = serializers.CharField()
    timeline = serializers.SerializerMethodField(
        help_text="办理记录（与申报页面相同），时间正序；专家的评审任务页面不显示办理记录，对专家为 null"
    )

    @extend_schema_field(TimelineEntrySerializer(many=True, allow_null=True))
    def get_timeline(self, application):
        entries = self.context.get("timeline")
        return None if entries is None else TimelineEntrySerializer(entries, many=True).data


class ApprovedAwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    enterprise = EnterpriseSerializer()
    unit = UnitSerializer()
    programme = ChoiceValue()
    status = ChoiceValue()
    amount_awarded = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    net_paid = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="已拨付减去冲正")


class ApplicationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = ApplicationRefSerializer()
    kind = ChoiceValue(help_text="payment 拨付 / reversal 冲正")
    status = ChoiceValue(help_text="paid 已支付 / failed 支付失败")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    voucher = serializers.CharField(help_text="国库集中支付凭证号（冲正行为空）")
    subject = serializers.CharField(help_text="预算科目")
    paid_on = serializers.DateField()
    bank_name = serializers.CharField()
    account_name = serializers.CharField()
    account_number = serializers.SerializerMethodField(help_text="财务人员与企业本身看到全号，其他人只见尾号四位")
    failure_reason = serializers.CharField()
    reason = serializers.CharField(help_text="冲正原因")
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True, help_text="冲正的拨付记录 id")
    grace_until = serializers.DateField(allow_null=True, help_text="支付失败后企业更正账户的截止日期")
    source_import = serializers.IntegerField(source="source_import_id", allow_null=True)
    recorded_at = serializers.DateTimeField()

    def get_account_number(self, payment) -> str:
        user = self.context["request"].user
        return scopes.payment_account(payment.application, user, payment.account_number)


# --- the bank's payment results ------------------------------------------------------------------------


class BankRowSerializer(serializers.Serializer):
    """One row, exactly the columns of the bank's .xlsx (A–G)."""

    voucher = serializers.CharField(help_text="A 凭证号")
    application = serializers.CharField(help_text="B 申报编号或统一社会信用代码")
    account = serializers.CharField(help_text="C 收款账号")
    amount = serializers.CharField(help_text='D 金额（元，到分），如 "10000.00"')
    paid_on = serializers.DateField(help_text="E 支付日期")
    result = serializers.CharField(help_text="F 支付结果：成功 / 失败（或 paid / failed）")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="G 失败原因（失败行必填）")


class BankResultsJsonSerializer(serializers.Serializer):
    subject = serializers.CharField(help_text="预算科目，如 2060299")
    rows = BankRowSerializer(many=True)
    dry_run = serializers.BooleanField(required=False, default=False, help_text="true：只检查并预演，不写入")


class BankResultsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="银行返回的 .xlsx（表头同页面导入模板）")
    subject = serializers.CharField()
    dry_run = serializers.BooleanField(required=False, default=False)


class BankProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="上传文件：Excel 行号；JSON：rows 中的序号（从1起）")
    column = serializers.CharField(allow_null=True, help_text="Excel 列字母（JSON 为 null）")
    header = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True, help_text="字段名，如 amount")
    message = serializers.CharField()


class BankRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = BankProblemSerializer(many=True)


class BankImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    subject = serializers.CharField()
    row_count = serializers.IntegerField()
    imported_at = serializers.DateTimeField()


class BankResultSerializer(serializers.Serializer):
    replayed = serializers.BooleanField(help_text="true：同一内容此前已导入，本次未写入任何数据（重试安全）")
    bank_import = BankImportSerializer()
    paid_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    failed_count = serializers.IntegerField()


class BankPreviewSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    row_count = serializers.IntegerField()
    paid_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    failed_count = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
