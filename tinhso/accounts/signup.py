"""Sign-up by phone: a pending sign-up, an SMS code, then the account.

The account is created only when the code is entered, from exactly the data typed in
the browser session that received the code's page (``PendingSignup``). Another
sign-up for the same number is another row and changes nothing here, so nobody can
swap the password or e-mail of someone else's sign-up (issue 11, finding 3).

The form answers the same whether or not the number already has an account; its
owner is told by SMS instead (finding 17). E-mail and citizen-ID clashes are settled
at activation, after the phone is proven, for the same reason.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from tinhso.accounts.choices import UserKind
from tinhso.accounts.login_code import wrong_code_message
from tinhso.accounts.models import PendingSignup, PhoneVerification, User
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError
from tinhso.core.notify import notify

PENDING_SIGNUP_LIFETIME = timedelta(days=1)
NOTICE = ""  # code_hash of an SMS that told the owner of a registered number; matches no code


def _hash_code(signup: PendingSignup, code: str) -> str:
    return salted_hmac("tinhso.phone-code", f"signup:{signup.pk}:{code}").hexdigest()


def _texts_to(phone: str):
    """Every sign-up SMS sent to this number, whichever sign-up asked for it."""
    return PhoneVerification.objects.filter(signup__phone=phone)


def _seconds_since_last_text(phone: str) -> float:
    last = _texts_to(phone).order_by("-created_at").first()
    return (timezone.now() - last.created_at).total_seconds() if last else float("inf")


def _check_daily_cap(phone: str) -> None:
    since = timezone.now() - timedelta(days=1)
    if _texts_to(phone).filter(created_at__gte=since).count() >= settings.PHONE_CODES_PER_DAY:
        raise ActionError(
            _("Số điện thoại này đã nhận quá nhiều mã hôm nay. Vui lòng thử lại vào ngày mai."),
            code="daily_cap",
        )


@transaction.atomic
def do_start_signup(
    *,
    full_name: str,
    phone: str,
    password: str,
    email: str | None = None,
    citizen_id: str | None = None,
    kind: str = UserKind.CITIZEN,
    language: str = "vi",
    mine: PendingSignup | None = None,
    request: HttpRequest | None = None,
) -> PendingSignup:
    """Keep the sign-up and text a code (or tell a registered number's owner).

    ``mine`` is the pending sign-up this browser session already started, if any:
    sending the form again from the same browser updates it rather than adding one.
    """
    if kind not in (UserKind.CITIZEN, UserKind.BUSINESS):
        raise ActionError(_("Loại tài khoản không hợp lệ."), field="kind")
    PendingSignup.objects.filter(created_at__lt=timezone.now() - PENDING_SIGNUP_LIFETIME).delete()
    signup = mine if mine is not None and mine.phone == phone else PendingSignup(phone=phone)
    signup.full_name = full_name
    signup.email = email.lower() if email else ""
    signup.citizen_id = citizen_id or ""
    signup.kind = kind
    signup.language = language
    try:
        validate_password(
            password, User(phone=phone, full_name=full_name, email=signup.email or None)
        )
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password", code="weak") from exc
    _check_daily_cap(phone)
    signup.password = make_password(password)
    signup.phone_taken = User.objects.filter(phone=phone).exists()
    signup.save()
    write_audit("account.signup_started", obj=signup, request=request, data={"kind": kind})
    if _seconds_since_last_text(phone) >= settings.PHONE_CODE_RESEND_SECONDS:
        _text(signup)
    # else: a double-clicked form or a second browser; the code sent a moment ago is
    # still valid where it was asked for, and "send again" works after the cool-down.
    return signup


def _text(signup: PendingSignup) -> None:
    now = timezone.now()
    if signup.phone_taken:
        PhoneVerification.objects.create(signup=signup, code_hash=NOTICE, expires_at=now)
        notify(signup, "signup_phone_taken", {}, channels=[Channel.SMS])
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    PhoneVerification.objects.create(
        signup=signup, code_hash=_hash_code(signup, code), expires_at=now + settings.PHONE_CODE_TTL
    )
    minutes = int(settings.PHONE_CODE_TTL.total_seconds() // 60)
    notify(signup, "phone_code", {"code": code, "minutes": minutes}, channels=[Channel.SMS])


@transaction.atomic
def do_send_phone_code(signup: PendingSignup, *, request: HttpRequest | None = None) -> None:
    if _seconds_since_last_text(signup.phone) < settings.PHONE_CODE_RESEND_SECONDS:
        raise ActionError(
            _("Mã vừa được gửi. Vui lòng chờ một phút rồi yêu cầu gửi lại."), code="too_soon"
        )
    _check_daily_cap(signup.phone)
    signup.phone_taken = User.objects.filter(phone=signup.phone).exists()
    signup.save(update_fields=["phone_taken"])
    _text(signup)
    write_audit("account.phone_code_sent", obj=signup, request=request)


class _WrongCode(ActionError):
    def __init__(self, verification: PhoneVerification | None) -> None:
        super().__init__(_("Mã xác minh không đúng."), field="code", code="wrong")
        self.verification = verification


@transaction.atomic
def do_verify_phone(
    signup: PendingSignup, code: str, *, request: HttpRequest | None = None
) -> tuple[User, list[str]]:
    """Open the account typed into this sign-up; returns it and the fields left out."""
    verification = (
        PhoneVerification.objects.select_for_update()
        .filter(signup=signup, used_at=None)
        .order_by("-created_at")
        .first()
    )
    if verification is None or verification.code_hash == NOTICE:
        # No code was ever sent for this sign-up (the number has an account): the same
        # answer as a wrong code, so the page tells nobody that.
        raise _WrongCode(None)
    if verification.expires_at < timezone.now():
        raise ActionError(_("Mã đã hết hạn. Hãy yêu cầu gửi mã mới."), field="code", code="expired")
    if verification.attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
        raise ActionError(
            _("Đã nhập sai quá nhiều lần. Hãy yêu cầu gửi mã mới."), field="code", code="attempts"
        )
    verification.attempts += 1
    if not constant_time_compare(verification.code_hash, _hash_code(signup, code.strip())):
        raise _WrongCode(verification)
    if User.objects.filter(phone=signup.phone).exists():
        raise ActionError(
            _("Số điện thoại này đã có tài khoản. Vui lòng đăng nhập."), field="code", code="taken"
        )
    user, left_out = _account_from(signup)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent activation took the number first
        raise ActionError(
            _("Số điện thoại này đã có tài khoản. Vui lòng đăng nhập."), field="code", code="taken"
        ) from exc
    PendingSignup.objects.filter(phone=signup.phone).delete()
    data: dict[str, Any] = {"kind": user.kind, "left_out": left_out}
    write_audit("account.register", obj=user, request=request, data=data)
    write_audit("account.phone_verified", actor=user, obj=user, request=request)
    # The next step with it: the services, one tap away.
    notify(user, "welcome", {"user": user}, channels=[Channel.INBOX], link=reverse("core:home"))
    return user, left_out


def _account_from(signup: PendingSignup) -> tuple[User, list[str]]:
    user = User(
        phone=signup.phone,
        full_name=signup.full_name,
        kind=signup.kind,
        language=signup.language,
        password=signup.password,
        is_active=True,
        phone_verified_at=timezone.now(),
    )
    left_out = []
    if signup.email and not User.objects.filter(email__iexact=signup.email).exists():
        user.email = signup.email
    elif signup.email:
        left_out.append("email")
    if signup.citizen_id and not User.objects.filter(citizen_id=signup.citizen_id).exists():
        user.citizen_id = signup.citizen_id
    elif signup.citizen_id:
        left_out.append("citizen_id")
    return user, left_out


def verify_phone(
    signup: PendingSignup, code: str, *, request: HttpRequest | None = None
) -> tuple[User, list[str]]:
    """do_verify_phone, but a wrong code still counts as an attempt.

    The attempt counter must survive the rollback that the error causes, or a
    guesser could try all million codes; so it is written again afterwards.
    """
    try:
        return do_verify_phone(signup, code, request=request)
    except _WrongCode as exc:
        if exc.verification is not None:
            PhoneVerification.objects.filter(pk=exc.verification.pk).update(
                attempts=exc.verification.attempts
            )
            tries = exc.verification.attempts
        else:
            # No code was sent (the number has an account): count in the session, so
            # the answer has the same shape and tells nobody that.
            tries = _wrong_in_session(request)
        raise ActionError(wrong_code_message(tries), field="code", code="wrong") from None


def _wrong_in_session(request: HttpRequest | None) -> int:
    if request is None:
        return 1
    tries = int(request.session.get("signup_wrong_codes", 0)) + 1
    request.session["signup_wrong_codes"] = tries
    return tries
