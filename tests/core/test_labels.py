"""Actions are verbs, statuses are states — never the same words, in either language.

An English page once read "Submitted" on the button that submits, and officials'
buttons read as past-tense statuses ("Stopped"). Every button label in the templates and
every official action is compared with every status and every timeline event."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext

from tinhso.services.choices import CITIZEN_STATUS_LABELS, EventKind
from tinhso.services.dispatch import OFFICIAL_ACTIONS

BUTTON = re.compile(r'<button[^>]*>\s*(?:[^<{]*)\{% translate "([^"]+)"(?: context "([^"]+)")? %\}')


def button_labels() -> set[tuple[str, str | None]]:
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("tinhso."):
            continue
        for template in Path(config.path, "templates").rglob("*.html"):
            found |= set(BUTTON.findall(template.read_text(encoding="utf-8")))
    return found


def state_choices() -> list[type[Choices]]:
    found: list[type[Choices]] = [EventKind]
    for config in apps.get_app_configs():
        if not config.name.startswith("tinhso."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.choices")
        except ModuleNotFoundError:
            continue
        found += [
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, Choices) and c.__name__.endswith("Status")
        ]
    return found


def test_the_scan_finds_buttons_and_statuses():
    assert ("Nộp hồ sơ", "") in button_labels()
    assert {"DossierStatus", "ReportStatus", "ViolationStatus"} <= {
        c.__name__ for c in state_choices()
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_action_reads_like_a_status(language):
    with translation.override(language):
        states = {str(label): c.__name__ for c in state_choices() for label in c.labels}
        states |= {str(label): "CITIZEN_STATUS_LABELS" for label in CITIZEN_STATUS_LABELS.values()}
        actions = {str(label) for label, _note, _danger in OFFICIAL_ACTIONS.values()}
        actions |= {
            translation.pgettext(context, text) if context else gettext(text)
            for text, context in button_labels()
        }
        clashes = {a: states[a] for a in actions if a in states}
    assert not clashes, clashes
