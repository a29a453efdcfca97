"""Every server-side HTTP request goes through here: the SSRF guard.

A URL that someone else supplies (an Open311 ``media_url``, an NGSI-LD subscription's
endpoint, a pull source, a signal controller's feed) must not make the server call
its own loopback, the province's internal network or the cloud's metadata address.

- The URL is parsed by the code that fetches it (urllib3, through requests), never
  by a second parser: ``http://127.0.0.1:1\\@allowed.test/`` is one host to both.
- The host is resolved once and the connection goes to the address that was checked
  (requests-hardened pins it; TLS still checks the certificate against the name).
- Loopback, private, link-local, multicast and reserved addresses are refused unless
  the operator lists the network in ``OUTBOUND_ALLOWED_NETWORKS`` (a signal controller
  on the junction's LAN, a sensor gateway) — tests list 127.0.0.1/32.
- No redirects, a size cap, a timeout, and one neutral error for every failure, so
  the answer does not tell a prober which internal ports are open.

Django-free (the vision worker uses it at the edge): settings are read when Django
is configured, otherwise from the environment.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from collections.abc import Iterable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.util import parse_url

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class OutboundRefused(Exception):
    """A fetch that was refused or failed; ``str()`` is safe to show to the caller."""

    def __init__(self, reason: str = "") -> None:
        # The reason is for our log only; callers show their own neutral message.
        super().__init__("the address could not be fetched")
        self.reason = reason


def _networks(values: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def allowed_networks() -> tuple[Network, ...]:
    try:
        from django.conf import settings

        if settings.configured:
            return _networks(getattr(settings, "OUTBOUND_ALLOWED_NETWORKS", []))
    except ImportError:  # the vision worker without Django
        pass
    return _networks(os.environ.get("OUTBOUND_ALLOWED_NETWORKS", "").split(","))


def _resolve(host: str, port: int) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    _family, _type, _proto, _name, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    )[0]
    ip = ipaddress.ip_address(address[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


class _GuardedAdapter(IPFilterAdapter):
    """requests-hardened's pinning adapter, plus the operator's allowed networks.

    requests-hardened refuses every private address; a province's own systems (a
    signal controller on a junction's LAN) live on one, so an address inside a
    network the operator listed is pinned as it is instead of refused.
    """

    def __init__(self, is_https: bool, networks: tuple[Network, ...]) -> None:
        super().__init__(is_https_proto=is_https, allow_loopback=False)
        self.networks = networks

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host = (parse_url(request.url).host or "").strip("[]")
        port = parse_url(request.url).port or (443 if self._is_https_proto else 80)
        try:
            ip = _resolve(host, port) if self.networks else None
        except (OSError, UnicodeError):
            raise requests.ConnectionError("Failed to resolve domain") from None
        if ip is None or not any(ip in net for net in self.networks):
            if not ip or ip.is_global:
                return super().build_connection_pool_key_attributes(request, verify, cert)
            raise requests.ConnectionError(f"address {ip} is not allowed")
        # An allowed internal address: pin it the way requests-hardened pins public ones.
        host_params, pool_kwargs = HTTPAdapter.build_connection_pool_key_attributes(
            self, request, verify, cert
        )
        original = host_params["host"]
        request.headers["Host"] = (f"[{original}]" if ":" in original else original) + (
            f":{host_params['port']}" if host_params["port"] else ""
        )
        if self._is_https_proto:
            pool_kwargs["assert_hostname"] = original
            pool_kwargs["server_hostname"] = original
        host_params["host"] = str(ip) if ip.version == 4 else f"[{ip}]"
        return host_params, pool_kwargs


def guarded_session(networks: tuple[Network, ...] | None = None) -> requests.Session:
    """A requests session whose every connection passes the guard."""
    networks = allowed_networks() if networks is None else networks
    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment
    session.mount("http://", _GuardedAdapter(False, networks))
    session.mount("https://", _GuardedAdapter(True, networks))
    return session


def check_url(url: str, *, allowed_hosts: Iterable[str] | None = None) -> str:
    """The URL's host as the fetching code sees it; refuses what is never fetched."""
    if (
        not isinstance(url, str)
        or len(url) > 2000
        or "\\" in url
        or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url)
    ):
        raise OutboundRefused("malformed URL")
    try:
        prepared = requests.Request("GET", url).prepare()
        parts = parse_url(prepared.url or "")
    except (requests.RequestException, ValueError) as exc:
        raise OutboundRefused(f"unparseable URL: {exc.__class__.__name__}") from None
    if parts.scheme not in ("http", "https") or not parts.host:
        raise OutboundRefused("only http(s) URLs with a host")
    if parts.auth:
        raise OutboundRefused("credentials in the URL")
    host = parts.host.strip("[]").lower()
    if allowed_hosts is not None and host not in {h.strip().lower() for h in allowed_hosts}:
        raise OutboundRefused(f"host {host} not allowed")
    return host


def fetch(
    method: str,
    url: str,
    *,
    allowed_hosts: Iterable[str] | None = None,
    max_bytes: int = 10 * 1_048_576,
    timeout: float = 10,
    session: requests.Session | None = None,
    **kwargs: Any,
) -> tuple[int, bytes, requests.structures.CaseInsensitiveDict]:
    """One guarded request: (status, body up to ``max_bytes``, headers).

    Raises OutboundRefused for a refused URL, an unreachable or refused address, a
    redirect, a timeout or a body over the cap — always with the same message.
    """
    http = session or guarded_session()
    try:
        with open_stream(
            method, url, session=http, allowed_hosts=allowed_hosts, timeout=timeout, **kwargs
        ) as response:
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise OutboundRefused("answer larger than the cap")
            return response.status_code, bytes(body), response.headers
    except requests.RequestException as exc:
        log.info("outbound request refused or failed: %s", exc.__class__.__name__)
        raise OutboundRefused(exc.__class__.__name__) from None
    finally:
        if session is None:
            http.close()


def open_stream(
    method: str,
    url: str,
    *,
    session: requests.Session,
    allowed_hosts: Iterable[str] | None = None,
    timeout: float = 10,
    **kwargs: Any,
) -> requests.Response:
    """One guarded request whose answer the caller reads (``iter_content``) and closes:
    for answers passed on as they arrive (the exchange axis's gateway). The same
    refusals as ``fetch`` up to the answer's headers; reading the body may raise
    ``requests.RequestException``."""
    check_url(url, allowed_hosts=allowed_hosts)
    try:
        response = session.request(
            method, url, timeout=timeout, allow_redirects=False, stream=True, **kwargs
        )
    except requests.RequestException as exc:
        log.info("outbound request refused or failed: %s", exc.__class__.__name__)
        raise OutboundRefused(exc.__class__.__name__) from None
    if response.is_redirect:
        response.close()
        raise OutboundRefused(f"redirect {response.status_code}")
    return response
