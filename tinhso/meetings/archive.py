"""The public archive: resolutions, conclusions and signed minutes that the body
publishes, searchable by anyone without signing in (seed 003: the public reads the
published documents, by term, session, type, number, date and words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.pdfs import read_pdf
from tinhso.core.text import fold
from tinhso.meetings import permissions
from tinhso.meetings.choices import DocumentState, MinutesState, PublicationKind
from tinhso.meetings.models import Meeting, MeetingDocument, Minutes, Publication


def _file_of(
    meeting: Meeting, kind: str, document: MeetingDocument | None
) -> tuple[bytes, MeetingDocument | None]:
    if kind == PublicationKind.MINUTES:
        minutes = Minutes.objects.filter(meeting=meeting, state=MinutesState.SIGNED).first()
        if minutes is None:
            raise ActionError(_("Biên bản chưa được ký đủ."), field="kind")
        with minutes.pdf.open("rb") as handle:
            return handle.read(), None
    if document is None or document.meeting_id != meeting.pk:
        raise ActionError(_("Chọn tài liệu để công bố."), field="document")
    if not document.is_current or document.state != DocumentState.READY:
        raise ActionError(_("Chỉ công bố bản mới nhất, đã sẵn sàng."), field="document")
    with document.file.open("rb") as handle:
        return handle.read(), document


@transaction.atomic
def do_publish(
    meeting: Meeting,
    *,
    kind: str,
    number: str,
    issued_on: dt.date,
    title: str,
    document: MeetingDocument | None = None,
    acting_user: Any,
) -> Publication:
    if not permissions.can_organise(acting_user, meeting):
        raise PermissionDenied
    if meeting.confidential:
        raise ActionError(_("Tài liệu của cuộc họp kín không được công bố."))
    if kind not in PublicationKind.values:
        raise ActionError(_("Chọn loại văn bản."), field="kind")
    number, title = number.strip()[:60], title.strip()[:500]
    if not number:
        raise ActionError(_("Nhập số, ký hiệu."), field="number")
    data, document = _file_of(meeting, kind, document)
    text = read_pdf(data).text
    publication = Publication(
        meeting=meeting,
        document=document,
        kind=kind,
        number=number,
        issued_on=issued_on,
        title=title or (document.title if document else meeting.title),
        text=text,
        published_by=acting_user,
    )
    publication.folded = fold(" ".join([number, publication.title, text]))
    publication.file.save("cong-bo.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:
        raise ActionError(_("Số, ký hiệu này đã được công bố."), field="number") from None
    write_audit("meeting.published", actor=acting_user, obj=meeting, data={"number": number})
    return publication


def search(
    *,
    words: str = "",
    term: str = "",
    session: int | None = None,
    kind: str = "",
    number: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Publication]:
    """Published documents matching every filter given; ``words`` without accents."""
    found = Publication.objects.select_related("meeting__body")
    for word in fold(words).split()[:10]:
        found = found.filter(folded__contains=word)
    if term:
        found = found.filter(meeting__term__iexact=term.strip())
    if session:
        found = found.filter(meeting__session_number=session)
    if kind:
        found = found.filter(kind=kind)
    if number:
        found = found.filter(number__icontains=number.strip())
    if since:
        found = found.filter(issued_on__gte=since)
    if until:
        found = found.filter(issued_on__lte=until)
    return found
