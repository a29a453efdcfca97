"""The assistant's index of the catalogue: built from the active procedures and the
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

INDEX_SECONDS = 300

_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "built": 0.0}


def procedure_records() -> list[ranking.Record]:
    from tinhso.services.models import Procedure

    procedures = (
        Procedure.objects.filter(is_active=True)
        .select_related("field")
        .prefetch_related("documents")
        .order_by("code")
    )
    return [
        ranking.Record(
            key=p.code,
            name=p.name,
            texts=(p.result_name, p.field.name, *(d.name for d in p.documents.all())),
        )
        for p in procedures
    ]


def index() -> ranking.Index:
    with _lock:
        if _state["index"] is None or time.monotonic() - _state["built"] > INDEX_SECONDS:
            added = list(Phrasing.objects.values_list("said", "means"))
            _state["index"] = ranking.build(
                procedure_records(), [*phrasings.SEED, *added], phrasings.QUESTION_PHRASES
            )
            _state["built"] = time.monotonic()
        return _state["index"]  # type: ignore[no-any-return]


def forget(**kwargs: Any) -> None:
    with _lock:
        _state["index"] = None


def connect() -> None:
    from tinhso.core.models import ProcedureField
    from tinhso.services.models import Procedure, RequiredDocument

    # Every table a record's texts come from: a renamed field is found by its new name.
    for model in (Procedure, RequiredDocument, ProcedureField, Phrasing):
        post_save.connect(forget, sender=model, dispatch_uid=f"assistant-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"assistant-del-{model.__name__}")
