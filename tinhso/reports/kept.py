"""Photos kept across a refused report form (issue 14: a refusal dropped the citizen's
photos silently). What is kept is the re-encoded JPEG without metadata, for its owner
only, until the report is sent or KEPT_PHOTO_HOURS have passed (Decree 13/2023: kept
no longer than needed)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tinhso.core.errors import ActionError
from tinhso.reports.models import KeptPhoto
from tinhso.reports.photos import clean_photo

KEPT_PHOTO_HOURS = 24


def tokens_from(values: Iterable[str]) -> list[uuid.UUID]:
    found = []
    for value in list(values)[:20]:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def kept_for(user: Any, tokens: Iterable[uuid.UUID]) -> list[KeptPhoto]:
    since = timezone.now() - dt.timedelta(hours=KEPT_PHOTO_HOURS)
    return list(KeptPhoto.objects.filter(owner=user, token__in=list(tokens), created_at__gte=since))


def as_uploads(kept: Iterable[KeptPhoto]) -> list[ContentFile]:
    """The kept photos as files the report's own checks read again."""
    out = []
    for item in kept:
        with item.image.open("rb") as handle:
            out.append(ContentFile(handle.read(), name=item.name))
    return out


def keep(user: Any, uploads: Iterable[Any]) -> list[KeptPhoto]:
    """Keep the uploads that are readable photos (an unreadable one is what the form
    said was wrong: it is not kept). Drops everyone's photos past their time."""
    purge()
    kept = []
    for upload in uploads:
        try:
            clean = clean_photo(upload)
        except ActionError:
            continue
        name = (getattr(upload, "name", "") or "anh.jpg")[:100]
        item = KeptPhoto(owner=user, name=name)
        item.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(clean.data), save=False)
        item.save()
        kept.append(item)
    return kept


def forget(kept: Iterable[KeptPhoto]) -> None:
    """Once the report holds its own copies."""
    items = list(kept)
    KeptPhoto.objects.filter(pk__in=[k.pk for k in items]).delete()
    transaction.on_commit(lambda: [k.image.delete(save=False) for k in items])


def purge() -> int:
    old = list(
        KeptPhoto.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(hours=KEPT_PHOTO_HOURS)
        )[:200]
    )
    forget(old)
    return len(old)
