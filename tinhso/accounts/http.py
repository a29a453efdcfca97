from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from tinhso.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind login_required: ``user`` is a real User."""

    user: "User"
