from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tinhso.accounts.models import User
from tinhso.accounts.validators import normalize_phone


def canonical_login(identifier: str | None) -> str:
    """The one spelling of what a person typed to sign in: an e-mail or +84… phone."""
    value = (identifier or "").strip()
    if "@" in value:
        return value.lower()
    try:
        return normalize_phone(value)
    except ValidationError:
        return value


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes counts failures per canonical login, however it was typed."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return canonical_login(raw)


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login = canonical_login(username or kwargs.get("phone"))
        if not login or password is None:
            return None
        field = "email__iexact" if "@" in login else "phone"
        try:
            user = User.objects.get(**{field: login})
        except User.DoesNotExist:
            # Same work as a real check, so timing does not reveal who has an account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
