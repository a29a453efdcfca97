class ActionError(Exception):
    """A user's request that cannot be done, with a message fit to show them.

    Raised by ``do_*`` actions before they change anything; views turn it into a
    form error or a 400 answer, never a 500.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


MAX_NOTE = 2000


def clean_note(note: str, *, required: bool = False, limit: int = MAX_NOTE) -> str:
    """A reason or note typed by an official: trimmed, present when required, bounded."""
    from django.utils.translation import gettext as _

    note = (note or "").strip()
    if required and not note:
        raise ActionError(_("Vui lòng ghi rõ lý do."), field="note", code="required")
    if len(note) > limit:
        raise ActionError(_("Ghi chú dài quá %(n)d ký tự.") % {"n": limit}, field="note")
    return note
