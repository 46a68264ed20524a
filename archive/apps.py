from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("归档")

    def ready(self) -> None:
        from jobs.running import register

        from .views import archive_job

        register("archive", archive_job)
