"""Check every rules file; print each error (file:line: key path: message) and exit non-zero on any."""

from django.core.management.base import BaseCommand, CommandError

from scoring.loader import RULES_DIR, check_rules, load_rulebook


class Command(BaseCommand):
    help = "Check all rules files (editions and reference tables) strictly."

    def add_arguments(self, parser):
        parser.add_argument("--rules-dir", default=str(RULES_DIR))

    def handle(self, *args, rules_dir, **options):
        errors = check_rules(rules_dir)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} error(s) in the rules under {rules_dir}")
        book = load_rulebook(rules_dir)
        for edition in sorted(book.editions.values(), key=lambda e: e.id):
            self.stdout.write(
                f"ok {edition.id} v{edition.version} {edition.status} "
                f"cycles {list(edition.cycle_years)} sha256 {edition.sha256}"
            )
        for table in book.references.values():
            self.stdout.write(f"ok reference {table.id} sha256 {table.sha256}")
