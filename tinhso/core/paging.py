"""A pager that stops counting: "hơn 10 000 kết quả" instead of counting a million.

Django's Paginator counts every match to number its pages. A search for a common word
in a province's register matches hundreds of thousands of rows, and counting them costs
more than showing the first page (docs/performance.md). Here the count stops at
``cap``: beyond it the list says "more than …" and offers the pages up to the cap —
nobody reads page 400; they narrow the search.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, cap: int = CAP, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The matches up to ``cap`` + 1 (one more tells "more than" apart): a count
        over ``LIMIT cap + 1``, which the database stops early."""
        found: Any = self.object_list[: self.cap + 1]
        return len(found) if isinstance(found, list) else int(found.count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown_count(self) -> int:
        return min(self.count, self.cap)

    @cached_property
    def num_pages(self) -> int:  # type: ignore[override]
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, -(-self.shown_count // self.per_page))
