"""The JSON API, version 1: /api/v1/ (OpenAPI at /api/v1/docs)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tinhso.accounts.api import router as accounts_router
from tinhso.accounts.api_auth import user_auth
from tinhso.assistant.api import router as assistant_router
from tinhso.broadcast.api import router as broadcast_router
from tinhso.core.api import router as core_router
from tinhso.core.input_guard import CheckedJsonParser
from tinhso.core.schemas import ErrorOut, FieldErrorOut, ValidationErrorOut
from tinhso.ioc.api import router as ioc_router
from tinhso.services.api import router as services_router
from tinhso.traffic.api import router as traffic_router


class TinhSoAPI(NinjaAPI):
    """Every operation's document lists the errors it can answer, by construction:
    422 where it takes input, 401/403 where it needs credentials, 404 where its path
    names something. The bodies are core.schemas' ErrorOut and ValidationErrorOut."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, FieldErrorOut, ValidationErrorOut):
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            definition.pop("$defs", None)
            components.setdefault(model.__name__, definition)
        for path, item in schema["paths"].items():
            for operation in item.values():
                _document_errors(path, operation)
        return schema


def _response(name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _document_errors(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    # ninja keys its own responses by int; the document is JSON, where keys are strings.
    for code in [c for c in responses if not isinstance(c, str)]:
        responses[str(code)] = responses.pop(code)
    takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
    if takes_input and "422" not in responses:
        responses["422"] = _response("ValidationErrorOut", "Input does not match the schema")
    if takes_input and "400" not in responses:
        responses["400"] = _response("ErrorOut", "Unreadable or refused input")
    if operation.get("security"):
        responses.setdefault("401", _response("ErrorOut", "No valid credentials"))
        responses.setdefault("403", _response("ErrorOut", "Credentials without this right"))
    if "{" in path:
        responses.setdefault("404", _response("ErrorOut", "Nothing by that name"))


api = TinhSoAPI(
    title="Tỉnh số API",
    version="1",
    urls_namespace="api-v1",
    # The session only: an operation open to SSO tokens names its scope (user_auth).
    auth=user_auth(),
    parser=CheckedJsonParser(),
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
api.add_router("/", assistant_router)
api.add_router("/", ioc_router)
api.add_router("/", traffic_router)
api.add_router("/", broadcast_router)
