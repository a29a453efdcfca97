"""Register a source system (Circular 39: the central or a provincial system that sends
bulletins to the communes' stations) and print its new key once."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tinhso.broadcast.choices import Priority
from tinhso.broadcast.models import SourceSystem
from tinhso.core.apikeys import do_issue_key
from tinhso.core.models import AdminUnit


class Command(BaseCommand):
    help = (
        "Register or change a bulletin source system and issue its X-Broadcast-Key (the old "
        "one stops working), printed once. Without a name, list them."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--area", help="administrative unit code it may send to")
        parser.add_argument(
            "--axis-client",
            default="",
            help="or it calls through the exchange axis as this subsystem (TINHSO/GOV/…/CODE)",
        )
        parser.add_argument(
            "--priorities",
            default="normal",
            help="comma-separated: normal, priority, emergency (default: normal)",
        )

    def handle(self, *args, name, area, priorities, axis_client, **options):  # type: ignore[no-untyped-def]
        if not name:
            for each in SourceSystem.objects.select_related("area").order_by("name"):
                levels = [p for p in Priority.values if each.may_send(p)]
                self.stdout.write(f"{each.name} · {each.area.code} · {', '.join(levels)}")
            return
        wanted = {p.strip() for p in priorities.split(",") if p.strip()}
        if not wanted or not wanted <= set(Priority.values):
            raise CommandError("--priorities: normal, priority and/or emergency")
        unit = AdminUnit.objects.filter(code=area or "").first()
        if unit is None:
            raise CommandError(f"No administrative unit with code {area!r} (--area).")
        with transaction.atomic():
            source, _created = SourceSystem.objects.update_or_create(
                name=name[:200],
                defaults={
                    "area": unit,
                    "may_send_normal": Priority.NORMAL in wanted,
                    "may_send_priority": Priority.PRIORITY in wanted,
                    "may_send_emergency": Priority.EMERGENCY in wanted,
                    "is_active": True,
                    "axis_client": axis_client[:300],
                },
            )
            key = do_issue_key(source)
        self.stdout.write(f"X-Broadcast-Key of {source.name} (shown once): {key}")
