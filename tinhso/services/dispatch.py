"""One table from action names to do_* calls, shared by the desk pages and the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from tinhso.accounts.models import User
from tinhso.services import actions
from tinhso.services.models import Dossier

REQUIRED, OPTIONAL, NONE = "required", "optional", ""

# action key → (button label, its note: required / optional / none, is dangerous).
# Labels are verbs and never the words of a status or an event (tests/core/test_labels.py).
OFFICIAL_ACTIONS: dict[str, tuple[Any, str, bool]] = {
    "receive": (gettext_lazy("Tiếp nhận"), NONE, False),
    "refuse": (gettext_lazy("Từ chối tiếp nhận"), REQUIRED, True),
    "claim": (gettext_lazy("Nhận xử lý"), NONE, False),
    # The specialist's opinion travels with the dossier to the approver.
    "forward": (gettext_lazy("Chuyển bước tiếp theo"), OPTIONAL, False),
    "return": (gettext_lazy("Trả lại bước trước"), REQUIRED, False),
    "supplement": (gettext_lazy("Gửi yêu cầu bổ sung"), REQUIRED, False),
    "fee": (gettext_lazy("Yêu cầu nộp phí"), NONE, False),
    "finish": (gettext_lazy("Hoàn thành xử lý"), OPTIONAL, False),
    "return_result": (gettext_lazy("Trả kết quả"), NONE, False),
    "stop": (gettext_lazy("Dừng xử lý hồ sơ"), REQUIRED, True),
}
# The one action a page offers as its main button, when it is available: the step the
# dossier is waiting for. The others are secondary; dangerous ones are set apart.
PRIMARY_ORDER = ("receive", "claim", "finish", "forward", "return_result")


def primary_action(available: list[str]) -> str:
    return next((key for key in PRIMARY_ORDER if key in available), "")


def perform(
    action: str, dossier: Dossier, user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """Run one official action; raises ActionError, PermissionDenied or KeyError."""
    kw: dict[str, Any] = {"acting_user": user, "request": request}
    if action == "receive":
        return actions.do_receive(dossier, **kw)
    if action == "refuse":
        return actions.do_refuse(dossier, note=note, **kw)
    if action == "claim":
        return actions.do_assign(dossier, user, **kw)
    if action == "forward":
        return actions.do_forward(dossier, note=note, **kw)
    if action == "return":
        return actions.do_return_to_previous(dossier, note=note, **kw)
    if action == "supplement":
        return actions.do_request_supplement(dossier, note=note, **kw)
    if action == "fee":
        return actions.do_request_fee(dossier, note=note, **kw)
    if action == "finish":
        return actions.do_finish(dossier, note=note, **kw)
    if action == "return_result":
        return actions.do_return_result(dossier, **kw)
    if action == "stop":
        return actions.do_stop(dossier, note=note, **kw)
    raise KeyError(action)
