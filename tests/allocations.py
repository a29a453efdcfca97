"""Allocation budgets: what a hot path allocates per row it serves or stores.

Peak Python memory under tracemalloc is a count, not a timing: the same on a slow and
a fast machine. A change that builds a model instance per row where plain rows were
enough, keeps a whole batch alive twice, or loads raw rows where roll-ups were meant,
shows up here as bytes per row long before anyone times it. Budgets are set at about
twice what the path costs today (each test says what it cost when set).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any


def peak_bytes(run: Callable[[], Any]) -> int:
    """The most Python memory `run` held at once beyond what was held before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def per_row(
    run: Callable[[int], Any], *, few: int = 10, more: int = 60, warm: bool = True
) -> float:
    """Bytes per row: the peak of `run(more)` less that of `run(few)`, per extra row.
    A first call warms what a process loads once (translations, compiled regexes)."""
    if warm:
        run(few)
    small = peak_bytes(lambda: run(few))
    large = peak_bytes(lambda: run(more))
    return (large - small) / (more - few)
