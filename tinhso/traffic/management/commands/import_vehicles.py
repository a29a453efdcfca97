from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhso.traffic.registry import RegistryError, do_import_vehicles


class Command(BaseCommand):
    help = (
        "Import the vehicle registry CSV (plate,plate_colour,owner_name,address,phone); "
        "all or nothing."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = do_import_vehicles(Path(options["path"]).read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {options['path']}: {exc}") from None
        except RegistryError as exc:
            raise CommandError("nothing imported:\n" + "\n".join(exc.errors)) from None
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
            f"linked to accounts {result.linked}"
        )
