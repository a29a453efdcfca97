"""The SMS code that finishes a sign-in once an account is under attack (backoff.py).

The code is kept in the server-side session of the browser that typed the right
password, as a salted hash with its expiry and attempts; it is sent to the account's
own phone, at most once a minute and ``PHONE_CODES_PER_DAY`` times a day.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.accounts.models import User
from tinhso.core import throttle
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError
from tinhso.core.notify import notify

SESSION_KEY = "login_code"
DAY = 86_400


def _hash(user_pk: int, code: str) -> str:
    return salted_hmac("tinhso.login-code", f"{user_pk}:{code}").hexdigest()


def pending(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    state = request.session.get(SESSION_KEY) or {}
    user = User.objects.filter(pk=state.get("user") or 0, is_active=True).first() if state else None
    return user, state


def do_send_login_code(request: HttpRequest, user: User, *, next_url: str) -> None:
    """Keep the half-done sign-in in this session and text the account's phone a code."""
    _user, state = pending(request)
    if state.get("user") == user.pk and time.time() - state.get("sent", 0) < (
        settings.PHONE_CODE_RESEND_SECONDS
    ):
        raise ActionError(_("Mã vừa được gửi. Vui lòng chờ một phút rồi yêu cầu gửi lại."))
    if throttle.over_limit(f"login-sms:{user.pk}", settings.PHONE_CODES_PER_DAY, DAY):
        raise ActionError(
            _("Số điện thoại này đã nhận quá nhiều mã hôm nay. Vui lòng thử lại vào ngày mai.")
        )
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "hash": _hash(user.pk, code),
        "expires": time.time() + settings.PHONE_CODE_TTL.total_seconds(),
        "sent": time.time(),
        "attempts": 0,
        "next": next_url,
    }
    minutes = int(settings.PHONE_CODE_TTL.total_seconds() // 60)
    notify(user, "login_code", {"code": code, "minutes": minutes}, channels=[Channel.SMS])
    write_audit("auth.login_code_sent", actor=None, obj=user, request=request)


def check_login_code(request: HttpRequest, code: str) -> tuple[User, str]:
    """The user and where to go next, or ActionError (every try counts)."""
    user, state = pending(request)
    if user is None:
        raise ActionError(_("Phiên đăng nhập đã hết. Vui lòng đăng nhập lại."), code="expired")
    if time.time() > state["expires"]:
        raise ActionError(_("Mã đã hết hạn. Hãy yêu cầu gửi mã mới."), code="expired")
    if state["attempts"] >= settings.PHONE_CODE_MAX_ATTEMPTS:
        raise ActionError(_("Đã nhập sai quá nhiều lần. Hãy yêu cầu gửi mã mới."), code="attempts")
    state["attempts"] += 1
    request.session[SESSION_KEY] = state
    if not constant_time_compare(state["hash"], _hash(user.pk, code.strip())):
        raise ActionError(wrong_code_message(state["attempts"]), code="wrong")
    del request.session[SESSION_KEY]
    return user, state.get("next") or ""


def wrong_code_message(tries: int) -> str:
    """ "Wrong code", and how many tries are left (the citizen should not have to guess)."""
    left = max(0, settings.PHONE_CODE_MAX_ATTEMPTS - tries)
    return ngettext(
        "Mã xác minh không đúng. Bạn còn %(n)d lần thử.",
        "Mã xác minh không đúng. Bạn còn %(n)d lần thử.",
        left,
    ) % {"n": left}
