import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhso.broadcast.credentials import do_issue_password
from tinhso.broadcast.models import Speaker


class Command(BaseCommand):
    help = (
        "Make a new MQTT password for a loudspeaker and show it once (type it into the "
        "device); then run broadcast_broker_files and reload Mosquitto. With --all-into "
        'FILE: new passwords for every speaker, written to FILE ("code password" lines, '
        "readable by its owner only) — for a new installation, or the demo's simulators."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("code", nargs="?")
        parser.add_argument("--all-into", default="")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["all_into"]:
            lines = [f"{s.code} {do_issue_password(s)}" for s in Speaker.objects.order_by("code")]
            path = Path(options["all_into"])
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
            self.stdout.write(f"{len(lines)} speakers: {path}")
            return
        speaker = Speaker.objects.filter(code=options["code"] or "").first()
        if speaker is None:
            raise CommandError(f"No loudspeaker has the code {options['code']!r}.")
        self.stdout.write(do_issue_password(speaker))
