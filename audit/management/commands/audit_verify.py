from django.core.management.base import BaseCommand, CommandError

from audit.models import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain. Exits 0 when intact; otherwise exits non-zero naming the first "
        "broken entry (its id and its place in the chain) and why: changed, deleted, inserted or appended "
        "outside the application."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(report.describe())
        self.stdout.write(self.style.SUCCESS(report.describe()))
