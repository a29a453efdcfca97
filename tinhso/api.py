"""The JSON API, version 1: /api/v1/ (OpenAPI at /api/v1/docs)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tinhso.accounts.api import router as accounts_router
from tinhso.accounts.api_auth import user_auth
from tinhso.core.api import router as core_router
from tinhso.ioc.api import router as ioc_router
from tinhso.services.api import router as services_router
from tinhso.traffic.api import router as traffic_router

api = NinjaAPI(
    title="Tỉnh số API",
    version="1",
    urls_namespace="api-v1",
    # The session only: an operation open to SSO tokens names its scope (user_auth).
    auth=user_auth(),
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
