from __future__ import annotations

from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.reports.choices import ReportStatus as R

_HANDLING: set[str] = {
    R.ACCEPTED,
    R.IN_PROGRESS,
    R.RESOLVED,
    R.CANNOT_FIX,
    R.DUPLICATE,
    R.HIDDEN,
    R.NOT_RESPONSIBLE,
}
TRANSITIONS: dict[str, set[str]] = {
    R.NEW: _HANDLING,
    R.ACCEPTED: _HANDLING - {R.ACCEPTED},
    R.IN_PROGRESS: _HANDLING - {R.ACCEPTED, R.IN_PROGRESS},
    # A re-routed report starts again as new at the other unit.
    R.NOT_RESPONSIBLE: {R.NEW},
    # The reporter may reopen a resolved report within a few days.
    R.RESOLVED: {R.IN_PROGRESS},
    R.CANNOT_FIX: set(),
    R.DUPLICATE: set(),
    R.HIDDEN: set(),
}


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise ActionError(
            _("Không thể chuyển phản ánh từ “%(from)s” sang “%(to)s”.")
            % {"from": R(current).label, "to": R(target).label},
            code="illegal_transition",
        )
