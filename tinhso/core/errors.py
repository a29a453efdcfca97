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
