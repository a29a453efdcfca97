"""Other members' systems, for the demo and the tests: the provincial police's
population database (CSDL dân cư), the environment department's air monitoring, and
the national portal's receiver of dossier changes — one small process standing in
for three systems the province does not run.

It is deliberately not Django and not Tỉnh số: a small WSGI app with its own data,
run as its own process (``gunicorn tinhso.exchange.demo_provider:app``), reached only
through the axis. It trusts the axis's ``X-Road-Client`` header, as a provider behind
its security server does, and keeps what it received in memory so that a test can
see exactly what arrived.

    GET  /citizens/{id}      → the citizen, or 404
    GET  /air/latest?area=…  → the latest PM2.5 of the station in that commune
    GET  /openapi.json       → its OpenAPI description
    POST /messages, /dossiers, /edoc → 200, once per X-Road-Id (a repeat says "duplicate")
    GET  /received           → what arrived (for the tests)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

# Made-up people: numbers of 12 digits that no real person can hold (the province
# code 099 is not assigned).
CITIZENS = {
    "099090000001": {
        "full_name": "Nguyễn Văn An",
        "birth_date": "1985-03-14",
        "gender": "Nam",
        "permanent_address": "Thôn 2, xã Diên An, tỉnh Bình An",
    },
    "099190000002": {
        "full_name": "Trần Thị Bình",
        "birth_date": "1992-11-02",
        "gender": "Nữ",
        "permanent_address": "Tổ 5, phường Bình An, tỉnh Bình An",
    },
    "099050000003": {
        "full_name": "Lê Văn Cường",
        "birth_date": "1958-07-30",
        "gender": "Nam",
        "permanent_address": "Thôn Phú Ân Nam, xã Diên An, tỉnh Bình An",
    },
    # The demo's citizen account (tinhso/accounts/demo.py).
    "099190000004": {
        "full_name": "Nguyễn Thị Bích",
        "birth_date": "1990-05-21",
        "gender": "Nữ",
        "permanent_address": "12 Lê Lợi, phường Bình An, tỉnh Bình An",
    },
}

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "CSDL dân cư (demo)", "version": "1.0"},
    "paths": {
        "/citizens/{id}": {
            "get": {
                "summary": "Tra cứu công dân theo số định danh",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "Công dân"},
                    "404": {"description": "Không có"},
                },
            }
        },
        "/messages": {"post": {"summary": "Nhận thông điệp", "responses": {"200": {}}}},
    },
}

_lock = threading.Lock()
_received: list[dict[str, Any]] = []
_delivered: set[str] = set()

Start = Callable[[str, list[tuple[str, str]]], Any]


def _json(start: Start, status: str, data: Any) -> Iterable[bytes]:
    body = json.dumps(data, ensure_ascii=False).encode()
    start(
        status,
        [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


def app(environ: dict[str, Any], start: Start) -> Iterable[bytes]:
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    seen = {
        "method": method,
        "path": path,
        "query": environ.get("QUERY_STRING", ""),
        "client": environ.get("HTTP_X_ROAD_CLIENT", ""),
        "message_id": environ.get("HTTP_X_ROAD_ID", ""),
        "authorization": environ.get("HTTP_AUTHORIZATION", ""),
        "cookie": environ.get("HTTP_COOKIE", ""),
        "body": body.decode("utf-8", "replace"),
    }
    with _lock:
        if path != "/received":
            _received.append(seen)
    if method == "GET" and path == "/received":
        with _lock:
            return _json(start, "200 OK", list(_received))
    if method == "GET" and path == "/openapi.json":
        return _json(start, "200 OK", OPENAPI)
    if method == "GET" and path.startswith("/citizens/"):
        number = path.removeprefix("/citizens/")
        person = CITIZENS.get(number)
        if person is None:
            return _json(start, "404 Not Found", {"error": "không có công dân với số này"})
        return _json(start, "200 OK", {"id": number, **person})
    if method == "GET" and path == "/air/latest":
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        row = {"station": "QT-01", "area": query.get("area", ""), "time": now.isoformat()}
        return _json(start, "200 OK", {"data": {"rows": [{**row, "pm25": 38.5}]}})
    if method == "POST" and path.rstrip("/") in ("/messages", "/dossiers", "/edoc"):
        with _lock:
            duplicate = seen["message_id"] in _delivered
            _delivered.add(seen["message_id"])
        return _json(start, "200 OK", {"received": seen["message_id"], "duplicate": duplicate})
    return _json(start, "404 Not Found", {"error": "không có"})
