"""Show what changed between two editions: conditions, parameters, caps, weights, decision."""

from django.core.management.base import BaseCommand

from scoring.diff import diff_editions
from scoring.editions import get_edition


class Command(BaseCommand):
    help = "Show the differences between two rules editions, e.g. rules_diff insurance-2019 insurance-2021."

    def add_arguments(self, parser):
        parser.add_argument("edition_a")
        parser.add_argument("edition_b")

    def handle(self, *args, edition_a, edition_b, **options):
        changes = diff_editions(get_edition(edition_a), get_edition(edition_b))
        for change in changes:
            self.stdout.write(str(change))
        self.stdout.write(f"{len(changes)} change(s) from {edition_a} to {edition_b}")
