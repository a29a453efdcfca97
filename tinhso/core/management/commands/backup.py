from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database, the stored files, the signing certificates and "
        "the generated keys into DEST (a folder), with a manifest of checksums. "
        "Safe while the platform runs. See docs/install.md, 'Backups and restore'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            archive = backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{archive} ({archive.stat().st_size:,} bytes)")
