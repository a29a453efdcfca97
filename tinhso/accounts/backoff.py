"""A per-account back-off across addresses (issue 11, finding 21).

django-axes locks a login name from one address after a few wrong passwords; a guesser
with many addresses gets that many tries from each. So wrong passwords are also
counted per account, wherever they come from, within an hour:

- after ``LOGIN_SLOWDOWN_AFTER`` failures, one attempt per ``LOGIN_SLOWDOWN_SECONDS``
  for that account (the password is not even checked sooner);
- after ``LOGIN_SMS_AFTER`` failures, the right password is not enough: a code sent by
  SMS to the account's own phone completes the sign-in.

Nobody can lock the real person out this way: slowed down, they still sign in; past
the second stage their phone gets them in. The counters are the shared rate-limit
store (core/throttle.py), so every web process sees the same count.
"""

from __future__ import annotations

from django.conf import settings

from tinhso.core import throttle


def _failures_key(login: str) -> str:
    return f"login-fail:{login}"


def record_failure(login: str) -> None:
    if login:
        throttle.count_one(_failures_key(login), settings.LOGIN_FAILURE_WINDOW_SECONDS)


def failures(login: str) -> int:
    return throttle.counted(_failures_key(login)) if login else 0


def must_wait(login: str) -> bool:
    """In the slow-down stage, True when this attempt comes too soon after the last."""
    if failures(login) < settings.LOGIN_SLOWDOWN_AFTER:
        return False
    return throttle.over_limit(f"login-pace:{login}", 1, settings.LOGIN_SLOWDOWN_SECONDS)


def needs_sms_code(login: str) -> bool:
    return failures(login) >= settings.LOGIN_SMS_AFTER


def forget(login: str) -> None:
    """A successful sign-in of the real person ends the back-off."""
    throttle.reset(_failures_key(login))
    throttle.reset(f"login-pace:{login}")
