"""The dossier state machine: which status may follow which.

Who may make a transition is checked by each do_* action; this table only
says what is legal at all, so every action refuses an illegal move the same way.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.services.choices import DossierStatus as S

TRANSITIONS: dict[int, set[int]] = {
    S.NEW: {S.RECEIVED, S.REFUSED, S.WITHDRAWAL_REQUESTED},
    S.RECEIVED: {
        S.IN_PROGRESS,
        S.SUPPLEMENT_REQUESTED,
        S.FEE_REQUESTED,
        S.WITHDRAWAL_REQUESTED,
        S.STOPPED,
        S.FINISHED,
    },
    S.IN_PROGRESS: {
        S.IN_PROGRESS,
        S.SUPPLEMENT_REQUESTED,
        S.FEE_REQUESTED,
        S.WITHDRAWAL_REQUESTED,
        S.STOPPED,
        S.FINISHED,
    },
    S.SUPPLEMENT_REQUESTED: {S.IN_PROGRESS, S.WITHDRAWAL_REQUESTED, S.STOPPED},
    S.FEE_REQUESTED: {S.IN_PROGRESS, S.WITHDRAWAL_REQUESTED, S.STOPPED},
    S.WITHDRAWAL_REQUESTED: {S.STOPPED},
    S.FINISHED: {S.RESULT_RETURNED},
    S.REFUSED: set(),
    S.STOPPED: set(),
    S.RESULT_RETURNED: set(),
}

TERMINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
# Statuses in which the legal clock runs (supplement and fee requests pause it
# for the applicant's part; see actions).
OPEN = frozenset(
    {S.RECEIVED, S.IN_PROGRESS, S.SUPPLEMENT_REQUESTED, S.FEE_REQUESTED, S.WITHDRAWAL_REQUESTED}
)


def check_transition(current: int, target: int) -> None:
    if target not in TRANSITIONS[current]:
        raise ActionError(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {"from": S(current).label, "to": S(target).label},
            code="illegal_transition",
        )
