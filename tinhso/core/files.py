"""Stored files follow the database: a file written inside a transaction that rolls
back is deleted, so no photo or scan is left behind without the row that named it.

Django has no "on rollback" hook, so the storage notes each file it writes inside a
transaction, ``transaction.on_commit`` crosses it off, and whatever is still noted
once the transaction is over was rolled back (savepoints included: Django drops the
commit callbacks of a savepoint that rolls back). The list is checked after every
request and every background task. What a killed process leaves behind is found by
``manage.py check_storage`` and removed by its ``--delete-orphans``.

A province that stores files elsewhere (FILE_STORAGE) mixes ``FollowsTransactions``
into its storage class the same way.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)
_local = threading.local()

# Files the platform keeps by path rather than in a model's file field: not orphans.
KEPT_BY_PATH = ("traffic/snapshots/", "ioc-uploads/")


def _pending() -> set[tuple[Storage, str]]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending


def note_written(storage: Storage, name: str) -> None:
    """A file was just written: keep it only if the current transaction commits."""
    if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return  # no transaction to follow: the caller saves the row next, or deletes
    entry = (storage, name)
    _pending().add(entry)
    transaction.on_commit(lambda: _pending().discard(entry))


def discard_rolled_back(**kwargs: Any) -> int:
    """Delete the files of transactions that rolled back; how many. Safe to call any
    time: nothing happens while a transaction is still open."""
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return 0
    pending = _pending()
    removed = 0
    while pending:
        storage, name = pending.pop()
        try:
            storage.delete(name)
            removed += 1
        except OSError:  # already gone, or the disk refuses: check_storage will tell
            log.warning("could not remove %s after a rollback", name, exc_info=True)
    if removed:
        log.info("removed %d file(s) written by transactions that rolled back", removed)
    return removed


class FollowsTransactions:
    """Storage mix-in: notes every file it writes (see the module's docstring)."""

    def _save(self, name: str, content: Any) -> str:
        saved = super()._save(name, content)  # type: ignore[misc]
        note_written(self, saved)  # type: ignore[arg-type]
        return saved


class TransactionalFileSystemStorage(FollowsTransactions, FileSystemStorage):
    """The default storage: files on disk under MEDIA_ROOT."""


def connect() -> None:
    """Check after each request and each background task (called from CoreConfig)."""
    from django.core.signals import request_finished
    from django_tasks.signals import task_finished

    request_finished.connect(discard_rolled_back, dispatch_uid="tinhso-files-request")
    task_finished.connect(discard_rolled_back, dispatch_uid="tinhso-files-task")
