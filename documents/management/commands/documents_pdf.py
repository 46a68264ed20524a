"""Make the PDF copies that are missing: after LibreOffice is installed, or after a failed conversion."""

from django.core.management.base import BaseCommand

from documents.models import Document, PdfStatus
from documents.pdf import convert_to_pdf


class Command(BaseCommand):
    help = "为尚无 PDF 的公文生成 PDF（安装 LibreOffice 后或转换失败后运行）"

    def handle(self, *args, **options):
        missing = Document.objects.exclude(pdf_status=PdfStatus.PRODUCED).order_by("pk")
        counts: dict[str, int] = {}
        for document in missing.iterator():
            status = convert_to_pdf(document).pdf_status
            counts[status] = counts.get(status, 0) + 1
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "nothing to do")
