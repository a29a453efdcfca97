from __future__ import annotations

from ninja import Router, Schema

from tinhso.accounts.api_auth import user_auth
from tinhso.accounts.http import AuthenticatedHttpRequest

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    org_unit: str
    org_unit_name: str


class MeOut(Schema):
    id: int
    full_name: str
    kind: str
    phone: str
    email: str | None
    language: str
    roles: list[MembershipOut]


@router.get("/me", response=MeOut, auth=user_auth("openid"))
def me(request: AuthenticatedHttpRequest):
    """The signed-in person (by session or by an SSO bearer token)."""
    user = request.user
    return {
        "id": user.pk,
        "full_name": user.full_name,
        "kind": user.kind,
        "phone": user.phone,
        "email": user.email,
        "language": user.language,
        "roles": [
            {"role": m.role, "org_unit": m.org_unit.identifier, "org_unit_name": m.org_unit.name}
            for m in user.memberships.select_related("org_unit")
        ],
    }
