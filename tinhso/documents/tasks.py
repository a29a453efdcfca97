from __future__ import annotations

from django_tasks import task

from tinhso.core.text import fold
from tinhso.documents import ocr
from tinhso.documents.models import IncomingDocument


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
