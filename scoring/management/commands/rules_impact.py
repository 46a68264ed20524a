"""Whose eligibility or amount changes when a set of applications moves from one edition to another.

The applications come from a facts file (YAML or JSON), or from the database: the facts pinned on the
submitted applications of one call (``--call``), exactly as the rules saw them.
"""

from django.core.management.base import BaseCommand, CommandError

from scoring.diff import impact, load_facts_file
from scoring.editions import get_edition
from scoring.facts import build_facts


class Command(BaseCommand):
    help = "Impact of an edition change on applications given as facts (a YAML/JSON file, or --call ID)."

    def add_arguments(self, parser):
        parser.add_argument("edition_a")
        parser.add_argument("edition_b")
        parser.add_argument("facts_file", nargs="?", help="YAML or JSON file of application facts")
        parser.add_argument("--call", type=int, help="use the stored applications of this call instead of a file")
        parser.add_argument("--all", action="store_true", help="also list applications that do not change")

    def handle(self, *args, edition_a, edition_b, facts_file, call, all, **options):
        try:
            a, b = get_edition(edition_a), get_edition(edition_b)
        except KeyError as exc:
            raise CommandError(f"unknown edition {exc}") from None
        if a.programme != b.programme:
            raise CommandError(f"{edition_a} and {edition_b} belong to different programmes")
        if (facts_file is None) == (call is None):
            raise CommandError("give either a facts file or --call ID")
        if call is not None:
            applications = self.stored(call, a.programme)
        else:
            applications = load_facts_file(facts_file, a.programme)
        rows = impact(a, b, applications)
        changed = [r for r in rows if r.changed]
        for row in rows if all else changed:
            self.stdout.write(str(row))
        self.stdout.write(f"{len(changed)} of {len(rows)} application(s) change from {edition_a} to {edition_b}")

    def stored(self, call_id: int, programme: str) -> list:
        from workflow.models import Application

        applications = Application.objects.filter(call_id=call_id).exclude(facts={}).order_by("number")
        if not applications.exists():
            raise CommandError(f"call {call_id} has no submitted application with pinned facts")
        if applications.exclude(programme=programme).exists():
            raise CommandError(f"call {call_id} is not a {programme} call")
        return [build_facts(a.facts, programme) for a in applications]
