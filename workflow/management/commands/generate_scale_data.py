from django.core.management.base import BaseCommand, CommandError

from calls.models import Call
from workflow.scale import generate


class Command(BaseCommand):
    help = "Generate a realistic volume of applications (default 5,000) across the 14 units in every state."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=5000)
        parser.add_argument("--call", type=int, help="call id (default: the newest call)")
        parser.add_argument("--unit", action="append", help="unit code, repeatable (default: all 14)")
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, applications, call, unit, seed, **options):
        if applications < 1:
            raise CommandError("--applications must be at least 1")
        chosen = None
        if call is not None:
            chosen = Call.objects.filter(pk=call).first()
            if chosen is None:
                raise CommandError(f"no call with id {call}")
        elif not Call.objects.exists():
            raise CommandError("no call exists: run load_demo first, or create a call")

        def progress(n, what):
            self.stdout.write(f"  {n} {what}")

        created = generate(applications, call=chosen, units=unit, seed=seed, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"generated {len(created)} applications"))
