from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("统计")

    def ready(self) -> None:
        from jobs.exports import register_export

        from .views import build_export

        register_export("statistics", build_export)
