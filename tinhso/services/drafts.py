"""Drafts: a citizen fills the online form and uploads papers over several visits.

Values are kept as typed (the form validates them at submission); papers are
checked by content when uploaded, like at submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from tinhso.accounts.models import User
from tinhso.services.models import DossierDraft, DraftDocument, Procedure
from tinhso.services.uploads import check_documents

MAX_VALUES = 100
MAX_VALUE_LENGTH = 4000


@transaction.atomic
def do_save_draft(
    user: User,
    procedure: Procedure,
    values: Mapping[str, str],
    files: Mapping[int, Iterable[Any]],
) -> DossierDraft:
    kept = {
        key: str(value)[:MAX_VALUE_LENGTH]
        for key, value in list(values.items())[:MAX_VALUES]
        if key.startswith(("a-", "f-"))
    }
    checked = check_documents(procedure, files, complete=False)
    draft, _created = DossierDraft.objects.update_or_create(
        applicant=user, procedure=procedure, defaults={"values": kept}
    )
    replaced = {requirement.pk for requirement, _item in checked}
    old = list(draft.documents.filter(requirement_id__in=replaced))
    DraftDocument.objects.filter(pk__in=[d.pk for d in old]).delete()
    transaction.on_commit(lambda: [d.file.delete(save=False) for d in old])
    for requirement, item in checked:
        document = DraftDocument(
            draft=draft,
            requirement=requirement,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
        )
        document.file.save(item.name, item.upload, save=False)
        document.save()
    return draft


def draft_files(draft: DossierDraft | None) -> dict[int, list[Any]]:
    """The draft's stored papers, as files the submission can read."""
    if draft is None:
        return {}
    files: dict[int, list[Any]] = {}
    for document in draft.documents.all():
        with document.file.open("rb") as handle:
            # In memory (at most DOSSIER_MAX_FILE_BYTES each), under the name the person gave it.
            copy = ContentFile(handle.read(), name=document.original_name)
        files.setdefault(document.requirement_id, []).append(copy)
    return files


def discard_draft(draft: DossierDraft) -> None:
    """Remove a draft and, once the transaction commits, its files."""
    documents = list(draft.documents.all())
    draft.delete()
    transaction.on_commit(lambda: [d.file.delete(save=False) for d in documents])
