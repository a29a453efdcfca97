"""Numbers for the papers an agency issues: "Số: 12/KQ-UBND".

Decree 30/2020/NĐ-CP (Article 15): the number restarts at 1 on 1 January, per
register; after it come the paper's kind and the agency's abbreviation. The counter
row is locked while a number is taken, so two officials finishing at once never get
the same number, and a transaction that rolls back gives its number back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import IssueRegister, OrgUnit

# The abbreviation every People's Committee uses; other agencies take their initials.
COMMITTEE = "UBND"


def agency_abbreviation(unit: OrgUnit) -> str:
    """UBND for a People's Committee; otherwise the initials ("Sở Tư pháp" → "STP")."""
    if unit.kind == OrgUnitKind.PEOPLES_COMMITTEE:
        return COMMITTEE
    return "".join(word[0] for word in unit.name.split() if word[0].isalpha()).upper()


@transaction.atomic
def take_number(unit: OrgUnit, book: str, year: int | None = None) -> int:
    """The next number of ``unit``'s register ``book`` in ``year`` (this year unless
    told). Call it inside the transaction that writes the numbered record: the
    counter row stays locked until that commits, and a rollback gives the number back."""
    year = year or timezone.localdate().year
    register, _created = IssueRegister.objects.select_for_update().get_or_create(
        org_unit=unit, book=book, year=year
    )
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


def next_number(unit: OrgUnit, book: str) -> str:
    """The next number in `unit`'s register `book` this year, written out in full."""
    return f"{take_number(unit, book)}/{book}-{agency_abbreviation(unit)}"
