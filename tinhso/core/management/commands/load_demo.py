from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Fill the database with the demo province. Idempotent. Every Tỉnh số app that has "
        "a demo module adds its own data, in INSTALLED_APPS order."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("tinhso."):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {config.verbose_name}"))
            import_module(module_name).load(self.stdout.write)
