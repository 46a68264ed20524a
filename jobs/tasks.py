"""The Celery side: one task per item. ``acks_late`` with ``reject_on_worker_lost`` means a message whose
worker died is delivered again; ``running.run`` makes the second delivery harmless."""

from celery import shared_task

from . import running


@shared_task(acks_late=True, reject_on_worker_lost=True, name="jobs.run_item")
def run_item(item_id: int) -> str:
    return running.run(item_id)
