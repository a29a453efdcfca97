"""A small per-address limit on the public look-up.

The look-up answers "code + last 4 digits": 10 000 guesses per code, so an
address gets LOOKUPS_PER_WINDOW tries per window.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from tinhso.core.audit import client_ip
from tinhso.core.throttle import over_limit


def too_many_lookups(request: HttpRequest) -> bool:
    return over_limit(
        f"lookup:{client_ip(request)}",
        settings.LOOKUPS_PER_WINDOW,
        settings.LOOKUP_WINDOW_SECONDS,
    )
