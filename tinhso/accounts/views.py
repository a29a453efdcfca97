"""Sign-up, sign-in, profile and MFA pages. Thin: parse, authorise, call do_*."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhso.accounts import actions, backoff, login_code, mfa
from tinhso.accounts import signup as signup_actions
from tinhso.accounts.backends import canonical_login
from tinhso.accounts.forms import (
    CodeForm,
    LoginForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
    TokenForm,
)
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.middleware import needs_mfa
from tinhso.accounts.models import PendingSignup, User
from tinhso.core.errors import ActionError

PENDING_SIGNUP = "pending_signup"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        # Where to go once signed in: a safe ?next=, else the person's start page
        # (worked out from the form's user: nobody is signed in yet at this point).
        target = self.get_redirect_url() or reverse(
            "console:home" if needs_mfa(user) else "core:home"
        )
        login = canonical_login(form.cleaned_data.get("username"))
        if backoff.needs_sms_code(login):
            # Under attack: the right password alone no longer signs this account in.
            try:
                login_code.do_send_login_code(self.request, user, next_url=target)
            except ActionError as exc:
                messages.error(self.request, exc.message)
            return redirect("accounts:login_code")
        backoff.forget(login)
        return _signed_in(self.request, user, target)

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if user.is_authenticated and needs_mfa(user):
            return reverse("console:home")
        return reverse("core:home")


def _signed_in(request: HttpRequest, user: User, target: str) -> HttpResponse:
    auth_login(request, user, backend="tinhso.accounts.backends.PhoneOrEmailBackend")
    if needs_mfa(user):
        # Officials go through the second factor before anything else.
        step = "accounts:mfa_verify" if user_has_device(user) else "accounts:mfa_setup"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': target})}")
    return HttpResponseRedirect(target)


def login_code_step(request: HttpRequest) -> HttpResponse:
    """The SMS code that finishes a sign-in while the account is under attack."""
    user, state = login_code.pending(request)
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        try:
            login_code.do_send_login_code(request, user, next_url=state.get("next", ""))
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã gửi mã mới."))
        return redirect("accounts:login_code")
    if request.method == "POST" and form.is_valid():
        try:
            user, target = login_code.check_login_code(request, form.cleaned_data["code"])
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            backoff.forget(canonical_login(user.phone))
            if user.email:
                backoff.forget(canonical_login(user.email))
            return _signed_in(request, user, target or reverse("core:home"))
    return render(request, "accounts/login_code.html", {"form": form, "pending": user})


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any):
    """django-axes calls this instead of the login view while a login is locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(minutes)d phút."
    ) % {"minutes": minutes}
    return render(
        request, "accounts/login.html", {"form": LoginForm(request), "locked": message}, status=429
    )


def _pending_signup(request: HttpRequest) -> PendingSignup | None:
    """The sign-up this browser session started (never one started elsewhere)."""
    pk = request.session.get(PENDING_SIGNUP)
    return PendingSignup.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pending = signup_actions.do_start_signup(
                full_name=data["full_name"],
                phone=data["phone"],
                password=data["password1"],
                email=data["email"] or None,
                citizen_id=data["citizen_id"] or None,
                kind=data["kind"],
                language=request.LANGUAGE_CODE,
                mine=_pending_signup(request),
                request=request,
            )
        except ActionError as exc:
            form.add_action_error(exc)
        else:
            request.session[PENDING_SIGNUP] = pending.pk
            return redirect("accounts:verify_phone")
    return render(request, "accounts/signup.html", {"form": form})


def verify_phone(request: HttpRequest) -> HttpResponse:
    pending = _pending_signup(request)
    if pending is None:
        messages.info(request, _("Phiên đăng ký đã hết. Vui lòng đăng ký lại."))
        return redirect("accounts:signup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, left_out = signup_actions.verify_phone(
                pending, form.cleaned_data["code"], request=request
            )
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            del request.session[PENDING_SIGNUP]
            auth_login(request, user, backend="tinhso.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Tài khoản đã sẵn sàng. Chào mừng bạn!"))
            if left_out:
                messages.warning(
                    request,
                    _(
                        "Thư điện tử hoặc số định danh bạn nhập đã gắn với một tài khoản khác "
                        "nên chưa được lưu. Bạn có thể bổ sung trong trang cá nhân."
                    ),
                )
            return redirect("core:home")
    return render(request, "accounts/verify_phone.html", {"form": form, "pending": pending})


@require_POST
def resend_code(request: HttpRequest) -> HttpResponse:
    pending = _pending_signup(request)
    if pending is None:
        return redirect("accounts:signup")
    try:
        signup_actions.do_send_phone_code(pending, request=request)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi mã mới."))
    return redirect("accounts:verify_phone")


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=user.id))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_profile(user, acting_user=user, request=request, **form.cleaned_data)
        except ActionError as exc:
            form.add_action_error(exc)
        else:
            messages.success(request, _("Đã lưu thông tin."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
            return response
    return render(request, "accounts/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return reverse("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_password_changed(form.user, request=self.request)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An official's first visit: set their own password from the emailed/texted link."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/activate_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_password(
                user, form.cleaned_data["new_password1"], acting_user=user, request=request
            )
        except ActionError as exc:
            form.add_error("new_password1", exc.message)
        else:
            auth_login(request, user, backend="tinhso.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Đã đặt mật khẩu. Tiếp theo, cài đặt xác thực hai lớp."))
            return redirect("accounts:mfa_setup")
    return render(request, "accounts/activate.html", {"form": form, "person": user})


def _qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=5, border=2)


@login_required
def mfa_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user, confirmed=True) and not request.user.is_verified():
        query = urlencode({"next": _safe_next(request, "")})
        return redirect(f"{reverse('accounts:mfa_verify')}?{query}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = actions.do_start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_confirm_totp(user, device, form.cleaned_data["token"], request=request)
        except ActionError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_safe_next(request, reverse("console:home")))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": secret,
            "next": _safe_next(request, ""),
        },
    )


@login_required
def mfa_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return redirect("accounts:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = mfa.match_token(devices, form.cleaned_data["token"])
        if device is None:
            actions.record_mfa_attempt(user, succeeded=False, request=request)
            form.add_error("token", error)
        else:
            otp_login(request, device)
            actions.record_mfa_attempt(user, succeeded=True, request=request)
            return redirect(_safe_next(request, reverse("console:home")))
    return render(
        request, "accounts/mfa_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switcher, and the choice remembered on the account for notifications."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        actions.do_set_language(
            request.user,  # type: ignore[arg-type]
            request.POST.get("language", ""),
            request=request,
        )
    return response
