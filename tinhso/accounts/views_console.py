"""The officials' console: the overview page and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import role_required
from tinhso.core import navigation
from tinhso.core.models import AuditEntry
from tinhso.core.paging import CappedPaginator


@login_required
def console(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("org_unit", "org_unit__area")
    return render(
        request,
        "accounts/console.html",
        {"memberships": memberships, "work": navigation.work_waiting(request.user)},
    )


@role_required(Role.SYSTEM_ADMIN)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()[:64]
    if action:
        entries = entries.filter(action__startswith=action)
    page = CappedPaginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page, "action": action})
