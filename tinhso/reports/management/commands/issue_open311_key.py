from django.core.management.base import BaseCommand

from tinhso.core.apikeys import do_issue_key
from tinhso.reports.models import ApiClient


class Command(BaseCommand):
    help = "Create an Open311 client app (or renew its key) and print its api_key once."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name")
        parser.add_argument("--email", default="")
        parser.add_argument("--media-hosts", default="", help="hosts media_url may be fetched from")
        parser.add_argument("--hold", action="store_true", help="hold its reports for moderation")

    def handle(self, *args, name, email, media_hosts, hold, **options):  # type: ignore[no-untyped-def]
        client, created = ApiClient.objects.get_or_create(
            name=name,
            defaults={
                "contact_email": email,
                "media_hosts": media_hosts,
                "hold_for_moderation": hold,
                "key_hash": f"pending-{name}"[:64],
            },
        )
        key = do_issue_key(client)
        verb = "Created" if created else "Renewed the key of"
        self.stdout.write(f"{verb} {client.name}. api_key (shown once): {key}")
