from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = dict(settings.LANGUAGES)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, but many
    phones in Vietnam are set to English while their owners read Vietnamese.
    So: the language cookie (set by the switcher), then the account's saved
    language, then Vietnamese. Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            saved = getattr(user, "language", None) if user and user.is_authenticated else None
            language = saved if saved in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
