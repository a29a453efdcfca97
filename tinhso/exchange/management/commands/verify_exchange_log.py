from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tinhso.exchange import log
from tinhso.exchange.models import Exchange, LogSeal


class Command(BaseCommand):
    help = (
        "Check the exchange log's chain and its signed seals; exit 1 and name the places "
        "where a row was edited or removed or a seal does not verify."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(log.verify())
        if breaks:
            for item in breaks[:50]:
                self.stderr.write(f"{item.where}: {item.reason}")
            raise CommandError(f"exchange log broken in {len(breaks)} place(s)")
        sealed = Exchange.objects.filter(seq__isnull=False).count()
        waiting = Exchange.objects.filter(seq__isnull=True).count()
        self.stdout.write(
            f"exchange log intact: {sealed} exchange(s) in {LogSeal.objects.count()} signed "
            f"seal(s); {waiting} not sealed yet"
        )
