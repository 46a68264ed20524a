from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into the configured database (DATABASE_URL) and MEDIA_ROOT. "
        "Refuses a database or media directory that is not empty unless --force; checks every hash before "
        "writing; afterwards checks every table's row count, every file's hash and the audit chain, and exits "
        "non-zero if anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the .tar file written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database and the media directory hold (everything in them is lost)",
        )

    def handle(self, *args, **options):
        try:
            result = restore(options["backup"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                f"restored ({result.method}): {result.rows} rows, {result.files} files, every hash matches; "
                f"audit chain intact: {result.audit_entries} entries ({result.seconds:.1f} s)"
            )
        )
