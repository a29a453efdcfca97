from typing import Any

from django.core.management.base import BaseCommand

from tinhso.core.backoff import DATABASE_GONE, Backoff
from tinhso.core.heartbeat import Heartbeat
from tinhso.core.shutdown import StopSignal
from tinhso.exchange import outbox


class Command(BaseCommand):
    help = (
        "Deliver the one-way messages queued on the axis that are due. With --every N, "
        "keep doing it every N seconds; SIGTERM finishes the message in hand and stops "
        "(the rest are let go for the next worker)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=0, help="seconds between rounds")

    def handle(self, *args: Any, every: float = 0, **options: Any) -> None:
        with StopSignal() as stop:
            if not every:
                self.stdout.write(f"{outbox.deliver_due(stop)} message(s) tried.")
                return
            backoff = Backoff()
            with Heartbeat("deliver_exchange_messages"):
                while not stop.requested:
                    try:
                        outbox.deliver_due(stop)
                        backoff.reset()
                    except DATABASE_GONE as exc:
                        backoff.pause(exc, stop.event)
                        continue
                    stop.wait(every)
