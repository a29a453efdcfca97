"""What the report actions share: who handles a report, the row lock, a status change
with its timeline entry, audit row and messages, and storing photos."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.permissions import has_role_over
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError
from tinhso.core.notify import notify
from tinhso.reports.choices import CLOSED_STATUSES
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Report, ReportPhoto, ReportUpdate
from tinhso.reports.photos import CleanPhoto, clean_photo
from tinhso.reports.state import check_transition

HANDLER_ROLES = (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)


MODERATOR_ROLES = (Role.APPROVER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)


MAX_DESCRIPTION = 5000


def can_handle(user: Any, report: Report) -> bool:
    return has_role_over(user, HANDLER_ROLES, report.unit)


def _clean_photos(photos: Iterable[Any]) -> list[CleanPhoto]:
    photos = list(photos)
    if len(photos) > settings.REPORT_MAX_PHOTOS:
        raise ActionError(
            _("Tối đa %(n)d ảnh.") % {"n": settings.REPORT_MAX_PHOTOS},
            field="photos",
            code="too_many",
        )
    return [clean_photo(photo) for photo in photos]


def _store_photos(report: Report, photos: list[CleanPhoto], kind: str) -> None:
    stored: list[ReportPhoto] = []
    try:
        for photo in photos:
            item = ReportPhoto(report=report, kind=kind, width=photo.width, height=photo.height)
            item.image.save("anh.jpg", ContentFile(photo.data), save=False)
            stored.append(item)
            item.save()
    except BaseException:
        for item in stored:
            item.image.delete(save=False)
        raise


def _change(
    report: Report,
    status: str,
    *,
    actor: User | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Report:
    check_transition(report.status, status)
    report.status = status
    if status in CLOSED_STATUSES:
        report.closed_at = timezone.now()
    report.save()
    ReportUpdate.objects.create(report=report, status=status, note=note, actor=actor)
    write_audit(f"report.{status}", actor=actor, obj=report, request=request)
    _tell_reporter_and_followers(report, R(status).label, note)
    return report


def _tell_reporter_and_followers(report: Report, status_label: Any, note: str) -> None:
    people = list(report.followers.filter(is_active=True))
    if report.reporter is not None and report.reporter not in people:
        people.append(report.reporter)
    for person in people:
        notify(
            person,
            "report_status",
            {"report": report, "status": status_label, "note": note},
            # A text message when it is finished, for reporters who do not open the app.
            channels=[Channel.INBOX, Channel.SMS]
            if person == report.reporter and report.status in CLOSED_STATUSES
            else [Channel.INBOX],
            link=reverse("reports:detail", args=[report.public_id]),
        )


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "category", "commune")
        .get(pk=report.pk)
    )
