"""The assistant's indexes: one per registered source (core/search.py — the
procedures, the published Q&A answers, …), built from the source's records and the
phrasing table, kept in the process, and built again when one of them changes.

Building takes tens of milliseconds for a province's catalogue (bench); a question
then costs under a millisecond and no query. A change made in this process rebuilds
at once (signals); other processes rebuild within INDEX_SECONDS.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from tinhso.assistant import phrasings, ranking
from tinhso.assistant.models import Phrasing
from tinhso.core import search

INDEX_SECONDS = 300

_lock = threading.Lock()
_indexes: dict[str, tuple[ranking.Index, float]] = {}


def index(kind: str = "procedures") -> ranking.Index:
    """The index of one source; an empty one when no app registered that kind."""
    with _lock:
        kept = _indexes.get(kind)
        if kept is None or time.monotonic() - kept[1] > INDEX_SECONDS:
            source = next((s for s in search.sources() if s.kind == kind), None)
            records = source.records() if source else []
            added = list(Phrasing.objects.values_list("said", "means"))
            built = ranking.build(
                records,
                [*phrasings.SEED, *added],
                phrasings.QUESTION_PHRASES,
                has_variants=source.has_variants if source else False,
                not_topic=phrasings.FACT_PHRASES,
            )
            kept = _indexes[kind] = (built, time.monotonic())
        return kept[0]


def _changed(sender: Any, **kwargs: Any) -> None:
    label = sender._meta.label
    if label == "assistant.Phrasing" or any(label in s.watched for s in search.sources()):
        forget()


def forget() -> None:
    with _lock:
        _indexes.clear()


def connect() -> None:
    """Rebuild when a phrasing or anything a source's records come from changes (a
    renamed procedure field is found by its new name). Any model's save is looked at:
    the sources register in their apps' ready(), some after this one's."""
    post_save.connect(_changed, dispatch_uid="assistant-changed")
    post_delete.connect(_changed, dispatch_uid="assistant-deleted")
