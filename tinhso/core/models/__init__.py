from tinhso.core.models.audit import AuditEntry
from tinhso.core.models.calendar import CalendarDay
from tinhso.core.models.catalogue import ProcedureField
from tinhso.core.models.keys import KeyHolder
from tinhso.core.models.notifications import Notification
from tinhso.core.models.places import AdminUnit, OrgUnit
from tinhso.core.models.registers import IssueRegister
from tinhso.core.models.throttle import RateCounter
from tinhso.core.models.workers import WorkerHeartbeat

__all__ = [
    "AdminUnit",
    "AuditEntry",
    "CalendarDay",
    "IssueRegister",
    "KeyHolder",
    "Notification",
    "OrgUnit",
    "ProcedureField",
    "RateCounter",
    "WorkerHeartbeat",
]
