import time

from django.core.management.base import BaseCommand, CommandError

from jobs.models import Item
from jobs.running import on_celery, submit


class Command(BaseCommand):
    help = "Submit a small probe job and wait until the workers (or this process) have done it."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=4)
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args, items, timeout, **options):
        job = submit("probe", [str(n) for n in range(1, items + 1)], title="worker check")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state in ("done", "failed"):
                break
            time.sleep(0.5)
        else:
            raise CommandError(
                f"job {job.pk} not finished after {timeout}s: {job.done}/{job.total} (are workers running?)"
            )
        workers = sorted(set(Item.objects.filter(job=job).values_list("worker_host", "worker_pid")))
        where = "Celery workers" if on_celery() else "this process"
        self.stdout.write(self.style.SUCCESS(f"{job.done}/{job.total} done by {where}: {workers}"))
