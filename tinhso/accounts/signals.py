"""Sign-in events go to the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tinhso.accounts import backoff
from tinhso.accounts.backends import canonical_login
from tinhso.core.audit import write_audit


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    write_audit("auth.login", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        write_audit("auth.logout", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def count_login_failure(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    backoff.record_failure(canonical_login(credentials.get("username")))


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Only the login name: Django already masks the password in ``credentials``.
    write_audit(
        "auth.login_failed",
        request=request,
        object_type="login",
        object_repr=canonical_login(credentials.get("username"))[:255],
    )


@receiver(user_locked_out)
def audit_locked_out(
    sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any
) -> None:
    write_audit("auth.locked_out", request=request, object_type="login", object_repr=username[:255])
