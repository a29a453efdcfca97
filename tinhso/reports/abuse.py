"""Who may send reports and questions, how often, and which wait for a moderator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.text import fold
from tinhso.core.throttle import counted, over_limit
from tinhso.reports.models import Ban

HOUR = 3600


def is_banned(user: Any, ip: str | None) -> bool:
    who = Q()
    if user is not None and getattr(user, "pk", None):
        who |= Q(user=user)
    if ip:
        who |= Q(ip_address=ip)
    if not who:
        return False
    active = Q(until__isnull=True) | Q(until__gt=timezone.now())
    return Ban.objects.filter(who & active).exists()


def check_sender(*, account_key: str | None, user: Any = None, ip: str | None = None) -> None:
    """A cheap early refusal (banned, or already at the limit) before costly work such
    as fetching a media_url. It counts nothing: reserve() does, atomically."""
    if is_banned(user, ip):
        raise ActionError(
            _("Tài khoản hoặc địa chỉ này đang bị chặn gửi phản ánh. Liên hệ đơn vị quản lý."),
            code="banned",
        )
    limited = (
        account_key is not None
        and counted(f"report:acct:{account_key}") >= settings.REPORTS_PER_ACCOUNT_HOUR
    ) or (ip is not None and counted(f"report:ip:{ip}") >= settings.REPORTS_PER_IP_HOUR)
    if limited:
        raise _flooding()


def reserve(*, account_key: str | None, user: Any = None, ip: str | None = None) -> None:
    """Refuse banned senders and floods, counting this submission. Call it inside the
    transaction that stores the submission: the counter row stays locked until the
    commit, so 30 parallel posts let exactly the limit through, and a submission that
    is refused later (a mistyped form) rolls its count back with it."""
    check_sender(account_key=account_key, user=user, ip=ip)
    over = account_key is not None and over_limit(
        f"report:acct:{account_key}", settings.REPORTS_PER_ACCOUNT_HOUR, HOUR
    )
    over = (
        ip is not None and over_limit(f"report:ip:{ip}", settings.REPORTS_PER_IP_HOUR, HOUR)
    ) or over
    if over:
        raise _flooding()


def _flooding() -> ActionError:
    return ActionError(
        _("Bạn đã gửi quá nhiều trong một giờ. Vui lòng thử lại sau."), code="rate_limited"
    )


def should_hold(text: str, api_client: Any = None) -> bool:
    """Held reports wait in the moderation queue instead of going public at once."""
    if api_client is not None and api_client.hold_for_moderation:
        return True
    folded = fold(text)
    return any(fold(word) in folded for word in settings.REPORT_HOLD_WORDS if word.strip())
