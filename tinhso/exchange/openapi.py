"""A service's OpenAPI description, uploaded or fetched from the provider.

JSON or YAML (OpenAPI 3.x; a `paths` object), at most MAX_BYTES. YAML anchors and
aliases are refused before loading: a small document of nested aliases expands into
gigabytes ("billion laughs"), and a real description does not need them.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.utils.translation import gettext as _

from tinhso.core import outbound
from tinhso.core.errors import ActionError
from tinhso.core.input_guard import MAX_DEPTH, BadInput, parse_json

MAX_BYTES = 1_000_000
# libyaml's parser when PyYAML was built with it: iterative, and a hundred times faster
# than the pure-Python one, which recursed and took minutes on a deeply nested file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse(message: str) -> ActionError:
    return ActionError(message, field="openapi")


def read(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise _refuse(_("Mô tả OpenAPI dài quá 1 MB."))
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        try:
            document = parse_json(text)
        except BadInput:
            raise _refuse(_("Mô tả OpenAPI không phải JSON hợp lệ.")) from None
    else:
        document = _yaml(text)
    if (
        not isinstance(document, dict)
        or not str(document.get("openapi", "")).startswith("3.")
        or not isinstance(document.get("paths"), dict)
    ):
        raise _refuse(_("Cần một mô tả OpenAPI 3 (JSON hoặc YAML) có mục paths."))
    return document


def _yaml(text: str) -> Any:
    """Checked event by event first: no anchors or aliases, nesting no deeper than the
    input guard allows JSON (the loader recurses as deep as the document goes)."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _refuse(_("Mô tả OpenAPI dạng YAML không được dùng anchor và alias."))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refuse(_("Mô tả OpenAPI lồng nhau quá sâu."))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader, C or Python)
    except (yaml.YAMLError, RecursionError):
        raise _refuse(_("Mô tả OpenAPI không đọc được (JSON hoặc YAML).")) from None


def fetch(url: str) -> dict[str, Any]:
    """The description at the provider's address, through the SSRF guard."""
    try:
        status, body, _headers = outbound.fetch("GET", url, timeout=10, max_bytes=MAX_BYTES)
    except outbound.OutboundRefused:
        raise _refuse(_("Không tải được mô tả OpenAPI từ địa chỉ này.")) from None
    if status != 200:
        raise _refuse(
            _("Địa chỉ trả lời mã %(status)s, không phải mô tả OpenAPI.") % {"status": status}
        )
    return read(body)
