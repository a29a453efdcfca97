"""The address of the person making a request — not of our own reverse proxy — for
rate limits, lock-out and the audit log.

With PROXY_COUNT = N trusted proxies in front (nginx with
`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), each proxy appends the
address it saw to X-Forwarded-For, so the client is the N-th address from the right;
anything further left was written by the client itself and is not trusted. With
PROXY_COUNT = 0 the header is ignored.

Written here rather than taken from django-ipware: its `proxy_count` counts proxies
listed *in* the header, so for the common single nginx it answers no address at all,
and with a count of 1 it trusts the client-written left-most entry. Django-axes is
pointed here (AXES_CLIENT_IP_CALLABLE) so that every limit sees the same address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return remote  # not through all our proxies: the connection is what we know
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
