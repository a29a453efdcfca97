"""What official documents plug into: the console menu with what waits for each
official, and the IOC's live indicators."""

from __future__ import annotations

from typing import Any

from django.urls import reverse, reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, navigation, verification
from tinhso.documents import derived as figures
from tinhso.documents import permissions
from tinhso.documents.models import OutgoingDocument


def waiting_for(user: Any) -> int:
    """Parts this official holds, documents waiting for this leader to assign, drafts
    waiting for their review or signature, signed documents waiting for this clerk."""
    return (
        permissions.open_assignments_of(user).count()
        + permissions.documents_to_assign(user).count()
        + permissions.drafts_to_review(user).count()
        + permissions.documents_to_sign(user).count()
        + permissions.documents_to_issue(user).count()
    )


def verification_page(token: str) -> str | None:
    """The public page of an issued document whose QR code was scanned."""
    found = OutgoingDocument.objects.filter(verify_token=token).values_list("pk", flat=True)
    first = found.first()
    return reverse("documents_public:check", args=[token]) if first else None


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "documents",
            25,
            pgettext_lazy("menu", "Văn bản"),
            "documents:my_work",
            holds_any(*permissions.STAFF),
            to_do=waiting_for,
        )
    )
    register_indicators()
    verification.register(verification_page)


def register_indicators() -> None:
    records = reverse_lazy("documents:incoming_list")
    for key, label, compute, url in (
        ("documents_received", _("Văn bản đến"), figures.documents_received, records),
        (
            "documents_on_time_rate",
            _("Tỷ lệ văn bản đến xử lý đúng hạn (%)"),
            figures.documents_on_time_rate,
            records,
        ),
        (
            "documents_overdue",
            _("Văn bản đến quá hạn xử lý"),
            figures.documents_overdue,
            format_lazy("{}?late=on", records),
        ),
        (
            "documents_issued",
            _("Văn bản đi đã ban hành"),
            figures.documents_issued,
            reverse_lazy("documents:outgoing_list"),
        ),
        (
            "documents_signed_share",
            _("Tỷ lệ văn bản đi ký số (%)"),
            figures.documents_signed_share,
            reverse_lazy("documents:outgoing_list"),
        ),
    ):
        derived.register(derived.DerivedIndicator(key, label, compute, url))
