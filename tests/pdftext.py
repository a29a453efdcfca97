"""What a printed letter says, as text (pypdf), so tests read the paper as a person does."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The letter's text, with the line breaks of the page and single spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(
        " ".join(line.split()) for page in pages for line in page.extract_text().splitlines()
    )


def text_positions(data: bytes) -> dict[str, float]:
    """Each piece of text on the first page and how far from the left edge it starts
    (points): enough to tell the left column of a heading from the right."""
    found: dict[str, float] = {}

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            found.setdefault(" ".join(text.split()), tm[4])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found
