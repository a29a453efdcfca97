from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    """Like ``compilemessages``, without GNU gettext.

    ``compilemessages`` needs the msgfmt program, which a fresh machine with only
    Python does not have; polib writes the same .mo files in pure Python.
    """

    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (pure Python)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fill-source",
            action="store_true",
            help="First copy each new Vietnamese source string into the vi catalogue.",
        )

    def handle(self, *args: Any, fill_source: bool, **options: Any) -> None:
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if fill_source and po_path.parts[-3] == "vi":
                    # Source strings are Vietnamese, so the vi text is the msgid.
                    for entry in catalogue.untranslated_entries():
                        if entry.msgid_plural:
                            entry.msgstr_plural = {0: entry.msgid}
                        else:
                            entry.msgstr = entry.msgid
                    catalogue.save()
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
