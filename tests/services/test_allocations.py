"""Allocation budget of the public look-up, the busiest public call (tests/allocations.py)."""

from __future__ import annotations

from django.test import Client

from tests.allocations import peak_bytes


def test_the_public_lookup(submit, citizen):
    """Memory held by one look-up, measured when set: 41 KB on SQLite and on
    PostgreSQL. Loading the dossier and its procedure as model instances for the six
    values it shows (as it did before issue 15) held 84 KB: the budget is 60 KB."""
    dossier = submit()
    ask = {"code": dossier.code, "secret": citizen.phone[-4:]}
    client = Client()

    def lookup() -> None:
        assert client.get("/api/v1/lookup", ask).status_code == 200

    lookup()  # what a process loads once
    assert peak_bytes(lookup) < 60_000
