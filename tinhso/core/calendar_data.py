"""Loading the shipped holiday table (used by a data migration and by tests)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

SHIPPED_CALENDAR = Path(__file__).parent / "data" / "calendar_vn_2025_2027.csv"


def read_calendar_csv(path: Path = SHIPPED_CALENDAR) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [
            {
                "date": dt.date.fromisoformat(row["date"]),
                "kind": row["kind"],
                "name": row["name"],
                "provisional": row["provisional"] == "1",
            }
            for row in csv.DictReader(handle)
        ]


def load_calendar(model: Any, path: Path = SHIPPED_CALENDAR) -> int:
    """Insert the rows that are not there yet; never overwrite an admin's edit."""
    rows = read_calendar_csv(path)
    existing = set(
        model.objects.filter(date__in=[r["date"] for r in rows]).values_list("date", flat=True)
    )
    new = [model(**row) for row in rows if row["date"] not in existing]
    model.objects.bulk_create(new)
    return len(new)
