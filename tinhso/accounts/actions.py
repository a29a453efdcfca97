"""Every change to accounts, roles and MFA: one transaction, one audit row each."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, PendingSignup, User
from tinhso.accounts.permissions import STAFF_MANAGERS, forget_memberships, require_role_over
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify


def _check_unique(*, phone: str, email: str | None, citizen_id: str | None, exclude: int | None):
    others = User.objects.exclude(pk=exclude) if exclude else User.objects.all()
    if others.filter(phone=phone).exists():
        raise ActionError(_("Số điện thoại này đã được đăng ký."), field="phone", code="duplicate")
    if email and others.filter(email__iexact=email).exists():
        raise ActionError(_("Thư điện tử này đã được dùng."), field="email", code="duplicate")
    if citizen_id and others.filter(citizen_id=citizen_id).exists():
        raise ActionError(
            _("Số định danh này đã gắn với một tài khoản khác."),
            field="citizen_id",
            code="duplicate",
        )


@transaction.atomic
def do_update_profile(
    user: User, *, acting_user: User, request: HttpRequest | None = None, **fields: Any
) -> User:
    email = (fields.get("email") or "").lower() or None
    citizen_id = fields.get("citizen_id") or None
    _check_unique(phone=user.phone, email=email, citizen_id=citizen_id, exclude=user.pk)
    changed = {}
    for name, value in {
        "full_name": fields.get("full_name", user.full_name),
        "email": email,
        "citizen_id": citizen_id,
        "language": fields.get("language", user.language),
    }.items():
        if getattr(user, name) != value:
            changed[name] = True
            setattr(user, name, value)
    if changed:
        user.save(update_fields=list(changed))
        # Which fields changed, not their values: the log must not become a copy
        # of personal data (Decree 13/2023).
        write_audit(
            "account.profile_updated",
            actor=acting_user,
            obj=user,
            request=request,
            data={"fields": sorted(changed)},
        )
    return user


@transaction.atomic
def do_set_password(
    user: User, password: str, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password", code="weak") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    write_audit("account.password_set", actor=acting_user, obj=user, request=request)


@transaction.atomic
def do_set_language(user: User, language: str, *, request: HttpRequest | None = None) -> None:
    """Remember the chosen language on the account, for messages sent later."""
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    write_audit(
        "account.language_set", actor=user, obj=user, request=request, data={"to": language}
    )


def record_password_changed(user: User, *, request: HttpRequest | None = None) -> None:
    """Django's password-change form has saved the new password; log it."""
    write_audit("account.password_changed", actor=user, obj=user, request=request)


def record_mfa_attempt(user: User, *, succeeded: bool, request: HttpRequest | None = None) -> None:
    """Every second-factor attempt is logged: a run of failures is what an attack looks like."""
    write_audit(
        "mfa.verified" if succeeded else "mfa.failed", actor=user, obj=user, request=request
    )


def activation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:activate", args=[uid, token])


@transaction.atomic
def do_create_official(
    *,
    acting_user: User,
    full_name: str,
    phone: str,
    email: str | None,
    org_unit: OrgUnit,
    role: str,
    request: HttpRequest | None = None,
) -> User:
    """A unit admin opens an account for an official in a unit they manage.

    The account has no password: the official receives a one-time link, sets
    their own password and enrols an authenticator app before any official page.
    """
    require_role_over(acting_user, STAFF_MANAGERS, org_unit)
    email = email.lower() if email else None
    _check_unique(phone=phone, email=email, citizen_id=None, exclude=None)
    PendingSignup.objects.filter(phone=phone).delete()  # they can no longer open
    user = User.objects.create_user(
        phone, None, email=email, full_name=full_name, kind=UserKind.OFFICIAL
    )
    write_audit("account.official_created", actor=acting_user, obj=user, request=request)
    do_grant_role(user, org_unit, role, acting_user=acting_user, request=request)
    link = activation_link(user)
    notify(
        user,
        "official_activation",
        {"user": user, "link": link, "org_unit": org_unit, "by": acting_user},
        channels=[Channel.SMS, Channel.EMAIL],
        link=link,
    )
    return user


@transaction.atomic
def do_grant_role(
    user: User,
    org_unit: OrgUnit,
    role: str,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Membership:
    require_role_over(acting_user, STAFF_MANAGERS, org_unit)
    if role not in Role.values:
        raise ActionError(_("Vai trò không hợp lệ."), field="role")
    if role == Role.SYSTEM_ADMIN and not _is_system_admin(acting_user):
        raise ActionError(_("Chỉ quản trị hệ thống mới cấp được vai trò này."), field="role")
    if not user.is_official:
        raise ActionError(_("Chỉ cấp vai trò cho tài khoản cán bộ."), field="user")
    membership, created = Membership.objects.get_or_create(
        user=user, org_unit=org_unit, role=role, defaults={"granted_by": acting_user}
    )
    if not created:
        raise ActionError(_("Cán bộ đã có vai trò này tại đơn vị."), code="duplicate")
    write_audit(
        "role.granted",
        actor=acting_user,
        obj=user,
        request=request,
        data={"role": role, "org_unit": org_unit.identifier},
    )
    forget_memberships(user)
    return membership


@transaction.atomic
def do_revoke_role(
    membership: Membership, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    require_role_over(acting_user, STAFF_MANAGERS, membership.org_unit)
    if membership.role == Role.SYSTEM_ADMIN and not _is_system_admin(acting_user):
        raise ActionError(_("Chỉ quản trị hệ thống mới thu hồi được vai trò này."))
    if membership.user_id == acting_user.pk and membership.role in STAFF_MANAGERS:
        raise ActionError(_("Không thể tự thu hồi quyền quản trị của chính mình."))
    write_audit(
        "role.revoked",
        actor=acting_user,
        obj=membership.user,
        request=request,
        data={"role": membership.role, "org_unit": membership.org_unit.identifier},
    )
    membership.delete()
    forget_memberships(membership.user)


def _is_system_admin(user: User) -> bool:
    from tinhso.accounts.permissions import roles_of

    return user.is_superuser or Role.SYSTEM_ADMIN in roles_of(user)


@transaction.atomic
def do_start_totp_enrolment(user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator secret (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)


@transaction.atomic
def do_confirm_totp(
    user: User, device: TOTPDevice, token: str, *, request: HttpRequest | None = None
) -> None:
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ActionError(_("Mã xác thực không đúng hoặc đã hết hạn."), field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    write_audit("mfa.enrolled", actor=user, obj=user, request=request)


@transaction.atomic
def do_reset_mfa(user: User, *, acting_user: User, request: HttpRequest | None = None) -> None:
    """For a lost phone: the official enrols again at the next sign-in."""
    memberships = list(user.memberships.select_related("org_unit"))
    if not memberships and not _is_system_admin(acting_user):
        raise ActionError(_("Chỉ quản trị hệ thống mới đặt lại được xác thực hai lớp."))
    for membership in memberships:
        require_role_over(acting_user, STAFF_MANAGERS, membership.org_unit)
    TOTPDevice.objects.filter(user=user).delete()
    write_audit("mfa.reset", actor=acting_user, obj=user, request=request)
