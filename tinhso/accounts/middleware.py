"""Officials are only fully signed in after the second factor.

An official (or anyone with admin access) who has typed a correct password
may do nothing but enrol or enter a TOTP code, change language or sign out,
until the code is verified in this session. Citizens sign in with a password;
the official-only parts of the site refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

OFFICIAL_ONLY_PREFIXES = ("/console/", "/admin/")
# What a signed-in official may reach before the TOTP check.
BEFORE_MFA_PREFIXES = (
    "/accounts/mfa/",
    "/accounts/logout/",
    "/accounts/language/",
    "/static/",
    "/healthz",
    "/readyz",
    "/sw.js",
    "/manifest.webmanifest",
    "/offline/",
)


def needs_mfa(user: Any) -> bool:
    return bool(user.is_official or user.is_staff or user.is_superuser)


class OfficialGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._gate(request)
        return response if response is not None else self.get_response(request)

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        user = request.user
        official_only = path.startswith(OFFICIAL_ONLY_PREFIXES)
        if not user.is_authenticated:
            if official_only:
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
            return None
        if not needs_mfa(user):
            if official_only:
                return render(request, "accounts/officials_only.html", status=403)
            return None
        if user.is_verified() or path.startswith(BEFORE_MFA_PREFIXES):
            return None
        if path.startswith("/api/"):
            return JsonResponse({"detail": _("Cần xác thực hai lớp.")}, status=401)
        query = urlencode({"next": request.get_full_path()})
        step = (
            "accounts:mfa_verify" if user_has_device(user, confirmed=True) else "accounts:mfa_setup"
        )
        return HttpResponseRedirect(f"{reverse(step)}?{query}")
