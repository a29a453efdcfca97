"""The capped pager: past its cap a list says "more than" and still pages up to it."""

from __future__ import annotations

import pytest

from tinhso.core.models import AuditEntry
from tinhso.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_below_the_cap_it_counts_and_pages_as_django_does():
    pager = CappedPaginator(list(range(45)), 20, cap=100)
    assert (pager.count, pager.capped, pager.num_pages) == (45, False, 3)
    assert list(pager.get_page(3)) == list(range(40, 45))


def test_past_the_cap_it_says_more_than_and_stops_paging_there():
    pager = CappedPaginator(list(range(1_000)), 20, cap=100)
    assert pager.capped and pager.shown_count == 100 and pager.num_pages == 5
    # Asking beyond the cap shows the last page within it, not an error.
    assert list(pager.get_page(40)) == list(range(80, 100))


def test_a_queryset_is_counted_with_a_limit(django_assert_num_queries):
    from tinhso.core.audit import write_audit

    for index in range(7):
        write_audit("test.paging", object_repr=str(index))
    entries = AuditEntry.objects.filter(action="test.paging").order_by("id")
    pager = CappedPaginator(entries, 2, cap=5)
    with django_assert_num_queries(1) as captured:
        assert pager.capped and pager.num_pages == 3
    assert "LIMIT 6" in captured.captured_queries[0]["sql"].upper()


def test_the_list_says_more_than_when_capped():
    from django.template.loader import render_to_string

    page = CappedPaginator(list(range(5)), 2, cap=1).get_page(1)
    assert "Hơn 1 kết quả" in render_to_string("core/_found.html", {"page": page})
    page = CappedPaginator(list(range(2)), 2, cap=10).get_page(1)
    assert "2 kết quả" in render_to_string("core/_found.html", {"page": page})
