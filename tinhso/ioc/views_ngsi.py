"""NGSI-LD HTTP binding (subset) at /ngsi-ld/v1/. Every call needs a data source's
key in X-Api-Key; errors are the standard's ProblemDetails bodies."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from tinhso.core.input_guard import BadInput, parse_json
from tinhso.ioc import actions, ngsi
from tinhso.ioc.models import DataSource, NgsiEntity, NgsiSubscription
from tinhso.ioc.ngsi import NgsiError, bad

JSON_LD = "application/ld+json"


def problem(error: NgsiError) -> JsonResponse:
    return JsonResponse(error.body(), status=error.status)


def endpoint(*methods: str) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @csrf_exempt
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return problem(
                    NgsiError(405, "OperationNotSupported", f"{request.method} not allowed.")
                )
            source = DataSource.holder_of(request.headers.get("X-Api-Key"))
            if source is None:
                return problem(NgsiError(401, "Unauthorized", "A valid X-Api-Key is required."))
            request.source = source  # type: ignore[attr-defined]
            try:
                return view(request, *args, **kwargs)
            except NgsiError as exc:
                return problem(exc)

        return wrapped

    return decorator


def _source(request: HttpRequest) -> DataSource:
    return request.source  # type: ignore[attr-defined, no-any-return]  # set by endpoint()


def body_of(request: HttpRequest) -> Any:
    try:
        return parse_json(request.body)
    except BadInput as exc:
        raise NgsiError(400, "InvalidRequest", f"The body is not valid JSON: {exc}") from None


def _ints(request: HttpRequest) -> tuple[int, int]:
    try:
        limit = min(int(request.GET.get("limit", 20)), 1000)
        offset = max(int(request.GET.get("offset", 0)), 0)
    except ValueError:
        raise bad("limit and offset must be integers.") from None
    if limit < 1:
        raise bad("limit must be at least 1.")
    return limit, offset


def _attrs(request: HttpRequest) -> list[str]:
    return [ngsi.compact(a) for a in request.GET.get("attrs", "").split(",") if a.strip()]


def _key_values(request: HttpRequest) -> bool:
    return "keyValues" in request.GET.get("options", "").split(",")


@endpoint("GET", "POST")
def entities(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        entity, _created = ngsi.write(
            body_of(request),
            source=_source(request),
            create_only=True,
        )
        response = HttpResponse(status=201)
        response["Location"] = f"/ngsi-ld/v1/entities/{entity.entity_id}"
        return response
    limit, offset = _ints(request)
    found = ngsi.query(
        request.GET.get("type", ""), _attrs(request), request.GET.get("q", ""), limit, offset
    )
    return JsonResponse(
        [ngsi.as_json(e, _attrs(request), _key_values(request)) for e in found], safe=False
    )


@endpoint("GET", "DELETE")
def entity(request: HttpRequest, entity_id: str) -> HttpResponse:
    found = NgsiEntity.objects.filter(entity_id=entity_id).first()
    if found is None:
        raise NgsiError(404, "ResourceNotFound", f"No entity {entity_id}.")
    if request.method == "DELETE":
        actions.do_delete_entity(found, source=_source(request))
        return HttpResponse(status=204)
    return JsonResponse(ngsi.as_json(found, _attrs(request), _key_values(request)))


@endpoint("POST")
def upsert(request: HttpRequest) -> HttpResponse:
    """Create or replace each entity; one bad entity does not stop the others."""
    items = body_of(request)
    if not isinstance(items, list):
        raise bad("entityOperations/upsert takes a JSON array of entities.")
    created, success, errors = [], [], []
    for item in items:
        try:
            written, made = ngsi.write(item, source=_source(request))
        except NgsiError as exc:
            entity_id = item.get("id") if isinstance(item, dict) else None
            errors.append({"entityId": entity_id, "error": exc.body()})
            continue
        success.append(written.entity_id)
        if made:
            created.append(written.entity_id)
    if errors:
        return JsonResponse({"success": success, "errors": errors}, status=207)
    if created:
        return JsonResponse(created, status=201, safe=False)
    return HttpResponse(status=204)


@endpoint("GET", "POST")
def subscriptions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        sub = ngsi.create_subscription(body_of(request), _source(request))
        response = HttpResponse(status=201)
        response["Location"] = f"/ngsi-ld/v1/subscriptions/{sub.subscription_id}"
        return response
    mine = NgsiSubscription.objects.filter(source=_source(request))
    return JsonResponse([ngsi.subscription_json(s) for s in mine], safe=False)


@endpoint("GET", "DELETE")
def subscription(request: HttpRequest, subscription_id: str) -> HttpResponse:
    sub = NgsiSubscription.objects.filter(
        subscription_id=subscription_id,
        source=_source(request),
    ).first()
    if sub is None:
        raise NgsiError(404, "ResourceNotFound", f"No subscription {subscription_id}.")
    if request.method == "DELETE":
        actions.do_delete_subscription(sub, source=_source(request))
        return HttpResponse(status=204)
    return JsonResponse(ngsi.subscription_json(sub))


@endpoint("GET")
def temporal_entity(request: HttpRequest, entity_id: str) -> HttpResponse:
    found = NgsiEntity.objects.filter(entity_id=entity_id).select_related("area").first()
    if found is None:
        raise NgsiError(404, "ResourceNotFound", f"No entity {entity_id}.")
    timerel = request.GET.get("timerel", "")
    start = ngsi.parse_time(request.GET.get("timeAt", ""), "timeAt")
    end = ngsi.parse_time(request.GET.get("endTimeAt", ""), "endTimeAt")
    if timerel and timerel not in ("before", "after", "between"):
        raise bad("timerel must be before, after or between.")
    if timerel == "between" and not (start and end):
        raise bad("timerel=between needs timeAt and endTimeAt.")
    if timerel == "before":
        start, end = None, start
    return JsonResponse(ngsi.temporal(found, _attrs(request), start, end))


def core_context(request: HttpRequest) -> HttpResponse:
    """The bundled core @context (clients may point their Link header here)."""
    return HttpResponse(ngsi.CONTEXT_FILE.read_bytes(), content_type=JSON_LD)


urlpatterns = [
    path("entities", entities, name="entities"),
    path("entities/<path:entity_id>", entity, name="entity"),
    path("entityOperations/upsert", upsert, name="upsert"),
    path("subscriptions", subscriptions, name="subscriptions"),
    path("subscriptions/<path:subscription_id>", subscription, name="subscription"),
    path("temporal/entities/<path:entity_id>", temporal_entity, name="temporal"),
    path("jsonldContexts/core", core_context, name="context"),
]
