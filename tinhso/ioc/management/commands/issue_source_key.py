from django.core.management.base import BaseCommand, CommandError

from tinhso.core.apikeys import do_issue_key
from tinhso.ioc.models import DataSource


class Command(BaseCommand):
    help = (
        "Issue a new X-Api-Key for an IOC data source (the old one stops working) and print "
        "it once. Without a name, list the sources."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", nargs="?", default="")

    def handle(self, *args, name, **options):  # type: ignore[no-untyped-def]
        if not name:
            for each in DataSource.objects.order_by("name"):
                self.stdout.write(each.name)
            return
        found = DataSource.objects.filter(name=name).first()
        if found is None:
            raise CommandError(f"No data source named {name!r}; run without a name to list them.")
        self.stdout.write(f"X-Api-Key of {found.name} (shown once): {do_issue_key(found)}")
