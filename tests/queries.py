"""Query-count checks: a list page costs the same number of queries for 2 rows as
for 8 (no query per row). Counting queries instead of timing keeps tests
deterministic on any machine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(fetch: Callable[[], Any]) -> tuple[list[str], bytes]:
    """The SQL a request ran, and what it answered."""
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200, (response.status_code, getattr(response, "url", ""))
    return [q["sql"] for q in captured.captured_queries], response.content


def assert_constant_queries(
    fetch: Callable[[], Any], add_rows: Callable[[int], None], *, few: int = 2, more: int = 6
) -> int:
    """Add ``few`` rows, count the queries of ``fetch``; add ``more``, count again: the
    same. Each count follows a first call that warms what a process loads once and
    reloads after a change (calendars, commune boundaries)."""
    add_rows(few)
    fetch()
    before, shown_before = queries_of(fetch)
    add_rows(more)
    fetch()
    after, shown_after = queries_of(fetch)
    # The new rows are on the page: a list that shows nothing proves nothing.
    assert len(shown_after) > len(shown_before), "the added rows are not listed"
    extra = [sql for sql in after if sql not in before][:5]
    assert len(after) == len(before), (len(before), len(after), extra)
    return len(after)
