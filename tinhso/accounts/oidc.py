"""Our OpenID Connect provider's rules on top of django-oauth-toolkit.

- Scopes: identity scopes for every registered app; API scopes only as an
  administrator allowed them per app (``SsoClient.api_scopes``).
- Each code remembers whether the sign-in passed the second factor; its tokens
  carry that (``amr``/``acr`` in the ID token, ``SsoToken`` for the API's check).
- A replayed code revokes every token issued from its first use (RFC 6749 §4.1.2).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from tinhso.accounts.models import SsoAuthorization, SsoClient, SsoToken
from tinhso.core.audit import write_audit

log = logging.getLogger(__name__)

# OpenID Connect's "acr" values: a password alone, or a password and a TOTP code.
ACR_PASSWORD = "urn:tinhso:acr:password"  # noqa: S105 (a name, not a secret)
ACR_MFA = "urn:tinhso:acr:mfa"
# Scopes of systems, not people: only these come with the client-credentials grant.
MACHINE_SCOPES = frozenset({"exchange"})


def identity_scopes() -> list[str]:
    return list(settings.SSO_IDENTITY_SCOPES)


def allowed_api_scopes(application: Any) -> list[str]:
    if application is None:
        return []
    policy = SsoClient.objects.filter(application=application).first()
    granted = policy.api_scopes if policy else []
    return [scope for scope in granted if scope in settings.SSO_API_SCOPES]


class ClientScopes(BaseScopes):
    """Scopes per app: identity for all, API scopes only where allowed."""

    def get_all_scopes(self) -> dict[str, Any]:
        return dict(settings.OAUTH2_PROVIDER["SCOPES"])  # type: ignore[call-overload]

    def get_available_scopes(self, application: Any = None, request: Any = None, *a, **kw):
        return identity_scopes() + allowed_api_scopes(application)

    def get_default_scopes(self, application: Any = None, request: Any = None, *a, **kw):
        return ["openid"]


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def passed_mfa(user: Any) -> bool:
    """Whether this browser session's sign-in included the TOTP check (django-otp)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def token_passed_mfa(access_token: AccessToken) -> bool:
    link = SsoToken.objects.filter(access_token=access_token).select_related("authorization")
    first = link.first()
    return bool(first and first.authorization.mfa)


class TinhSoValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "kind": "profile",
        "roles": "roles",
        "org_units": "roles",
        "phone_number": "phone",
        "phone_number_verified": "phone",
        "amr": "openid",
        "acr": "openid",
    }

    # --- grants -------------------------------------------------------------------
    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        """Authorization code (with PKCE, required for every client) and its refresh
        for people's apps. Client credentials only for a system the data-exchange axis
        registered (its policy holds a machine scope, set by the axis's
        do_issue_credentials): an application an administrator set to
        client-credentials, password or implicit in the admin still gets no token."""
        if grant_type == "client_credentials":
            if not set(allowed_api_scopes(client)) & MACHINE_SCOPES:
                return False
        elif grant_type not in ("authorization_code", "refresh_token"):
            return False
        return super().validate_grant_type(client_id, grant_type, client, request, *args, **kwargs)

    # --- codes --------------------------------------------------------------------
    def _create_authorization_code(self, request: Any, code: dict[str, str], expires=None):
        grant = super()._create_authorization_code(request, code, expires)
        SsoAuthorization.objects.create(
            code_hash=_code_hash(code["code"]),
            application=request.client,
            user=request.user,
            mfa=passed_mfa(request.user),
        )
        return grant

    def validate_code(self, client_id, code, client, request, *args, **kwargs) -> bool:
        valid = super().validate_code(client_id, code, client, request, *args, **kwargs)
        authorization = SsoAuthorization.objects.filter(
            code_hash=_code_hash(code), application=client
        ).first()
        if valid:
            request.sso_authorization = authorization
        elif authorization is not None and authorization.exchanged_at is not None:
            self._revoke_replayed(authorization)
        return valid

    def _revoke_replayed(self, authorization: SsoAuthorization) -> None:
        """The code was used once already: someone else may hold it. Revoke its tokens."""
        RefreshToken.revoke_family(authorization.token_family)
        AccessToken.objects.filter(sso__authorization=authorization).delete()
        SsoAuthorization.objects.filter(pk=authorization.pk).update(replayed_at=timezone.now())
        write_audit(
            "sso.code_replayed",
            obj=authorization.user,
            data={"client_id": authorization.application.client_id},
        )
        log.warning("authorization code replayed; tokens revoked (client %s)", authorization.pk)

    # --- tokens -------------------------------------------------------------------
    def _authorization_of(
        self, request: Any, refresh: RefreshToken | None = None
    ) -> SsoAuthorization | None:
        found = getattr(request, "sso_authorization", None)
        if found is not None:
            return found
        refresh = refresh or getattr(request, "refresh_token_instance", None)
        if isinstance(refresh, RefreshToken) and refresh.token_family:
            found = SsoAuthorization.objects.filter(token_family=refresh.token_family).first()
            request.sso_authorization = found
        return found

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        access_token = super()._create_access_token(
            expires, request, token, source_refresh_token=source_refresh_token
        )
        authorization = self._authorization_of(request, source_refresh_token)
        if authorization is not None:
            SsoToken.objects.create(access_token=access_token, authorization=authorization)
            if authorization.exchanged_at is None:
                authorization.exchanged_at = timezone.now()
                authorization.save(update_fields=["exchanged_at"])
        return access_token

    def _create_refresh_token(self, request, refresh_token_code, access_token, previous):
        refresh = super()._create_refresh_token(request, refresh_token_code, access_token, previous)
        authorization = self._authorization_of(request)
        if authorization is not None and authorization.token_family is None:
            authorization.token_family = refresh.token_family
            authorization.save(update_fields=["token_family"])
        return refresh

    # --- claims -------------------------------------------------------------------
    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        memberships = list(
            user.memberships.select_related("org_unit").order_by("org_unit__path", "role")
        )
        authorization = self._authorization_of(request)
        mfa = bool(authorization and authorization.mfa)
        return {
            "name": user.full_name,
            "kind": user.kind,
            "email": user.email or "",
            "email_verified": False,
            "phone_number": user.phone,
            "phone_number_verified": user.phone_verified_at is not None,
            "locale": user.language,
            "roles": sorted({m.role for m in memberships}),
            "org_units": [
                {"id": m.org_unit.identifier, "name": m.org_unit.name, "role": m.role}
                for m in memberships
            ],
            # RFC 8176 method names: "pwd" password, "otp" one-time code.
            "amr": ["pwd", "otp"] if mfa else ["pwd"],
            "acr": ACR_MFA if mfa else ACR_PASSWORD,
        }
