from __future__ import annotations

from django.db import transaction
from django_tasks import task

from tinhso.core import office
from tinhso.core.errors import ActionError
from tinhso.meetings.choices import DocumentState
from tinhso.meetings.models import MeetingDocument


@task()
def convert_document(document_id: int) -> str:
    """DOCX → PDF for a meeting document waiting for it; safe to run twice."""
    document = MeetingDocument.objects.filter(
        pk=document_id, state=DocumentState.CONVERTING
    ).first()
    if document is None:
        return "nothing to convert"
    with document.source.open("rb") as stored:
        source = stored.read()
    try:
        pdf = office.docx_to_pdf(source)
    except ActionError as refused:
        MeetingDocument.objects.filter(pk=document_id).update(
            state=DocumentState.FAILED, problem=refused.message[:500]
        )
        return f"not converted: {refused.code}"
    from tinhso.meetings.actions import _ready

    with transaction.atomic():
        current = MeetingDocument.objects.select_for_update().get(pk=document_id)
        if current.state != DocumentState.CONVERTING:
            return "done meanwhile"
        _ready(current, pdf)
        current.save()
    return f"{current.pages} pages"
