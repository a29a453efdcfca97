"""Roll-ups kept on ingest equal the ones computed afresh from the raw observations.

On PostgreSQL new rows are folded into their buckets by one SQL upsert
(ioc/pg_insert.py), revisions by recomputation; on SQLite everything goes through
rollups.apply. Random batches — new rows, re-sent rows, revised rows, three
frequencies, times that cross local midnights and month ends — must leave exactly
the buckets, counts, sums, extremes and latest values a recount gives."""

import datetime as dt
import random

import pytest

from tests.ioc.conftest import air_indicator, monthly_sum
from tinhso.ioc import rollups
from tinhso.ioc.choices import Frequency
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Observation, ObservationRevision, Rollup

HANOI = dt.timezone(dt.timedelta(hours=7))
# 28 February 2026 at 20:00 local: six hours of minutes later it is March.
START = dt.datetime(2026, 2, 28, 20, 0, tzinfo=HANOI)


def recount() -> dict[tuple, tuple]:
    """Every bucket the observations fall in, aggregated in Python from the raw rows."""
    buckets: dict[tuple, list[tuple[dt.datetime, float]]] = {}
    for obs in Observation.objects.select_related("indicator"):
        for period in rollups.periods_for(obs.indicator.frequency):
            key = (obs.indicator_id, obs.area_id, period, rollups.bucket_start(obs.at, period))
            buckets.setdefault(key, []).append((obs.at, obs.value))
    return {
        key: (
            len(values),
            sum(v for _at, v in values),
            min(v for _at, v in values),
            max(v for _at, v in values),
            max(values)[1],
            max(values)[0],
        )
        for key, values in buckets.items()
    }


def kept() -> dict[tuple, tuple]:
    return {
        (r.indicator_id, r.area_id, r.period, r.start): (
            r.count,
            r.total,
            r.minimum,
            r.maximum,
            r.last_value,
            r.last_at,
        )
        for r in Rollup.objects.all()
    }


def random_batches(rng: random.Random, batches: int) -> list[list[dict]]:
    """Each batch: fresh readings, some re-sent as they were, some with a new value."""
    sent: list[dict] = []
    out = []
    for _ in range(batches):
        batch: dict[tuple, dict] = {}
        for _ in range(rng.randint(1, 60)):
            choice = rng.random()
            if sent and choice < 0.2:
                row = dict(rng.choice(sent))  # the same again: unchanged
            elif sent and choice < 0.4:
                row = {**rng.choice(sent), "value": round(rng.uniform(0, 300), 2)}  # revised
            else:
                indicator = rng.choice(["pm25", "pm25", "mua", "thu"])
                if indicator == "pm25":
                    at = START + dt.timedelta(minutes=rng.randint(0, 8 * 60))
                elif indicator == "mua":  # daily rainfall
                    at = dt.datetime(2026, 2, rng.randint(20, 28), tzinfo=HANOI)
                else:  # monthly revenue
                    at = dt.datetime(2025, rng.randint(1, 12), 1, tzinfo=HANOI)
                row = {
                    "indicator": indicator,
                    "area": rng.choice(["01001", "01004"]),
                    "time": at.isoformat(),
                    "value": round(rng.uniform(0, 300), 2),
                }
            batch[(row["indicator"], row["area"], row["time"])] = row
        out.append(list(batch.values()))
        sent.extend(batch.values())
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_kept_on_ingest_equal_a_recount(places, seed):
    air_indicator("pm25", "PM2.5")
    air_indicator("mua", "Lượng mưa", frequency=Frequency.DAY)
    monthly_sum("thu", "Thu ngân sách")
    rng = random.Random(seed)
    totals = {"created": 0, "replaced": 0, "unchanged": 0}
    for batch in random_batches(rng, 25):
        result = ingest(batch, source_name=f"seed-{seed}")
        assert not result.errors
        for name in totals:
            totals[name] += getattr(result, name)
    # The random batches did exercise all three outcomes.
    assert all(totals.values()), totals
    assert totals["created"] == Observation.objects.count()
    assert ObservationRevision.objects.count() == totals["replaced"]

    expected, actual = recount(), kept()
    assert set(actual) == set(expected)
    for key, (n, total, low, high, last_value, last_at) in expected.items():
        got = actual[key]
        assert got[0] == n, key
        assert got[1] == pytest.approx(total), key
        assert got[2:] == (low, high, last_value, last_at), key
