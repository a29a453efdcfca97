"""New observations and their roll-ups in one PostgreSQL statement.

The common case of ingestion is a batch of readings nobody has sent before. Going
through the ORM for them (build objects, `bulk_create`, lock and rewrite every
roll-up bucket in Python) spends most of its time in Python, not in the database
(issue 15 measured 0.05–0.07 of a raw COPY). Here the batch travels as six arrays;
PostgreSQL inserts the rows that are new (`ON CONFLICT DO NOTHING`), folds exactly
those into their hour/day/month buckets with one `INSERT … ON CONFLICT DO UPDATE`,
and returns the positions of the rows that were not inserted (usually none: reading
back a thousand keys cost more than the insert's checks). Those rows already existed;
`ingest.store` compares them, keeps the history and recomputes their buckets as before.

Concurrency: the upsert takes each bucket's row lock, so two ingesters adding to the
same hour add up instead of overwriting; both statements insert in key order, so two
batches that share buckets wait for each other instead of deadlocking. The bucket
arithmetic is the same as `rollups.apply` (count and total add up, the minimum and
maximum widen, the latest reading wins a tie); `tests/ioc/test_rollups_equal.py`
checks both against recomputation from the raw rows on random batches.

Arrays and `unnest` rather than COPY into a staging table: one round trip instead of
three (create/COPY/insert), no temporary table in the catalogue for each batch, and
it works through a transaction-pooling proxy; the figures are in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from tinhso.ioc.rollups import periods_for

if TYPE_CHECKING:
    from tinhso.ioc.ingest import Clean

INSERT_NEW = """
WITH batch AS (
    SELECT * FROM unnest(%(indicators)s::integer[], %(areas)s::integer[],
                         %(times)s::timestamptz[], %(values)s::double precision[],
                         %(qualities)s::text[]) WITH ORDINALITY
        AS b(indicator_id, area_id, at, value, quality, position)
),
added AS (
    INSERT INTO ioc_observation (indicator_id, area_id, at, value, source, quality,
                                 revision, received_at)
    SELECT indicator_id, area_id, at, value, %(source)s, quality, 0, now()
    FROM batch ORDER BY indicator_id, area_id, at
    ON CONFLICT (indicator_id, area_id, at) DO NOTHING
    RETURNING indicator_id, area_id, at, value
),
periods AS (
    SELECT * FROM unnest(%(period_indicators)s::integer[], %(periods)s::text[])
        AS p(indicator_id, period)
),
buckets AS (
    SELECT a.indicator_id, a.area_id, p.period,
           date_trunc(p.period, a.at AT TIME ZONE %(zone)s) AT TIME ZONE %(zone)s AS start,
           count(*) AS n, sum(a.value) AS total, min(a.value) AS low, max(a.value) AS high,
           (array_agg(a.value ORDER BY a.at DESC))[1] AS last_value, max(a.at) AS last_at
    FROM added a JOIN periods p ON p.indicator_id = a.indicator_id
    GROUP BY 1, 2, 3, 4
),
folded AS (
    INSERT INTO ioc_rollup AS r (indicator_id, area_id, period, start, count, total,
                                 minimum, maximum, last_value, last_at)
    SELECT * FROM buckets ORDER BY 1, 2, 3, 4
    ON CONFLICT (indicator_id, area_id, period, start) DO UPDATE SET
        count = r.count + EXCLUDED.count,
        total = r.total + EXCLUDED.total,
        minimum = LEAST(r.minimum, EXCLUDED.minimum),
        maximum = GREATEST(r.maximum, EXCLUDED.maximum),
        last_value = CASE WHEN r.last_at IS NULL OR EXCLUDED.last_at >= r.last_at
                          THEN EXCLUDED.last_value ELSE r.last_value END,
        last_at = GREATEST(r.last_at, EXCLUDED.last_at)
)
SELECT b.position FROM batch b
LEFT JOIN added a
       ON (a.indicator_id, a.area_id, a.at) = (b.indicator_id, b.area_id, b.at)
WHERE a.indicator_id IS NULL
"""


def available() -> bool:
    return connection.vendor == "postgresql"


def insert_new(clean: Sequence[Clean], source_name: str) -> list[Clean]:
    """Insert the rows no one stored before and fold them into their roll-ups; the
    rows that were already there (not inserted). Call inside the transaction."""
    frequencies = {c.indicator.pk: c.indicator.frequency for c in clean}
    period_pairs = [(pk, p) for pk, freq in frequencies.items() for p in periods_for(freq)]
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_NEW,
            {
                "indicators": [c.key[0] for c in clean],
                "areas": [c.key[1] for c in clean],
                "times": [c.at for c in clean],
                "values": [c.value for c in clean],
                "qualities": [c.quality for c in clean],
                "source": source_name,
                "period_indicators": [pk for pk, _p in period_pairs],
                "periods": [str(p) for _pk, p in period_pairs],
                "zone": settings.TIME_ZONE,
            },
        )
        return [clean[position - 1] for (position,) in cursor.fetchall()]
