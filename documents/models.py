"""Documents: the official papers the system issues, their issuing bodies and their number series.

An *issuer* (发文机关) is a body that signs documents: the provincial bureau (code ``PROV``) or one of
the 14 units' bureaus. Each issuer numbers its documents in a *series* per year, without gaps; the
printed number is the *文号* ``{prefix}〔{year}〕{serial}号``. A *document* is one issued paper: the
rendered .docx with its hash, the template version and rules edition it was made with, the object it
concerns, and a PDF copy when LibreOffice is installed. Documents are never edited after issue: a
correction is a new document.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS

PROVINCE = "PROV"


class Issuer(models.Model):
    code = models.CharField(_("代码"), max_length=8, unique=True)
    # The body's name as printed on its documents (for a unit, its bureau: Unit.authority).
    name = models.CharField(_("发文机关"), max_length=64)
    unit = models.OneToOneField(
        "places.Unit",
        verbose_name=_("申报单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuer",
    )
    # The real prefixes are the bureaus' own: the migration loads placeholders, staff correct them in admin.
    prefix = models.CharField(_("发文字号前缀"), max_length=16, help_text=_("如：冀市监知"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")

    def __str__(self) -> str:
        return self.name

    def number_text(self, year: int, serial: int) -> str:
        """The 文号 as printed, with full-width brackets (GB/T 9704-2012 §7.2.4)."""
        return f"{self.prefix}〔{year}〕{serial}号"


class Series(models.Model):
    """The last serial used by one issuer in one year; its row lock serialises numbering."""

    issuer = models.ForeignKey(Issuer, verbose_name=_("发文机关"), on_delete=models.PROTECT, related_name="series")
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        ordering = ["issuer", "year"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="one_series_per_issuer_and_year")]
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")

    def __str__(self) -> str:
        return f"{self.issuer.code} {self.year}: {self.last_serial}"


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("待生成")
    PRODUCED = "produced", _("已生成")
    NOT_INSTALLED = "not_installed", _("未安装 LibreOffice")
    FAILED = "failed", _("生成失败")


def _docx_path(document: Document, filename: str) -> str:
    return f"documents/{document.year}/{filename}"


# The only fields convert_to_pdf() may change after issue.
PDF_FIELDS = frozenset({"pdf", "pdf_status", "pdf_message"})


class DocumentQuerySet(models.QuerySet):
    def concerning(self, obj: models.Model) -> DocumentQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def of_kind(self, kind: str) -> DocumentQuerySet:
        return self.filter(kind=kind)


class Document(models.Model):
    # The choices are the registry's (kinds.py), where each kind's template and context keys are declared.
    kind = models.CharField(_("类别"), max_length=32, choices=[(code, kind.title) for code, kind in KINDS.items()])
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("发文机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("Word 文件"), upload_to=_docx_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    template = models.CharField(_("模板"), max_length=64)
    template_version = models.CharField(_("模板版本（SHA-256）"), max_length=64)
    rules_edition = models.CharField(_("规则版本"), max_length=64, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    pdf = models.FileField(_("PDF 文件"), upload_to=_docx_path, max_length=200, blank=True)
    pdf_status = models.CharField(_("PDF 状态"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    pdf_message = models.TextField(_("PDF 说明"), blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="one_document_per_number",
            ),
            # A serial needs an issuer whose series it comes from, and the printed number with it.
            models.CheckConstraint(
                name="numbered_documents_have_issuer_and_number",
                condition=Q(serial__isnull=True, number="")
                | Q(serial__isnull=False, issuer__isnull=False) & ~Q(number=""),
            ),
        ]
        verbose_name = _("公文")
        verbose_name_plural = _("公文")

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or not PDF_FIELDS.issuperset(update_fields)):
            raise PermissionError("documents are never edited after issue: issue a new document instead")
        super().save(*args, **kwargs)

    @property
    def download_name(self) -> str:
        """The file name offered to the browser, e.g. 石市监知〔2022〕7号受理回执."""
        return f"{self.number}{self.title}" if self.number else self.title
