from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Put a backup archive back on an empty installation (a new database and a new "
        "TINHSO_VAR_DIR): every file's checksum is checked first, every table's rows after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables ({rows:,} rows) and "
            f"{len(manifest['files'])} files from the backup of {manifest['created_at']}"
        )
        for name, where in manifest["keys"].items():
            if where != "in the archive":
                self.stdout.write(f"  {name}: {where}")
        self.stdout.write(
            "Next: manage.py migrate (if this code is newer), manage.py verify_audit, "
            "manage.py check_storage; then restart the web and worker processes."
        )
