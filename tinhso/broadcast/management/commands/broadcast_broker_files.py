from pathlib import Path

from django.core.management.base import BaseCommand

from tinhso.broadcast.credentials import write_broker_files


class Command(BaseCommand):
    help = (
        "Write Mosquitto's password file and ACL for the loudspeakers (speakers.passwd, "
        "speakers.acl) into DIR; reload Mosquitto (SIGHUP) to apply them."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("folder")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        passwd, acl = write_broker_files(Path(options["folder"]))
        self.stdout.write(f"{passwd}\n{acl}")
