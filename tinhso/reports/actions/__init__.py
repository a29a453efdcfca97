"""Every change to a field report: one transaction, a public timeline line, an
audit row, notifications after commit. The web pages and Open311 call these.

One module per flow (submission, handling, moderation) over a shared base;
callers import from here.
"""

from tinhso.reports.actions.base import HANDLER_ROLES, MAX_DESCRIPTION, MODERATOR_ROLES, can_handle
from tinhso.reports.actions.handling import (
    do_escalate_overdue,
    do_follow,
    do_mark_duplicate,
    do_rate,
    do_reopen,
    do_reroute,
    do_set_status,
)
from tinhso.reports.actions.moderation import do_ban_reporter, do_hide, do_publish
from tinhso.reports.actions.submission import do_comment_from_client, do_submit_report

__all__ = [
    "HANDLER_ROLES",
    "MAX_DESCRIPTION",
    "MODERATOR_ROLES",
    "can_handle",
    "do_ban_reporter",
    "do_comment_from_client",
    "do_escalate_overdue",
    "do_follow",
    "do_hide",
    "do_mark_duplicate",
    "do_publish",
    "do_rate",
    "do_reopen",
    "do_reroute",
    "do_set_status",
    "do_submit_report",
]
