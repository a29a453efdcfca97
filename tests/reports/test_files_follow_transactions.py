"""Stored files follow the database: a rolled-back transaction takes its files with it,
and `check_storage` finds what a killed process left behind."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, transaction

from tests.conftest import citizen_client
from tests.reports.conftest import jpeg
from tests.reports.test_pages import form_values  # noqa: F401
from tinhso.core.files import discard_rolled_back
from tinhso.reports.models import Report, ReportPhoto

pytestmark = pytest.mark.django_db(transaction=True)


def files_under(folder: str) -> list[Path]:
    root = Path(default_storage.location) / folder
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_report_cut_off_after_its_photo_leaves_no_file(
    province,
    citizen,
    form_values,  # noqa: F811
    monkeypatch,
    settings,
    tmp_path,
):
    """The photo is written, then the database goes away before the audit row: the
    citizen is told to try again and nothing stays behind — no row, no file."""
    from tinhso.reports.actions import submission

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(submission, "write_audit", database_gone)
    client = citizen_client(citizen)
    client.raise_request_exception = False
    response = client.post("/reports/new/", {**form_values, "photos": [jpeg()]})
    assert response.status_code == 503
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()
    assert files_under("reports") == []
    monkeypatch.undo()
    ok = client.post("/reports/new/", {**form_values, "photos": [jpeg()]})
    assert ok.status_code == 302 and len(files_under("reports")) == 1


def test_a_savepoint_that_rolls_back_takes_its_file_and_the_rest_commits(places):
    with transaction.atomic():
        kept = default_storage.save("thu/giu-lai.txt", ContentFile(b"giu"))
        try:
            with transaction.atomic():
                dropped = default_storage.save("thu/bo-di.txt", ContentFile(b"bo"))
                raise ValueError("the inner step fails")
        except ValueError:
            pass
    discard_rolled_back()  # what the end of the request does
    assert default_storage.exists(kept) and not default_storage.exists(dropped)


def test_check_storage_lists_both_kinds_and_sweeps_old_orphans(
    province,
    citizen,
    form_values,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = str(tmp_path)  # a store of this test's files only
    citizen_client(citizen).post("/reports/new/", {**form_values, "photos": [jpeg()]})
    photo = ReportPhoto.objects.get()
    orphan = default_storage.save("reports/mo-coi.jpg", ContentFile(b"x"))  # a killed worker's
    old = time.time() - 2 * 3600
    os.utime(default_storage.path(orphan), (old, old))
    young = default_storage.save("reports/dang-ghi.jpg", ContentFile(b"y"))  # maybe in flight
    out = io.StringIO()
    call_command("check_storage", stdout=out)
    assert "2 without a row, 0 row(s) without their file" in out.getvalue()
    call_command("check_storage", "--delete-orphans", stdout=out)
    assert not default_storage.exists(orphan) and default_storage.exists(young)
    assert default_storage.exists(photo.image.name)  # a file with its row is never touched
    default_storage.delete(photo.image.name)
    with pytest.raises(CommandError, match="1 row"):
        call_command("check_storage", stdout=io.StringIO())
