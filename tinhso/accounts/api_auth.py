"""Who may call an API operation for a person: the browser session, or an SSO token
that carries the operation's scope.

Every user operation names its scope (``auth=user_auth("dossiers:read")``); the
API's default takes the session only, so an operation that forgets to name one is
closed to tokens rather than open to all of them. ``openid profile`` grants identity
only. An official's token reaches ``desk`` operations only when the sign-in that
issued it passed TOTP.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from tinhso.accounts.oidc import token_passed_mfa

# Scopes whose operations act with an official's powers: the token must come from a
# sign-in that passed the second factor.
MFA_SCOPES = frozenset({"desk"})


class ScopedBearer(HttpBearer):
    """An access token from our own SSO, valid only with ``scope`` (None: never)."""

    def __init__(self, scope: str | None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if self.scope is None:
            return None
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[self.scope])
        if not valid:
            # A valid token without this scope is forbidden, not "please sign in".
            any_scope, _unused = get_oauthlib_core().verify_request(request, scopes=[])
            if any_scope:
                raise HttpError(
                    403, _("Mã truy cập không có quyền %(scope)s.") % {"scope": self.scope}
                )
            return None
        user = oauth_request.user
        if user is None or not user.is_active:
            # A client-credentials token (no person) or a closed account.
            return None
        if self.scope in MFA_SCOPES and not token_passed_mfa(oauth_request.access_token):
            raise HttpError(
                403, _("Thao tác của cán bộ cần đăng nhập có xác thực hai lớp (mã TOTP).")
            )
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (with Django's CSRF check on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


def user_auth(scope: str | None = None) -> list[Any]:
    """The auth of an operation done for a person: the session, or a token with ``scope``."""
    return [ScopedBearer(scope), SessionAuth()]
