"""The pattern of every action button on a page: a valid form, the ``do_*``, a message,
back to the page — a refusal said there too, in the person's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError


def refuse(request: HttpRequest, back: str, form: Any = None, error: str = "") -> HttpResponse:
    if form is not None:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, error or _("Dữ liệu chưa hợp lệ."))
    return redirect(back)


def acted(
    request: HttpRequest,
    back: str,
    form: Any,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run ``act`` with the form's data and go ``back`` saying ``done`` — or why not."""
    if not form.is_valid():
        return refuse(request, back, form)
    try:
        act(form.cleaned_data)
    except ActionError as exc:
        return refuse(request, back, error=exc.message)
    messages.success(request, done)
    return redirect(back)
