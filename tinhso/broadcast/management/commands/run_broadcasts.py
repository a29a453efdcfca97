from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tinhso.broadcast.devices import Link
from tinhso.broadcast.scheduler import TICK, Scheduler
from tinhso.core.heartbeat import Heartbeat, instance_name
from tinhso.core.shutdown import StopSignal


class Command(BaseCommand):
    help = (
        "Air the commune radio stations' programmes and emergencies: stream them to Icecast "
        "and command the loudspeakers over MQTT. Any number may run; each station is aired "
        "by one at a time. Stops on SIGTERM/Ctrl+C and frees its stations."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--worker-id", default=instance_name())

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.BROADCAST_MQTT_URL or not settings.ICECAST_SOURCE_PASSWORD:
            raise CommandError(
                "Set BROADCAST_MQTT_URL and ICECAST_SOURCE_PASSWORD (docs/loudspeakers.md)."
            )
        worker = options["worker_id"]
        link = Link(settings.BROADCAST_MQTT_URL, client_id=f"tinhso-radio-{worker}"[:64])
        link.start()
        scheduler = Scheduler(worker, link)
        self.stdout.write(f"broadcast scheduler {worker}: on the air")
        with StopSignal() as stop, Heartbeat("run_broadcasts"):
            try:
                while not stop.requested:
                    scheduler.tick()
                    stop.wait(TICK)
            finally:
                scheduler.stop()
                link.stop()
        self.stdout.write(f"broadcast scheduler {worker}: stopped")
