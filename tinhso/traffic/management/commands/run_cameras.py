import os

from django.core.management.base import BaseCommand

from tinhso.core.heartbeat import Heartbeat, instance_name
from tinhso.core.shutdown import StopSignal
from tinhso.traffic.worker import run_cameras


def _finder():  # type: ignore[no-untyped-def]
    from tinhso.vision.plate_finder import PlateFinder
    from tinhso.vision.recognizer import OnnxPlateReader

    return PlateFinder(OnnxPlateReader())


class Command(BaseCommand):
    help = (
        "Run the vision pipeline over the cameras this host claims (one thread per camera); "
        "violations go to the review queue. Stops on SIGTERM/Ctrl+C and releases its cameras."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--max-cameras", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--worker-id", default=instance_name())
        parser.add_argument(
            "--once", action="store_true", help="stop when every claimed video has ended"
        )
        parser.add_argument("--no-plates", action="store_true", help="skip plate reading")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        worker = options["worker_id"]
        self.stdout.write(f"vision worker {worker}: up to {options['max_cameras']} cameras")
        with StopSignal() as stop, Heartbeat("run_cameras"):
            finished = run_cameras(
                worker,
                options["max_cameras"],
                once=options["once"],
                stop=stop.event,
                finder_factory=None if options["no_plates"] else _finder,
            )
        self.stdout.write(f"vision worker {worker}: {finished} camera run(s) finished")
