"""One table from action names to do_* calls, shared by the desk pages and the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from tinhso.accounts.models import User
from tinhso.services import actions
from tinhso.services.models import Dossier

# action key → (button label, needs a note, is dangerous). Labels are verbs and never
# the words of a status or an event (tests/core/test_labels.py).
OFFICIAL_ACTIONS: dict[str, tuple[Any, bool, bool]] = {
    "receive": (gettext_lazy("Tiếp nhận"), False, False),
    "refuse": (gettext_lazy("Từ chối tiếp nhận"), True, True),
    "claim": (gettext_lazy("Nhận xử lý"), False, False),
    "forward": (gettext_lazy("Chuyển bước tiếp theo"), False, False),
    "return": (gettext_lazy("Trả lại bước trước"), True, False),
    "supplement": (gettext_lazy("Gửi yêu cầu bổ sung"), True, False),
    "fee": (gettext_lazy("Yêu cầu nộp phí"), False, False),
    "finish": (gettext_lazy("Hoàn thành xử lý"), False, False),
    "return_result": (gettext_lazy("Trả kết quả"), False, False),
    "stop": (gettext_lazy("Dừng xử lý hồ sơ"), True, True),
}


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
