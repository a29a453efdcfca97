"""Finding documents by their words, accents or not, on a laptop and at a province's
scale.

Every document keeps ``folded``: its number/notation, issuer, subject and text without
accents, in lower case. On PostgreSQL the words are matched through a full-text index
(a stored ``to_tsvector('simple', folded)`` column with its GIN index, migration
0002): Vietnamese is written in syllables separated by spaces, so the "simple"
configuration (no stemming, no stop words) is the right word list; figures for a
million documents in docs/performance.md (bench/documents_search_bench.py). On SQLite —
a commune's laptop with thousands of documents — each word is a ``LIKE`` on the
same column.

Outgoing documents (their final PDF's text) are searched the same way, on their own
table and column.

A number/notation in the query ("15/QĐ-UBND") is matched against the notation column
as well, which has its own index.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from tinhso.core.text import query_words
from tinhso.documents import doctypes
from tinhso.documents.models import IncomingDocument

CONFIG = "simple"


def has_words(query_words: list[str], model: Any = IncomingDocument) -> RawSQL:
    """PostgreSQL: the stored ``words`` column (migrations 0002 and 0004, which Django's
    models do not list) holds every word of the query."""
    # Only our own table name and configuration are formatted in; the words are a
    # parameter.
    return RawSQL(  # noqa: S611
        f"{model._meta.db_table}.words @@ plainto_tsquery('{CONFIG}', %s)",
        [" ".join(query_words)],
        output_field=BooleanField(),
    )


def matching(documents: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Incoming or outgoing documents with every word of ``query`` (or its notation)."""
    words = query_words(query)
    if not words:
        return documents
    notation = doctypes.tidy_notation(query.strip())
    by_notation = Q(notation=notation) if doctypes.NOTATION.fullmatch(notation) else Q(pk__in=[])
    if connection.vendor == "postgresql":
        return documents.filter(Q(has_words(words, documents.model)) | by_notation)
    by_words = Q()
    for word in words:
        by_words &= Q(folded__contains=word)
    return documents.filter(by_words | by_notation)
