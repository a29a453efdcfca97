"""X-Road's identifiers as the axis writes them (the REST message protocol, PR-REST):

- a client (a subsystem that calls): ``INSTANCE/CLASS/MEMBER/SUBSYSTEM`` — in the
  ``X-Road-Client`` header;
- a service: ``INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`` — the start of the path after
  the protocol version: ``/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE/rest/of/path``.

Each part is percent-encoded UTF-8 in the path; the axis accepts only the characters
X-Road allows in identifiers (letters, digits and ``-_.:``, no ``/``, ``;``, ``\\``,
``%``), so an encoded slash or a dot-dot can never become part of an identifier.
Django-free and small enough to read next to the protocol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROTOCOL = "r1"
# X-Road forbids : / \ % ; and whitespace and control characters in identifiers; we
# also keep them ASCII, short and free of dots-only values.
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
# The metaservices' codes are reserved: no provider may register a service by them.
METASERVICES = ("listClients", "listMethods", "allowedMethods", "getOpenAPI")


class BadIdentifier(ValueError):
    """An identifier that is not one; ``str()`` is safe to show to the caller."""


def valid_part(value: str) -> bool:
    return bool(_PART.match(value)) and value.strip(".") != ""


@dataclass(frozen=True)
class SubsystemId:
    instance: str
    member_class: str
    member_code: str
    subsystem: str

    def __str__(self) -> str:
        return f"{self.instance}/{self.member_class}/{self.member_code}/{self.subsystem}"

    @classmethod
    def parse(cls, text: str | None) -> SubsystemId:
        parts = (text or "").strip().split("/")
        if len(parts) != 4 or not all(valid_part(p) for p in parts):
            raise BadIdentifier("a client is INSTANCE/CLASS/MEMBER/SUBSYSTEM")
        return cls(*parts)

    def as_json(self) -> dict[str, str]:
        return {
            "object_type": "SUBSYSTEM",
            "xroad_instance": self.instance,
            "member_class": self.member_class,
            "member_code": self.member_code,
            "subsystem_code": self.subsystem,
        }


@dataclass(frozen=True)
class ServiceId:
    provider: SubsystemId
    service: str

    def __str__(self) -> str:
        return f"{self.provider}/{self.service}"

    def as_json(self) -> dict[str, str]:
        found = self.provider.as_json()
        return {**found, "object_type": "SERVICE", "service_code": self.service}


def parse_service(text: str | None) -> ServiceId:
    """``INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`` → a ServiceId (BadIdentifier if not)."""
    parts = (text or "").strip().split("/")
    if len(parts) != 5 or not all(valid_part(p) for p in parts):
        raise BadIdentifier("a service is INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE")
    return ServiceId(SubsystemId(*parts[:4]), parts[4])
