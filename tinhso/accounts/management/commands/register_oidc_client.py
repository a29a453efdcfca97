from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from oauth2_provider.models import get_application_model


class Command(BaseCommand):
    help = (
        "Register another app of the province as an OpenID Connect client (prints its secret once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")
        parser.add_argument(
            "--post-logout-redirect-uri", action="append", default=[], dest="logout_uris"
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="A mobile or single-page app that cannot keep a secret (PKCE only).",
        )
        parser.add_argument(
            "--skip-consent",
            action="store_true",
            help="The province's own app: do not ask users to approve it.",
        )

    def handle(
        self,
        *args: Any,
        name: str,
        redirect_uris: list[str],
        logout_uris: list[str],
        public: bool,
        skip_consent: bool,
        **options: Any,
    ) -> None:
        Application = get_application_model()
        if Application.objects.filter(name=name).exists():
            raise CommandError(f"A client named {name!r} already exists.")
        secret = "" if public else get_random_string(48)
        app = Application(
            name=name,
            client_id=get_random_string(32),
            client_type=Application.CLIENT_PUBLIC if public else Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(redirect_uris),
            post_logout_redirect_uris=" ".join(logout_uris),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=skip_consent,
            client_secret=secret,
        )
        try:
            app.full_clean(exclude=["user"])
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        app.save()
        self.stdout.write(f"client_id={app.client_id}")
        if secret:
            self.stdout.write(f"client_secret={secret}  (shown once; stored hashed)")
