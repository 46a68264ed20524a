"""Whose eligibility or amount changes when a set of applications moves from one edition to another."""

from django.core.management.base import BaseCommand, CommandError

from scoring.diff import impact, load_facts_file
from scoring.editions import get_edition


class Command(BaseCommand):
    help = "Impact of an edition change on applications given as facts (YAML or JSON file)."

    def add_arguments(self, parser):
        parser.add_argument("edition_a")
        parser.add_argument("edition_b")
        parser.add_argument("facts_file")
        parser.add_argument("--all", action="store_true", help="also list applications that do not change")

    def handle(self, *args, edition_a, edition_b, facts_file, all, **options):
        a, b = get_edition(edition_a), get_edition(edition_b)
        if a.programme != b.programme:
            raise CommandError(f"{edition_a} and {edition_b} belong to different programmes")
        rows = impact(a, b, load_facts_file(facts_file, a.programme))
        changed = [r for r in rows if r.changed]
        for row in rows if all else changed:
            self.stdout.write(str(row))
        self.stdout.write(f"{len(changed)} of {len(rows)} application(s) change from {edition_a} to {edition_b}")
