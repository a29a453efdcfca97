from django.core.management.base import BaseCommand, CommandError

from tinhso.broadcast.credentials import do_issue_password
from tinhso.broadcast.models import Speaker


class Command(BaseCommand):
    help = (
        "Make a new MQTT password for a loudspeaker and show it once (type it into the "
        "device); then run broadcast_broker_files and reload Mosquitto."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("code")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        speaker = Speaker.objects.filter(code=options["code"]).first()
        if speaker is None:
            raise CommandError(f"No loudspeaker has the code {options['code']!r}.")
        self.stdout.write(do_issue_password(speaker))
