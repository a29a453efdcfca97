from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.validators import validate_citizen_id
from tinhso.core.models import OrgUnit
from tinhso.core.text import display_phone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(phone=phone, **fields)
        if fields.get("email"):
            user.email = self.normalize_email(fields["email"]).lower()
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("kind", UserKind.OFFICIAL)
        fields.update(is_staff=True, is_superuser=True, phone_verified_at=timezone.now())
        return self.create_user(phone, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One account for every app of the province, for citizens and officials alike.

    People sign in with their phone number or e-mail; the phone number is the
    identifier because every Vietnamese resident has one and SMS reaches it.
    """

    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True)
    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    citizen_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_citizen_id],
    )
    kind = models.CharField(_("loại tài khoản"), max_length=10, choices=UserKind.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=5, default="vi")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.display_phone})"

    @property
    def display_phone(self) -> str:
        return display_phone(self.phone)

    @property
    def is_official(self) -> bool:
        return self.kind == UserKind.OFFICIAL

    if TYPE_CHECKING:
        # Added to request.user by django-otp's OTPMiddleware.
        def is_verified(self) -> bool: ...

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else ""


class Membership(models.Model):
    """An official's role in an organisation unit; it reaches every unit below."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cán bộ")
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò trong đơn vị")
        verbose_name_plural = _("vai trò trong đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="one_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.org_unit}"


class PendingSignup(models.Model):
    """A sign-up waiting for its SMS code. The account is made from it, and only from
    it, when the code is entered in the browser session that started it.

    A second sign-up for the same number (another browser, another password) is a
    separate row and cannot change this one. When the number already has an account
    no code is sent (``phone_taken``): its owner gets an SMS saying so, and the page
    answers exactly as for a new number, so the form tells nobody who is registered.
    """

    phone = models.CharField(max_length=16, db_index=True)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    citizen_id = models.CharField(max_length=12, blank=True)
    kind = models.CharField(max_length=10, choices=UserKind.choices)
    language = models.CharField(max_length=5, default="vi")
    password = models.CharField(max_length=128)  # a hash, as on User
    phone_taken = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def display_phone(self) -> str:
        return display_phone(self.phone)


class PhoneVerification(models.Model):
    """A code sent by SMS to prove a phone number belongs to the person signing up."""

    signup = models.ForeignKey(
        PendingSignup, on_delete=models.CASCADE, related_name="phone_verifications"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.signup_id} {self.created_at:%Y-%m-%d %H:%M}"


class SsoClient(models.Model):
    """What the province allows one registered app (an OAuth/OIDC client) to do.

    django-oauth-toolkit's Application holds the protocol side (client id, redirect
    URIs, grant type); this holds ours: the unit that runs the app (named on the
    consent page) and the API scopes an administrator allowed it. Identity scopes
    (openid, profile, email, phone, roles) are open to every registered app; an API
    scope is not, whatever the app asks for.
    """

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="policy",
        verbose_name=_("ứng dụng"),
    )
    operator = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị vận hành"),
    )
    api_scopes = models.JSONField(_("quyền gọi API được cấp"), default=list, blank=True)

    class Meta:
        verbose_name = _("ứng dụng đăng nhập một lần")
        verbose_name_plural = _("ứng dụng đăng nhập một lần")

    def __str__(self) -> str:
        return str(self.application)


class SsoAuthorization(models.Model):
    """One authorization code an app received for a person, and what came of it.

    Kept after the code is exchanged so that (1) every token from it knows whether
    the sign-in passed the second factor (``amr`` in the ID token, checked before
    officials' actions) and (2) a replayed code revokes every token issued from its
    first use (RFC 6749 §4.1.2).
    """

    code_hash = models.CharField(max_length=64, unique=True)
    application = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    mfa = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    exchanged_at = models.DateTimeField(null=True, blank=True)
    # The refresh-token family of the tokens issued from it (django-oauth-toolkit's).
    token_family = models.UUIDField(null=True, blank=True, db_index=True)
    replayed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}/{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class SsoToken(models.Model):
    """Which authorization an access token came from (directly or by refresh)."""

    access_token = models.OneToOneField(
        settings.OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL, on_delete=models.CASCADE, related_name="sso"
    )
    authorization = models.ForeignKey(
        SsoAuthorization, on_delete=models.CASCADE, related_name="tokens"
    )

    def __str__(self) -> str:
        return f"{self.access_token_id} ← {self.authorization_id}"
