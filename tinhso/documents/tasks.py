from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from tinhso.core import office
from tinhso.core.errors import ActionError
from tinhso.core.pdfs import read_pdf
from tinhso.core.text import fold
from tinhso.documents import ocr
from tinhso.documents.choices import DeliveryState, OutgoingState
from tinhso.documents.models import Delivery, IncomingDocument, OutgoingDocument


@task()
def read_scan(document_id: int) -> str:
    """OCR a registered scan's pages so that its words can be searched; safe to run
    twice (a document that has its text is left alone)."""
    document = IncomingDocument.objects.filter(pk=document_id, text="").first()
    if document is None:
        return "nothing to read"
    with document.file.open("rb") as stored:
        text = ocr.read_pdf_pages(stored.read(), pages=ocr.MAX_PAGES).strip()
    if not text:
        return "no text found"
    words = " ".join([document.notation, document.issuer, document.subject, text])
    IncomingDocument.objects.filter(pk=document_id, text="").update(text=text, folded=fold(words))
    return f"{len(text)} characters read"


@task()
def convert_draft(document_id: int) -> str:
    """DOCX → PDF with LibreOffice for a draft waiting for it; safe to run twice (a
    draft no longer converting is left alone). A draft LibreOffice cannot convert goes
    back to its drafter with the reason."""
    document = OutgoingDocument.objects.filter(
        pk=document_id, state=OutgoingState.CONVERTING
    ).first()
    if document is None:
        return "nothing to convert"
    with document.source.open("rb") as stored:
        source = stored.read()
    try:
        pdf = office.docx_to_pdf(source)
        read_pdf(pdf)
    except ActionError as refused:
        OutgoingDocument.objects.filter(pk=document_id, state=OutgoingState.CONVERTING).update(
            state=OutgoingState.DRAFT, problem=refused.message[:500]
        )
        return f"not converted: {refused.code}"
    with transaction.atomic():
        current = (
            OutgoingDocument.objects.select_for_update()
            .filter(pk=document_id, state=OutgoingState.CONVERTING, source=document.source.name)
            .first()
        )
        if current is None:
            return "replaced meanwhile"
        current.draft_pdf.save("du-thao.pdf", ContentFile(pdf), save=False)
        current.state, current.problem = OutgoingState.DRAFT, ""
        current.save(update_fields=["draft_pdf", "state", "problem"])
    return f"{len(pdf)} bytes"


@task()
def email_delivery(delivery_id: int) -> str:
    """E-mail an issued document to an outside recipient, the signed PDF attached; the
    delivery shows sent or why it failed."""
    delivery = (
        Delivery.objects.select_related("document__unit")
        .filter(pk=delivery_id, state=DeliveryState.QUEUED)
        .first()
    )
    if delivery is None:
        return "not queued"
    document = delivery.document
    with document.final_pdf.open("rb") as stored:
        pdf = stored.read()
    with translation.override("vi"):
        message = EmailMessage(
            subject=f"{document.notation} — {document.subject}"[:200],
            body=render_to_string("documents/email_outgoing.txt", {"document": document}),
            to=[delivery.email],
        )
    message.attach(f"{document.notation.replace('/', '-')}.pdf", pdf, "application/pdf")
    try:
        message.send()
    except Exception as exc:  # the mail server's refusal, kept for the clerk to see
        Delivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.FAILED, problem=str(exc)[:500], changed_at=timezone.now()
        )
        return "failed"
    Delivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.SENT, problem="", changed_at=timezone.now()
    )
    return "sent"
