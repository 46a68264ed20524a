"""The PDF copy of a document, made by LibreOffice in headless mode after the document is committed.

The .docx is the document of record; the PDF is a convenience copy for reading and printing. When
LibreOffice is missing or fails, the .docx stays and the status says why, and
``manage.py documents_pdf`` makes the missing PDFs later. Each conversion gets its own LibreOffice
profile (``-env:UserInstallation``) in a fresh temporary directory: two conversions sharing one
profile fail, and a profile left behind by a killed run would poison the next.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from .models import Document, PdfStatus

DEFAULT_TIMEOUT = 120  # seconds; a one-page letter takes about 2 s, the first start of a profile more


def convert_to_pdf(document: Document) -> Document:
    """Make the PDF copy of ``document`` unless it already has one; never raises for a failed conversion.

    Idempotent: a document whose PDF is produced and present is returned as it is.
    """
    document = Document.objects.get(pk=document.pk)  # the stored state, not the caller's copy
    if document.pdf_status == PdfStatus.PRODUCED and document.pdf and document.pdf.storage.exists(document.pdf.name):
        return document
    binary = settings.LIBREOFFICE_BINARY
    executable = shutil.which(binary)
    if executable is None:
        return _record(
            document,
            PdfStatus.NOT_INSTALLED,
            f"未找到 LibreOffice（LIBREOFFICE_BINARY={binary}），只生成了 Word 文件。"
            "安装 libreoffice-writer-nogui 后运行 manage.py documents_pdf 补生成 PDF。",
        )
    timeout = getattr(settings, "LIBREOFFICE_TIMEOUT", DEFAULT_TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="hebei-docs-") as work_dir:
        work = Path(work_dir)
        source = work / "document.docx"
        with document.file.open("rb") as docx_file:
            source.write_bytes(docx_file.read())
        command = [
            executable,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            # A session of its own, so that a timeout kills soffice.bin too and not only its launcher.
            process = subprocess.Popen(  # noqa: S603 (the binary is configuration, the arguments ours)
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as exc:
            return _record(document, PdfStatus.FAILED, f"无法启动 LibreOffice（{executable}）：{exc}")
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return _record(document, PdfStatus.FAILED, f"LibreOffice 转换超时（{timeout} 秒）")
        produced = work / "out" / "document.pdf"
        if process.returncode != 0 or not produced.exists():
            detail = err.decode(errors="replace").strip()[-500:]
            return _record(document, PdfStatus.FAILED, f"LibreOffice 转换失败（退出码 {process.returncode}）：{detail}")
        document.pdf.save(
            Path(document.file.name).with_suffix(".pdf").name, ContentFile(produced.read_bytes()), save=False
        )
    return _record(document, PdfStatus.PRODUCED, "")


def _record(document: Document, status: str, message: str) -> Document:
    document.pdf_status = status
    document.pdf_message = message
    document.save(update_fields=["pdf", "pdf_status", "pdf_message"])
    return document


def pdf_job(job, key: str) -> dict:
    """The jobs handler for one document's PDF (``convert_to_pdf`` is idempotent: a redo finds it made)."""
    document = convert_to_pdf(Document(pk=int(key)))
    return {"status": document.pdf_status, "message": document.pdf_message}


def schedule(document_ids, *, by=None, title: str = ""):
    """Make the PDFs of these documents: as one job on the Celery workers when a broker is configured, in
    this process otherwise. Returns the job (on Celery), or None when the conversions are already done."""
    from jobs.running import on_celery, submit

    ids = [str(pk) for pk in document_ids]
    if on_celery():
        return submit("pdf", ids, title=title or f"生成 PDF（{len(ids)} 份）", by=by)
    for pk in ids:
        convert_to_pdf(Document(pk=int(pk)))
    return None
