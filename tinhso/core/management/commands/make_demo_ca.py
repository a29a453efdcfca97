from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tinhso.core.models import OrgUnit
from tinhso.core.pki import ensure_demo_ca, issue_unit_certificate, unit_p12_path


class Command(BaseCommand):
    help = (
        "Create a demo CA and a signing certificate for every active organisation unit "
        "that has none (files under SIGNING_DIR). Not for production: use the real CA's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", default=settings.PLATFORM_NAME)
        parser.add_argument("--renew", action="store_true", help="Issue new unit certificates.")

    def handle(self, *args: Any, organisation: str, renew: bool, **options: Any) -> None:
        ensure_demo_ca(organisation)
        issued = 0
        for unit in OrgUnit.objects.filter(is_active=True):
            if renew or not unit_p12_path(unit.identifier).exists():
                issue_unit_certificate(unit.identifier, unit.name, organisation)
                issued += 1
        self.stdout.write(f"Chứng thư số: cấp mới {issued} (thư mục {settings.SIGNING_DIR})")
