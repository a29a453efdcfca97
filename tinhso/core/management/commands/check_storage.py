"""Compare the stored files with the rows that name them.

    manage.py check_storage                      # report; exit 1 if a row lost its file
    manage.py check_storage --delete-orphans     # also remove files no row names,
                                                 # older than --older-than minutes

Files without rows are what a process killed between writing a file and committing
its row leaves behind (core/files.py removes those of ordinary rollbacks at once);
rows without files are worse — a document that cannot be opened — and make the
command fail so monitoring notices.
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models

from tinhso.core.files import KEPT_BY_PATH

SHOWN = 20


def referenced() -> set[str]:
    """Every file name a model's file field holds (default storage)."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            values = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
            names.update(v for v in values.iterator() if v)
    return names


def stored(storage: Storage, folder: str = "") -> set[str]:
    """Every file under ``folder`` (walked through the storage API, any backend)."""
    found: set[str] = set()
    directories, files = storage.listdir(folder)
    for name in files:
        found.add(f"{folder}/{name}" if folder else name)
    for directory in directories:
        found |= stored(storage, f"{folder}/{directory}" if folder else directory)
    return found


class Command(BaseCommand):
    help = "List files without rows and rows without files; optionally remove the former."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete-orphans", action="store_true")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="minutes: younger files may belong to a transaction still open",
        )

    def handle(self, *args: Any, delete_orphans: bool, older_than: int, **options: Any) -> None:
        names = referenced()
        on_disk = {n for n in stored(default_storage) if not n.startswith(KEPT_BY_PATH)}
        orphans = sorted(on_disk - names)
        missing = sorted(names - on_disk)
        self.stdout.write(
            f"{len(names)} file(s) named by rows, {len(on_disk)} stored; "
            f"{len(orphans)} without a row, {len(missing)} row(s) without their file"
        )
        for name in orphans[:SHOWN]:
            self.stdout.write(f"  no row:  {name}")
        for name in missing[:SHOWN]:
            self.stdout.write(f"  no file: {name}")
        if delete_orphans:
            cutoff = time.time() - older_than * 60
            removed = 0
            for name in orphans:
                if default_storage.get_modified_time(name).timestamp() < cutoff:
                    default_storage.delete(name)
                    removed += 1
            self.stdout.write(f"removed {removed} file(s) without a row")
        if missing:
            raise CommandError(f"{len(missing)} row(s) name a file that is not stored")
