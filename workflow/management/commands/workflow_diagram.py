from django.core.management.base import BaseCommand

from workflow.diagram import section, write_readme


class Command(BaseCommand):
    help = "Print the application lifecycle diagram generated from the transition table (--write: into README.md)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="rewrite the README section between the markers")

    def handle(self, *args, write, **options):
        if write:
            changed = write_readme()
            self.stdout.write("README.md updated" if changed else "README.md already up to date")
        else:
            self.stdout.write(section())
