"""What a printed letter says, as text (pypdf), so tests read the paper as a person does."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The letter's text, with the line breaks of the page and single spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(
        " ".join(line.split()) for page in pages for line in page.extract_text().splitlines()
    )
