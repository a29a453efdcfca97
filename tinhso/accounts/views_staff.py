"""Unit admins manage the officials of the units below them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts import actions
from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.forms import GrantRoleForm, OfficialForm
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.models import Membership, User
from tinhso.accounts.permissions import STAFF_MANAGERS, org_units_in_scope, role_required, roles_of
from tinhso.core.errors import ActionError


def _grantable_roles(user: User) -> list[tuple[str, Any]]:
    system_admin = user.is_superuser or Role.SYSTEM_ADMIN in roles_of(user)
    return [(v, label) for v, label in Role.choices if system_admin or v != Role.SYSTEM_ADMIN]


def _staff_in_scope(user: User):
    units = org_units_in_scope(user, STAFF_MANAGERS)
    return (
        User.objects.filter(kind=UserKind.OFFICIAL, memberships__org_unit__in=units)
        .distinct()
        .order_by("full_name")
    )


@role_required(*STAFF_MANAGERS)
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    staff = _staff_in_scope(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("org_unit"))
    )
    if query:
        staff = staff.filter(full_name__icontains=query)
    return render(request, "accounts/staff_list.html", {"staff": staff[:500], "q": query})


@role_required(*STAFF_MANAGERS)
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = org_units_in_scope(request.user, STAFF_MANAGERS)
    form = OfficialForm(request.POST or None, org_units=units, roles=_grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            official = actions.do_create_official(
                acting_user=request.user,
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"] or None,
                org_unit=data["org_unit"],
                role=data["role"],
                request=request,
            )
        except ActionError as exc:
            form.add_action_error(exc)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản và gửi liên kết kích hoạt cho %(name)s.")
                % {"name": official.full_name},
            )
            return redirect("staff:detail", pk=official.pk)
    return render(request, "accounts/staff_form.html", {"form": form})


def _official_in_scope(request: AuthenticatedHttpRequest, pk: int) -> User:
    # An official outside the admin's units is reported as missing, not forbidden,
    # so that outsiders cannot even learn who works where.
    try:
        return _staff_in_scope(request.user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


@role_required(*STAFF_MANAGERS)
def staff_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = _official_in_scope(request, pk)
    units = org_units_in_scope(request.user, STAFF_MANAGERS)
    form = GrantRoleForm(
        request.POST or None, org_units=units, roles=_grantable_roles(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_grant_role(
                official,
                form.cleaned_data["org_unit"],
                form.cleaned_data["role"],
                acting_user=request.user,
                request=request,
            )
        except ActionError as exc:
            form.add_action_error(exc)
        else:
            messages.success(request, _("Đã cấp vai trò."))
            return redirect("staff:detail", pk=official.pk)
    memberships = official.memberships.select_related("org_unit").order_by("org_unit__path")
    in_scope = set(units.values_list("pk", flat=True))
    return render(
        request,
        "accounts/staff_detail.html",
        {"official": official, "memberships": memberships, "form": form, "in_scope": in_scope},
    )


@require_POST
@role_required(*STAFF_MANAGERS)
def staff_revoke(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    official = _official_in_scope(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, user=official)
    try:
        actions.do_revoke_role(membership, acting_user=request.user, request=request)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("staff:detail", pk=official.pk)


@require_POST
@role_required(*STAFF_MANAGERS)
def staff_reset_mfa(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = _official_in_scope(request, pk)
    try:
        actions.do_reset_mfa(official, acting_user=request.user, request=request)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã đặt lại xác thực hai lớp; cán bộ sẽ cài lại khi đăng nhập.")
        )
    return redirect("staff:detail", pk=official.pk)
