"""Officials pass three gates before any official page: a password of their
own, an enrolled authenticator app, and a verified one-time code this session."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_otp import user_has_device

# Paths that need a verified official (or, for SSO, a verified official if the
# person is one: citizens use SSO too).
OFFICIAL_ONLY_PREFIXES = ("/console/", "/admin/")
MFA_FOR_OFFICIALS_PREFIXES = ("/o/authorize",)


def needs_mfa(user) -> bool:
    return user.is_official or user.is_staff or user.is_superuser


class OfficialGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        official_only = path.startswith(OFFICIAL_ONLY_PREFIXES)
        if official_only or path.startswith(MFA_FOR_OFFICIALS_PREFIXES):
            response = self._gate(request, official_only)
            if response is not None:
                return response
        return self.get_response(request)

    def _gate(self, request: HttpRequest, official_only: bool) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            if official_only:
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
            return None  # the SSO view sends anonymous people to sign in itself
        if not needs_mfa(user):
            if official_only:
                return render(request, "accounts/officials_only.html", status=403)
            return None
        query = urlencode({"next": request.get_full_path()})
        if not user_has_device(user, confirmed=True):
            return HttpResponseRedirect(f"{reverse('accounts:mfa_setup')}?{query}")
        if not user.is_verified():
            return HttpResponseRedirect(f"{reverse('accounts:mfa_verify')}?{query}")
        return None
