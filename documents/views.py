"""Downloads: the .docx of record and its PDF copy, for whoever may see the object the document concerns."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from accounts.permissions import fetch_visible

from .access import visible_documents
from .models import PdfStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@login_required
def download_docx(request, pk: int):
    document = fetch_visible(visible_documents(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{document.download_name}.docx", content_type=DOCX
    )


@require_GET
@login_required
def download_pdf(request, pk: int):
    document = fetch_visible(visible_documents(request.user), pk=pk)
    if document.pdf_status != PdfStatus.PRODUCED or not document.pdf:
        raise Http404(document.pdf_message or document.get_pdf_status_display())
    return FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=f"{document.download_name}.pdf",
        content_type="application/pdf",
    )
