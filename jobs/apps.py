from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("后台任务")

    def ready(self) -> None:
        from .probe import probe
        from .running import register

        register("probe", probe)
        from . import exports  # noqa: F401  (registers the "export" kind)
