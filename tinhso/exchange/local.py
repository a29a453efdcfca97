"""Services the platform itself provides on the axis (the document system receiving
edXML packages from other agencies, …), answered inside the process.

A service's address is normally another system's URL, and an address that points back
at the axis is refused (a loop through the gateway, and an SSRF door). The platform's
own services are registered with the address ``local:<name>`` instead: the gateway
checks the caller, the access right and the rate limit and writes the message log as
for any service, then calls the handler an app registered under that name — no HTTP
request to itself, so no worker waits on another worker of the same server.

    register("documents.edxml", receive_package)     # in the app's AppConfig.ready()

A handler gets a ``LocalCall`` (the caller's subsystem identifier as the axis verified
it, method, path, query, body, the message id) and returns ``(status, body,
content_type)``; it must not raise for bad input (a 4xx with a message instead).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

SCHEME = "local:"


@dataclass(frozen=True)
class LocalCall:
    client: str  # "TINHSO/GOV/000.00.50.H99/QLVB": who calls
    method: str
    path: str
    query: str
    body: bytes
    message_id: uuid.UUID


Handler = Callable[[LocalCall], tuple[int, bytes, str]]

_HANDLERS: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    _HANDLERS[name] = handler


def is_local(base_url: str) -> bool:
    return base_url.startswith(SCHEME)


def handler_for(base_url: str) -> Handler | None:
    return _HANDLERS.get(base_url[len(SCHEME) :]) if is_local(base_url) else None


def names() -> list[str]:
    return sorted(_HANDLERS)
