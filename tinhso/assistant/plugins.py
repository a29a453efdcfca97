"""What the assistant adds to the platform: the ranking of procedures for the catalogue
page's search box (core/search.py), and the catalogue team's console entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import navigation, search

# The catalogue box lists what comes near the best match, not a long tail of records
# sharing a common word with the question ("giấy phép" …).
NEAR_THE_BEST = 0.3


def procedure_codes(question: str, limit: int) -> list[str]:
    from tinhso.assistant import catalogue, ranking

    found = ranking.rank(catalogue.index(), question, limit=limit)
    best = found[0][1] if found else 0.0
    return [r.key for r, score in found if score >= NEAR_THE_BEST * best]


def register() -> None:
    search.register("procedures", procedure_codes)
    navigation.register(
        navigation.MenuItem(
            "assistant",
            70,
            _("Câu hỏi gửi trợ lý"),
            "assistant_desk:asked",
            holds_any(Role.SYSTEM_ADMIN),
        )
    )
