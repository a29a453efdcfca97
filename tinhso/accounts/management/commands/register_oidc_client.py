from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.crypto import get_random_string
from oauth2_provider.models import get_application_model

from tinhso.accounts.models import SsoClient
from tinhso.core.audit import write_audit
from tinhso.core.models import OrgUnit


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
            "--trusted",
            "--skip-consent",
            action="store_true",
            dest="skip_consent",
            help="A first-party app of the province: do not ask people to approve it.",
        )
        parser.add_argument(
            "--unit",
            default="",
            help="QCVN identifier of the unit that runs the app (named on the consent page).",
        )
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            dest="api_scopes",
            help=f"An API scope the app may ask for ({', '.join(settings.SSO_API_SCOPES)}).",
        )

    def handle(
        self,
        *args: Any,
        name: str,
        redirect_uris: list[str],
        logout_uris: list[str],
        public: bool,
        skip_consent: bool,
        unit: str,
        api_scopes: list[str],
        **options: Any,
    ) -> None:
        Application = get_application_model()
        unknown = sorted(set(api_scopes) - set(settings.SSO_API_SCOPES))
        if unknown:
            raise CommandError(f"Unknown API scope(s): {', '.join(unknown)}")
        operator = OrgUnit.objects.filter(identifier=unit).first() if unit else None
        if unit and operator is None:
            raise CommandError(f"No organisation unit with identifier {unit!r}.")
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
        with transaction.atomic():
            app.save()
            SsoClient.objects.create(application=app, operator=operator, api_scopes=api_scopes)
            write_audit(
                "sso.client_registered",
                obj=app,
                data={"name": name, "api_scopes": api_scopes, "trusted": skip_consent},
            )
        self.stdout.write(f"client_id={app.client_id}")
        if secret:
            self.stdout.write(f"client_secret={secret}  (shown once; stored hashed)")
