from typing import Any

from django.core.management.base import BaseCommand

from tinhso.exchange import monitoring


class Command(BaseCommand):
    help = (
        "Ask every active service on the axis whether its address answers; the console "
        "and the IOC show the ones that do not. Run every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        down = monitoring.check_providers()
        self.stdout.write(f"{down} service(s) not answering.")
