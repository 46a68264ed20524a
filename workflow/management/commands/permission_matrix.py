from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the permission matrix (docs/permissions.md) generated from tests/security (--write: into the file)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="rewrite docs/permissions.md")

    def handle(self, *args, write, **options):
        from tests.security import matrix_doc  # the matrix lives with its test

        if write:
            self.stdout.write("docs/permissions.md updated" if matrix_doc.write() else "docs/permissions.md up to date")
        else:
            self.stdout.write(matrix_doc.current())
