"""The OpenID Connect provider's pages: only the endpoints a provider needs.

django-oauth-toolkit also ships pages where any signed-in person registers client
apps, device-flow pages and dynamic client registration; none of them is mounted.
Apps are registered by a system administrator (admin, or
``manage.py register_oidc_client``).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.urls import path, re_path
from oauth2_provider import views as oauth_views
from oauth2_provider.exceptions import InvalidOIDCClientError
from oauth2_provider.models import get_application_model

from tinhso.accounts.models import SsoClient


def _client_of(request: Any) -> Any:
    client_id = request.POST.get("client_id") or request.GET.get("client_id") or ""
    if not client_id or len(client_id) > 100:
        return None
    return get_application_model().objects.filter(client_id=client_id).first()


class ConsentView(oauth_views.AuthorizationView):
    """Authorize: our consent page; errors go back to the app only at a registered URI."""

    template_name = "accounts/sso_consent.html"

    def error_response(self, error: Any, application: Any, **kwargs: Any):
        # django-oauth-toolkit redirects every non-fatal error to the redirect_uri the
        # request carried, even when that URI was never checked (e.g. a bogus
        # response_type is refused before the URI is). Never send a browser to a URI
        # that is not registered for the client: show our page instead.
        redirect_uri = getattr(error.oauthlib_error, "redirect_uri", None) or ""
        client = application or _client_of(self.request)
        if redirect_uri and client is not None and client.redirect_uri_allowed(redirect_uri):
            return super().error_response(error, client, **kwargs)
        return render(
            self.request,
            "accounts/sso_error.html",
            {"error": getattr(error.oauthlib_error, "error", "invalid_request")},
            status=400,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = context.get("application")
        policy = (
            SsoClient.objects.select_related("operator").filter(application=application).first()
        )
        context["operator"] = policy.operator if policy else None
        context["scope_items"] = list(
            zip(context.get("scopes", []), context.get("scopes_descriptions", []), strict=False)
        )
        return context


class LogoutView(oauth_views.RPInitiatedLogoutView):
    """RP-initiated logout; an unknown client_id is the app's mistake (400), not ours."""

    def get_request_application(self, id_token: Any, client_id: Any) -> Any:
        try:
            return super().get_request_application(id_token, client_id)
        except get_application_model().DoesNotExist:
            raise InvalidOIDCClientError() from None


urlpatterns = [
    path("authorize/", ConsentView.as_view(), name="authorize"),
    path("token/", oauth_views.TokenView.as_view(), name="token"),
    path("revoke_token/", oauth_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("introspect/", oauth_views.IntrospectTokenView.as_view(), name="introspect"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        oauth_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", oauth_views.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", oauth_views.UserInfoView.as_view(), name="user-info"),
    path("logout/", LogoutView.as_view(), name="rp-initiated-logout"),
]
