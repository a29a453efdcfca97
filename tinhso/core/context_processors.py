from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        # Each language in its own name, as settings write them: Django's language tags
        # translate the names ("Tiếng Anh") and its own local names are not NFC.
        "LANGUAGE_NAMES": settings.LANGUAGES,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from tinhso.core.choices import Channel

        context["unread_count"] = user.notifications.filter(
            channel=Channel.INBOX, read_at=None
        ).count()
        if request.path.startswith("/console/"):
            from tinhso.core.navigation import console_menu

            context["menu"] = console_menu(user, request.path)
    return context
