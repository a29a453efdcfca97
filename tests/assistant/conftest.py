from __future__ import annotations

import pytest

from tinhso.assistant import catalogue


@pytest.fixture
def demo_catalogue(db):
    """The demo's places and its catalogue of 117 procedures, the index built afresh."""
    from tinhso.core.demo import load as load_places
    from tinhso.services.demo import load_catalogue

    load_places(lambda *_: None)
    load_catalogue(lambda *_: None)
    catalogue.forget()
    yield
    catalogue.forget()
