"""Make the PDF copies that are missing: after LibreOffice is installed, or after a failed conversion.

With a Celery broker configured the conversions are one job on the workers (progress on the job's page);
otherwise they run here, one after another.
"""

from django.core.management.base import BaseCommand

from documents.models import Document, PdfStatus
from documents.pdf import schedule


class Command(BaseCommand):
    help = "为尚无 PDF 的公文生成 PDF（安装 LibreOffice 后或转换失败后运行；配置 Celery 时交给后台进程）"

    def handle(self, *args, **options):
        missing = list(
            Document.objects.exclude(pdf_status=PdfStatus.PRODUCED).order_by("pk").values_list("pk", flat=True)
        )
        if not missing:
            self.stdout.write("nothing to do")
            return
        job = schedule(missing, title=f"补生成 PDF（{len(missing)} 份）")
        if job is not None:
            self.stdout.write(f"job {job.pk}: {len(missing)} document(s) queued for the workers (/jobs/{job.pk}/)")
            return
        counts: dict[str, int] = {}
        for status in Document.objects.filter(pk__in=missing).values_list("pdf_status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
