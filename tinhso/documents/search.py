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


# Below this many matches, they are gathered by the words index first and only then
# ordered (see _few_by_their_ids).
FEW = 2_000


def _few_by_their_ids(found: QuerySet[Any]) -> QuerySet[Any]:
    """The same matches, in a shape PostgreSQL cannot plan badly when they are few.

    Listing the newest matches, PostgreSQL may walk the date index from the newest
    document and test each for the words — fast when a third of the documents match,
    but 0.6 s for a word found in 40 of a million (bench/documents_search_bench.py):
    its estimate of a rare word's frequency is poor. A count stopped at FEW + 1 through
    the words index (under a millisecond for a rare word, ~10–80 ms for a common one)
    tells the cases apart; few matches are then fetched by their ids, and many are left
    to the planner, which does well with them."""
    unordered = found.order_by()
    if unordered[: FEW + 1].count() > FEW:
        return found
    ids = list(unordered.values_list("pk", flat=True)[: FEW + 1])
    return found.model.objects.filter(pk__in=ids)


def matching(documents: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Incoming or outgoing documents with every word of ``query`` (or its notation)."""
    words = query_words(query)
    if not words:
        return documents
    notation = doctypes.tidy_notation(query.strip())
    by_notation = Q(notation=notation) if doctypes.NOTATION.fullmatch(notation) else Q(pk__in=[])
    if connection.vendor == "postgresql":
        found = documents.filter(Q(has_words(words, documents.model)) | by_notation)
        return _few_by_their_ids(found)
    by_words = Q()
    for word in words:
        by_words &= Q(folded__contains=word)
    return documents.filter(by_words | by_notation)
