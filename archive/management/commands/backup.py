from django.core.management.base import BaseCommand, CommandError

from archive.backup import METHODS, BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole system into one tar file: a consistent snapshot of the database and every stored "
        "file (MEDIA_ROOT), with a manifest of SHA-256 hashes. TARGET is a directory (the file is named by the "
        "time: hebei-backup-YYYYMMDD-HHMMSS.tar) or the file to write. Restore with manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a directory, or the .tar file to write")
        parser.add_argument(
            "--method",
            choices=["auto", *METHODS],
            default="auto",
            help="auto (default): native, unless PostgreSQL's pg_dump is missing or older than the server. "
            + " ".join(f"{name}: {text}." for name, text in METHODS.items()),
        )

    def handle(self, *args, **options):
        try:
            result = backup(options["target"], method=options["method"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {result.path} ({result.method}, {result.files} files, "
                f"{result.size / 1e6:.1f} MB, {result.seconds:.1f} s)"
            )
        )
