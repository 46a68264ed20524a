from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("公文")

    def ready(self) -> None:
        from jobs.running import register

        from .pdf import pdf_job

        # A conversion takes LibreOffice a few seconds: outside the item's transaction (see jobs.running).
        register("pdf", pdf_job, atomic=False)
