from typing import Any

from django.core.management.base import BaseCommand

from tinhso.core.backoff import DATABASE_GONE, Backoff
from tinhso.core.heartbeat import Heartbeat
from tinhso.core.shutdown import StopSignal
from tinhso.exchange import log


class Command(BaseCommand):
    help = (
        "Chain and sign the exchanges written since the last seal, and purge kept bodies "
        "past their days. With --every N, keep doing it every N seconds until SIGTERM."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=0, help="seconds between rounds")

    def handle(self, *args: Any, every: float = 0, **options: Any) -> None:
        if not every:
            self._round()
            return
        backoff = Backoff()
        with StopSignal() as stop, Heartbeat("seal_exchange_log"):
            while not stop.requested:
                try:
                    self._round()
                    backoff.reset()
                except DATABASE_GONE as exc:
                    backoff.pause(exc, stop.event)
                    continue
                stop.wait(every)

    def _round(self) -> None:
        sealed = 0
        while made := log.seal():
            sealed += made.last_seq - made.first_seq + 1
        purged = log.purge_bodies()
        if sealed or purged:
            self.stdout.write(f"{sealed} exchange(s) sealed, {purged} kept body(ies) purged.")
