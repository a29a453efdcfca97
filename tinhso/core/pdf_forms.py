"""Blanks on a PDF that are filled in after someone has signed it.

Decree 30/2020/NĐ-CP has the leader sign a document before it has a number and date;
the clerk fills them in and the organisation signs after. Drawing the number onto the
page after the leader's signature would change the signed page, and every checker
(pyHanko's, Adobe's, the Government CA's) would call the leader's signature broken.
So the blanks are made *form fields* before the leader signs, and filled in later:
filling in a form field is the one change a PDF signature allows after it.

Also here: where a phrase stands on a page (PDFium's text search), so the blanks and
visible signatures go where the document's own layout put "Số:", the date line and
the signer's name.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in points, from the bottom left

READ_ONLY = 1  # the field flag: a reader's viewer must not let them type in it
PRINTABLE = 4  # the annotation flag: printed with the page


@dataclass(frozen=True)
class Blank:
    name: str
    page: int  # 0-based
    box: Box


def _name(key: str) -> generic.NameObject:
    return generic.NameObject(key)


def add_blanks(writer: IncrementalPdfFileWriter, blanks: Iterable[Blank]) -> None:
    """Empty read-only text fields, added to ``writer`` (sign after, in the same
    revision, so the signature covers them)."""
    root = writer.root
    if "/AcroForm" not in root:
        root[_name("/AcroForm")] = generic.DictionaryObject(
            {_name("/Fields"): generic.ArrayObject()}
        )
        writer.update_root()
    form = root["/AcroForm"]
    pages = writer.root["/Pages"]["/Kids"]
    for blank in blanks:
        page_ref = pages[blank.page]
        page = page_ref.get_object()
        # No /P back to the page: pyHanko's difference analysis reads a widget reached
        # through it as an unexplained change when the field is filled in later.
        field = generic.DictionaryObject(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Subtype"): _name("/Widget"),
                _name("/FT"): _name("/Tx"),
                _name("/T"): generic.pdf_string(blank.name),
                _name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in blank.box),
                _name("/F"): generic.NumberObject(PRINTABLE),
                _name("/Ff"): generic.NumberObject(READ_ONLY),
                _name("/DA"): generic.pdf_string("/Helv 0 Tf 0 g"),
            }
        )
        ref = writer.add_object(field)
        if "/Annots" in page:
            page["/Annots"].get_object().append(ref)
        else:
            page[_name("/Annots")] = generic.ArrayObject([ref])
        writer.update_container(page)
        form["/Fields"].append(ref)
    writer.update_root()


def fill_blanks(writer: IncrementalPdfFileWriter, values: dict[str, tuple[str, bytes]]) -> set[str]:
    """Fill the named blanks: ``values[name] = (text, look)``, ``look`` a one-page PDF
    the size of the blank drawn as its appearance (so every viewer shows the same, in
    a font with every Vietnamese letter). The names filled."""
    filled: set[str] = set()
    form = writer.root.get("/AcroForm")
    if form is None:
        return filled
    for ref in form["/Fields"]:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values or field.get("/FT") != "/Tx":
            continue
        text, look = values[name]
        appearance = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(look)), page_ix=0)
        field[_name("/V")] = generic.pdf_string(text)
        field[_name("/AP")] = generic.DictionaryObject({_name("/N"): appearance})
        writer.update_container(field)
        filled.add(name)
    return filled


@dataclass(frozen=True)
class Found:
    page: int
    box: Box
    page_width: float
    page_height: float


def find_text(data: bytes, phrase: str, *, page: int = 0) -> Found | None:
    """Where ``phrase`` first stands on ``page`` (-1: the last), or None."""
    document = pypdfium2.PdfDocument(data)
    try:
        index = page if page >= 0 else len(document) + page
        if not 0 <= index < len(document):
            return None
        pdf_page = document[index]
        width, height = pdf_page.get_size()
        text = pdf_page.get_textpage()
        searcher = text.search(phrase, match_case=False, match_whole_word=False)
        hit = searcher.get_next()
        if hit is None:
            return None
        start, count = hit
        boxes = [text.get_charbox(start + offset) for offset in range(count)]
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        return Found(index, box, float(width), float(height))
    finally:
        document.close()
