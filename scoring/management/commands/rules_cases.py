"""Run the YAML cases beside each edition and report condition coverage."""

from django.core.management.base import BaseCommand, CommandError

from scoring.cases import condition_coverage, run_all_cases, uncovered
from scoring.loader import RULES_DIR, load_rulebook


class Command(BaseCommand):
    help = "Run the YAML cases beside each rules edition."

    def add_arguments(self, parser):
        parser.add_argument("--rules-dir", default=str(RULES_DIR))

    def handle(self, *args, rules_dir, **options):
        book = load_rulebook(rules_dir)
        outcomes = run_all_cases(book, rules_dir)
        failed = [o for o in outcomes if not o.ok]
        for outcome in outcomes:
            mark = "ok  " if outcome.ok else "FAIL"
            self.stdout.write(f"{mark} {outcome.file}: {outcome.name}")
            for problem in outcome.problems:
                self.stdout.write(f"       {problem}")
        gaps = uncovered(condition_coverage(book, outcomes))
        for gap in gaps:
            self.stdout.write(f"coverage: {gap}")
        self.stdout.write(f"{len(outcomes) - len(failed)} of {len(outcomes)} cases pass; {len(gaps)} coverage gap(s)")
        if failed or gaps:
            raise CommandError("rules cases failed")
