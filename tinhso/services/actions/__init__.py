"""Every change to a dossier: one transaction, a timeline event, an audit row,
notifications after commit. Views and the API only call these.

One module per flow (submission, workflow, results, fees) over a shared base;
callers import from here.
"""

from tinhso.services.actions.base import queue_portal_sync
from tinhso.services.actions.fees import do_record_payment, do_request_fee, do_start_payment
from tinhso.services.actions.results import (
    do_finish,
    do_issue_apology,
    do_rate,
    do_return_result,
)
from tinhso.services.actions.submission import agency_for, do_submit_dossier, submit_online
from tinhso.services.actions.workflow import (
    do_assign,
    do_forward,
    do_receive,
    do_refuse,
    do_request_supplement,
    do_return_to_previous,
    do_stop,
    do_supplement,
    do_withdraw,
    resume_due,
)

__all__ = [
    "agency_for",
    "do_assign",
    "do_finish",
    "do_forward",
    "do_issue_apology",
    "do_rate",
    "do_receive",
    "do_record_payment",
    "do_refuse",
    "do_request_fee",
    "do_request_supplement",
    "do_return_result",
    "do_return_to_previous",
    "do_start_payment",
    "do_stop",
    "do_submit_dossier",
    "do_supplement",
    "do_withdraw",
    "queue_portal_sync",
    "resume_due",
    "submit_online",
]
