"""Human words for audit actions. Each app declares its own on its AppConfig as ``audit_labels``."""

from functools import cache

from django.apps import apps


@cache
def _all_labels() -> dict:
    labels = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_labels", {}))
    return labels


def label_for(action: str) -> str:
    return str(_all_labels().get(action, action))
