"""What incoming documents plug into: the console menu with what waits for each
official."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tinhso.accounts.permissions import holds_any
from tinhso.core import navigation
from tinhso.documents import permissions


def waiting_for(user: Any) -> int:
    """Parts this official holds, plus documents waiting for this leader to assign."""
    return (
        permissions.open_assignments_of(user).count()
        + permissions.documents_to_assign(user).count()
    )


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "documents",
            25,
            _("Văn bản đến"),
            "documents:my_work",
            holds_any(*permissions.STAFF),
            to_do=waiting_for,
        )
    )
