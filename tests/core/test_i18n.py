"""Every user-facing string has a Vietnamese and an English catalogue entry."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_english_placeholders_match_the_vietnamese_source():
    import re

    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue:
        if not entry.msgid_plural:
            assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
                entry.msgid
            )


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings afresh and compare with the committed catalogue."""
    assert shutil.which("xgettext"), "GNU gettext is missing: run `make system-deps`"
    root = Path(settings.BASE_DIR)
    work = tmp_path / "tree"
    shutil.copytree(root / "tinhso", work / "tinhso")
    shutil.copytree(LOCALE, work / "locale")
    shutil.copy(root / "manage.py", work / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=work,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "tinhso.settings",
            "PATH": "/usr/bin:/bin",
            "TINHSO_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(work),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(work / "locale/en/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))}
    assert fresh - committed == set(), "run `make messages` and translate the new strings"


def test_vietnamese_number_and_date_formats():
    import datetime as dt

    from django.utils import formats

    with translation.override("vi"):
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"
        assert formats.date_format(dt.date(2026, 11, 22), "SHORT_DATE_FORMAT") == "22/11/2026"
