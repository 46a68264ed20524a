from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.packing import pack, verify
from calls.models import Call


class Command(BaseCommand):
    help = "Write a call's archive (documents, registers, audit trail, manifest of hashes) as a zip and verify it."

    def add_arguments(self, parser):
        parser.add_argument("call", type=int, help="call id")
        parser.add_argument("--out", default=".", help="folder to write the zip into (default: here)")

    def handle(self, *args, call, out, **options):
        found = Call.objects.filter(pk=call).first()
        if found is None:
            raise CommandError(f"no call with id {call}")
        folder = Path(out)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        packed = pack(found, progress=lambda n, total: self.stdout.write(f"  document {n}/{total}"))
        problems = verify(packed.data)
        if problems:
            raise CommandError("the archive does not verify: " + "; ".join(problems))
        path = folder / f"archive-{found.year}-{found.programme}-{packed.sha256[:12]}.zip"
        path.write_bytes(packed.data)
        self.stdout.write(self.style.SUCCESS(f"{path}: {packed.files} files, sha256 {packed.sha256}, verified"))
