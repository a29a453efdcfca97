"""psycopg's compiled timestamptz loader gives exactly what Django's own loader gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

from tinhso.core import pg_loaders

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a PostgreSQL loader: needs PostgreSQL"
    ),
]

MOMENTS = [
    dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    dt.datetime(1900, 1, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(1975, 6, 12, 16, 59, 59, 999999, tzinfo=dt.UTC),  # before Viet Nam's UTC+7
    dt.datetime(2026, 11, 29, 17, 0, 0, 1, tzinfo=dt.UTC),  # local midnight, 1 µs after
    dt.datetime(2028, 2, 29, 12, 30, 15, 500000, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
]


def _read(cursor) -> list[dt.datetime]:
    cursor.execute(
        "SELECT m FROM unnest(%s::timestamptz[]) WITH ORDINALITY AS t(m, n) ORDER BY n",
        [MOMENTS],
    )
    return [row[0] for row in cursor.fetchall()]


def test_the_compiled_loader_reads_every_moment_as_djangos_loader_does():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert loader is pg_loaders.UtcTimestamptzLoader  # installed on this connection
    with connection.cursor() as cursor:
        fast = _read(cursor)
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's own, this cursor
        assert cursor.cursor.adapters.get_loader(1184, 0) is not pg_loaders.UtcTimestamptzLoader
        slow = _read(cursor)
    assert fast == slow == MOMENTS
    assert [m.tzinfo for m in fast] == [dt.UTC] * len(MOMENTS)
    assert [m.utcoffset() for m in fast] == [dt.timedelta(0)] * len(MOMENTS)


def test_a_connection_in_another_zone_keeps_djangos_loader():
    """With DATABASES TIME_ZONE set, the session zone is not UTC: nothing is installed."""

    class Elsewhere:
        vendor = "postgresql"
        timezone = dt.timezone(dt.timedelta(hours=7))

        class connection:
            class adapters:
                @staticmethod
                def register_loader(*args):
                    raise AssertionError("must not replace the loader of a non-UTC connection")

    pg_loaders._install(sender=None, connection=Elsewhere)
