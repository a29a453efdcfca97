"""Who may act where. Roles are held in an org unit and reach every unit below it.

A province-level role sees all communes; a commune role sees only its commune.
Memberships are read once per request and kept on the user object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce, wraps
from operator import or_
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tinhso.accounts.choices import Role
from tinhso.core.models import OrgUnit


def _memberships(user: Any) -> list[tuple[str, str, int]]:
    """(role, org unit path, org unit id) for each of the user's roles, cached."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_tinhso_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(org_unit__is_active=True).values_list(
                "role", "org_unit__path", "org_unit_id"
            )
        )
        user._tinhso_memberships = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {role for role, _path, _id in _memberships(user)}


def has_any_role(user: Any, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(role in wanted for role, _path, _id in _memberships(user))


def org_units_in_scope(user: Any, roles: Iterable[str] | None = None) -> QuerySet[OrgUnit]:
    """Every org unit the user reaches through one of ``roles`` (any role if None)."""
    wanted = set(roles) if roles is not None else None
    paths = {path for role, path, _id in _memberships(user) if wanted is None or role in wanted}
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def has_role_over(user: Any, role: str | Iterable[str], org_unit: OrgUnit) -> bool:
    """True if the user holds ``role`` in ``org_unit`` or in one of its ancestors."""
    wanted = {role} if isinstance(role, str) else set(role)
    return any(
        r in wanted and org_unit.path.startswith(path) for r, path, _id in _memberships(user)
    )


def require_role_over(user: Any, role: str | Iterable[str], org_unit: OrgUnit) -> None:
    if not has_role_over(user, role, org_unit):
        raise PermissionDenied


STAFF_MANAGERS = (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)


def holds_any(*roles: str) -> Callable[[Any], bool]:
    """``user → bool`` for a menu entry: a superuser, or one of ``roles`` anywhere."""
    return lambda user: bool(user.is_superuser or has_any_role(user, roles))


def role_required(*roles: str) -> Callable:
    """The view needs one of ``roles`` somewhere; objects are then scoped by unit."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not holds_any(*roles)(request.user):
                return render(request, "core/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def forget_memberships(user: Any) -> None:
    """Drop the per-request cache after roles change."""
    if hasattr(user, "_tinhso_memberships"):
        del user._tinhso_memberships
