"""The JSON API, version 1: /api/v1/ (OpenAPI at /api/v1/docs)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from tinhso.accounts.api import router as accounts_router
from tinhso.core.api import router as core_router
from tinhso.ioc.api import router as ioc_router
from tinhso.services.api import router as services_router
from tinhso.traffic.api import router as traffic_router


class OAuth2Bearer(HttpBearer):
    """Access tokens issued by our own SSO (other apps call the API for a user)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
        if not valid or not oauth_request.user.is_active:
            return None
        request.user = oauth_request.user
        return oauth_request.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (with Django's CSRF check on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


api = NinjaAPI(
    title="Tỉnh số API",
    version="1",
    urls_namespace="api-v1",
    auth=[OAuth2Bearer(), SessionAuth()],
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    errors = [
        {"field": ".".join(str(p) for p in err.get("loc", [])[1:]), "message": err.get("msg")}
        for err in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    # django-ninja answers an unreadable body with an English 400; say it our way.
    detail = (
        _("Nội dung gửi lên không đọc được (JSON không hợp lệ).")
        if exc.status_code == 400
        else str(exc)
    )
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": _("Cần đăng nhập.")}, status=401)


api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/", services_router)
api.add_router("/", ioc_router)
api.add_router("/", traffic_router)
