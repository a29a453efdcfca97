"""Claims that other apps of the province receive through single sign-on."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class TinhSoValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "kind": "profile",
        "roles": "roles",
        "org_units": "roles",
        "phone_number": "phone",
        "phone_number_verified": "phone",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        memberships = list(
            user.memberships.select_related("org_unit").order_by("org_unit__path", "role")
        )
        return {
            "name": user.full_name,
            "kind": user.kind,
            "email": user.email or "",
            "email_verified": False,
            "phone_number": user.phone,
            "phone_number_verified": user.phone_verified_at is not None,
            "locale": user.language,
            "roles": sorted({m.role for m in memberships}),
            "org_units": [
                {"id": m.org_unit.identifier, "name": m.org_unit.name, "role": m.role}
                for m in memberships
            ],
        }
