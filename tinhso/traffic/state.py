from __future__ import annotations

from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.traffic.choices import ViolationStatus as V

TRANSITIONS: dict[str, set[str]] = {
    V.DETECTED: {V.VERIFIED, V.REJECTED},
    V.VERIFIED: {V.NOTICE_ISSUED, V.REJECTED},
    V.NOTICE_ISSUED: {V.PAID, V.CLOSED},
    V.PAID: {V.CLOSED},
    V.REJECTED: set(),
    V.CLOSED: set(),
}


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise ActionError(
            _("Không thể chuyển vi phạm từ “%(from)s” sang “%(to)s”.")
            % {"from": V(current).label, "to": V(target).label},
            code="illegal_transition",
        )
