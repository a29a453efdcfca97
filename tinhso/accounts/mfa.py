"""The second factor (an authenticator app's six-digit code, TOTP): checked at sign-in
and asked again before an act that commits the official — signing a document."""

from __future__ import annotations

import math
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhso.core.errors import ActionError


def match_token(devices: list[TOTPDevice], token: str) -> tuple[TOTPDevice | None, str]:
    """The device that accepts ``token``, or None and the message to show.

    django-otp throttles a device after a wrong code (the wait doubles each
    time); say how long to wait instead of a bare "wrong code".
    """
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
            return None, _("Nhập sai nhiều lần. Vui lòng chờ %(seconds)d giây rồi thử lại.") % {
                "seconds": seconds
            }
    for device in devices:
        if device.verify_token(token):
            return device, ""
    return None, _("Mã xác thực không đúng hoặc đã hết hạn.")


def confirm_code(user: Any, token: str) -> None:
    """Refuse (ActionError on the field ``code``) unless ``token`` is the official's
    current code. A code is accepted once: django-otp remembers the last one used."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        raise ActionError(
            _("Tài khoản chưa bật xác thực hai lớp; hãy bật trước khi ký."), field="code"
        )
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or len(token) > 8:
        raise ActionError(_("Nhập mã 6 chữ số từ ứng dụng xác thực."), field="code")
    device, error = match_token(devices, token)
    if device is None:
        raise ActionError(error, field="code")
