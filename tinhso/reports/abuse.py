"""Who may send reports and questions, how often, and which wait for a moderator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.text import fold
from tinhso.core.throttle import count_one, counted
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
    """Refuse banned senders and floods. `account_key` names the sender: an account,
    or for Open311 the client app plus the reporter's e-mail or device. Checked
    before the work; counted by record_sent() after it is stored."""
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
        raise ActionError(
            _("Bạn đã gửi quá nhiều trong một giờ. Vui lòng thử lại sau."), code="rate_limited"
        )


def record_sent(*, account_key: str | None, ip: str | None = None) -> None:
    """Count a submission once it is stored (a mistyped form does not use up the limit)."""

    def count() -> None:
        if account_key is not None:
            count_one(f"report:acct:{account_key}", HOUR)
        if ip is not None:
            count_one(f"report:ip:{ip}", HOUR)

    transaction.on_commit(count)


def should_hold(text: str, api_client: Any = None) -> bool:
    """Held reports wait in the moderation queue instead of going public at once."""
    if api_client is not None and api_client.hold_for_moderation:
        return True
    folded = fold(text)
    return any(fold(word) in folded for word in settings.REPORT_HOLD_WORDS if word.strip())
