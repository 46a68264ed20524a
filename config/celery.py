"""Celery, used when CELERY_BROKER_URL is set: `celery -A config worker` (see the README)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hebei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
