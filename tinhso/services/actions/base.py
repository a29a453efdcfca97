"""What every dossier action shares: the row lock, the permission check, and the
record of a change (status, timeline event, audit row, portal outbox, the applicant's
message after commit). Each flow's ``do_*`` lives in its own module beside this one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import clean_note
from tinhso.core.notify import notify
from tinhso.core.workdays import WorkCalendar
from tinhso.exchange import client as exchange
from tinhso.services.choices import CITIZEN_STATUS_LABELS, DossierStatus
from tinhso.services.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    PortalSyncEvent,
    RequiredDocument,
    WorkflowStep,
)
from tinhso.services.portal import portal_payload
from tinhso.services.state import check_transition
from tinhso.services.uploads import CheckedFile

S = DossierStatus
May = Callable[[User, Dossier], bool]


def locked(dossier: Dossier) -> Dossier:
    """Re-read the dossier with a row lock: two officials clicking at once act in turn."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "current_step", "current_step__org_unit")
        .get(pk=dossier.pk)
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def record(
    dossier: Dossier,
    kind: str,
    *,
    to_status: int,
    actor: User | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> DossierEvent:
    """Move to ``to_status`` (if legal), save, and write the event and the audit row."""
    from_status = dossier.status
    if to_status != from_status:
        check_transition(from_status, to_status)
    dossier.status = to_status
    dossier.save()
    event = DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        at=timezone.now(),
        from_status=from_status,
        to_status=to_status,
        step_name=dossier.current_step.name if dossier.current_step else "",
        note=note,
    )
    queue_portal_sync(dossier)
    write_audit(
        f"dossier.{kind}",
        actor=actor,
        obj=dossier,
        request=request,
        data={"from": from_status, "to": to_status},
    )
    if dossier.applicant_id and to_status != from_status:
        notify(
            dossier.applicant,
            "dossier_status",
            # The applicant's words for the status ("Cần bổ sung giấy tờ"), as on their page.
            {"dossier": dossier, "status": CITIZEN_STATUS_LABELS[S(to_status)], "note": note},
            channels=[Channel.INBOX, Channel.SMS],
            link=reverse("services:my_dossier", args=[dossier.code]),
        )
    return event


def queue_portal_sync(dossier: Dossier) -> None:
    """Write the national portal payload to the outbox. Through the data-exchange axis
    when PORTAL_SYNC_SERVICE is set: queued there in this same transaction, so the
    dossier's change and its message commit together and the axis delivers it; else
    pushed after commit to PORTAL_SYNC_URL if that is set (or exported by hand)."""
    from tinhso.services.tasks import push_portal_sync

    event = PortalSyncEvent.objects.create(dossier=dossier, payload=portal_payload(dossier))
    if settings.PORTAL_SYNC_SERVICE:
        _queue_on_the_axis(event)
    elif settings.PORTAL_SYNC_URL:
        transaction.on_commit(partial(push_portal_sync.enqueue, event.pk), robust=True)


# A dossier change's message id on the axis is derived from its event, so that queuing
# the same event twice is one message.
PORTAL_SYNC_NAMESPACE = uuid.UUID("e41650ae-054d-4c52-ab5b-650138d488b8")


def _queue_on_the_axis(event: PortalSyncEvent) -> None:
    message_id = uuid.uuid5(PORTAL_SYNC_NAMESPACE, f"portal-sync-{event.pk}")
    try:
        exchange.queue(
            settings.EXCHANGE_DESK_SUBSYSTEM,
            settings.PORTAL_SYNC_SERVICE,
            json.dumps(event.payload, ensure_ascii=False).encode(),
            path=settings.PORTAL_SYNC_PATH,
            message_id=message_id,
        )
    except exchange.Unavailable as unavailable:
        # The axis is misconfigured: the event stays unsent (export_portal_sync finds it).
        PortalSyncEvent.objects.filter(pk=event.pk).update(error=str(unavailable)[:2000])
        return
    PortalSyncEvent.objects.filter(pk=event.pk).update(
        sent_at=timezone.now(), axis_message_id=message_id
    )


def step_due(
    start: dt.datetime, step: WorkflowStep | None, calendar: WorkCalendar
) -> dt.datetime | None:
    if step is None:
        return None
    return calendar.add_working_days(start, math.ceil(step.days))


def store_generated(
    dossier: Dossier,
    kind: str,
    name: str,
    data: bytes,
    *,
    uploaded_by: User | None = None,
    verify_token: str | None = None,
    number: str = "",
) -> DossierDocument:
    """Keep a PDF the agency produced (result, letter, receipt) on the dossier;
    `number`: its number in the agency's register, when it has one."""
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=uploaded_by,
        verify_token=verify_token,
        number=number,
    )
    document.file.save(name, ContentFile(data), save=False)
    try:
        document.save()
    except BaseException:
        document.file.delete(save=False)  # no file without its row
        raise
    return document


def save_documents(
    dossier: Dossier,
    checked: list[tuple[RequiredDocument | None, CheckedFile]],
    kind: str,
    uploaded_by: User | None,
) -> None:
    """Store the files and their rows; if anything fails, remove the files written so far.

    (A rollback of an enclosing transaction after this returns can still leave
    unreferenced files; they have random names and hold nothing a row points to.)
    """
    written: list[DossierDocument] = []
    try:
        for requirement, item in checked:
            document = DossierDocument(
                dossier=dossier,
                requirement=requirement,
                kind=kind,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_by=uploaded_by,
            )
            document.file.save(item.name, item.upload, save=False)
            written.append(document)
            document.save()
    except BaseException:
        for document in written:
            document.file.delete(save=False)
        raise


def change(
    dossier: Dossier,
    kind: str,
    to_status: int,
    *,
    acting_user: User,
    may: May,
    note: str = "",
    note_required: bool = False,
    request: HttpRequest | None = None,
    **fields: object,
) -> Dossier:
    """The shape most steps share: lock the row, check ``may(acting_user, dossier)``,
    clean the note, check the move is legal, set ``fields`` and record the change."""
    dossier = locked(dossier)
    require(may(acting_user, dossier))
    note = clean_note(note, required=note_required)
    if to_status != dossier.status:
        check_transition(dossier.status, to_status)
    for name, value in fields.items():
        setattr(dossier, name, value)
    record(dossier, kind, to_status=to_status, actor=acting_user, note=note, request=request)
    return dossier


def is_applicant(user: User, dossier: Dossier) -> bool:
    return dossier.applicant_id == user.pk


def steps_of(dossier: Dossier) -> list[WorkflowStep]:
    return list(dossier.procedure.steps.order_by("order"))
