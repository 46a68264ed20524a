from django.core.management.base import BaseCommand, CommandError

from audit.models import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and report the first broken entry."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"audit chain broken at entry {report.first_bad_id}: {report.problem}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.entries} entries"))
