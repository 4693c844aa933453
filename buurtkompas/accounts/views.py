"""Log-in (with an optional second step), log-out, profile, password and 2FA.

Sign-up and joining a team by invitation are in `workspaces.signup` (a team's business)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from buurtkompas.accounts import devices, services, throttle, totp
from buurtkompas.accounts.forms import (
    CodeForm,
    LoginForm,
    ProfileForm,
    ThrottledPasswordChangeForm,
    TwoFactorDisableForm,
)
from buurtkompas.accounts.models import FailedLogin, User
from buurtkompas.accounts.requirements import two_factor_required
from buurtkompas.core.client import client_ip

PENDING = "accounts_pending_2fa"  # the half-authenticated user between password and code
PENDING_TTL_S = 300
SETUP_SECRET = "accounts_totp_setup"  # the secret shown while 2FA is being set up


def safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


def after_login(next_url: str) -> str:
    return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)


def throttled_message(wait_s: int) -> str:
    minutes = throttle.minutes(wait_s)
    return ngettext(
        "Too many failed attempts. For your safety, logging in from here is paused for a "
        "while. Try again in %(minutes)d minute.",
        "Too many failed attempts. For your safety, logging in from here is paused for a "
        "while. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def complete_login(request, user, backend: str, response):
    """Log in, forget the failures of this client (or device) and remember the device."""
    ip, device = client_ip(request), devices.device_of(request, user.pk)
    request.session.pop(PENDING, None)
    login(request, user, backend=backend)
    throttle.clear_failures(email=user.email, ip=ip, device=device)
    devices.remember(request, response, user)
    return response


def login_device(request, email: str) -> str:
    """The known-device id this browser has for the account with this address, or ""."""
    if not devices.known(request):
        return ""
    pk = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
    return devices.device_of(request, pk)


# Log-in, step one: e-mail address and password.


def authenticate_or_refuse(request, form: LoginForm):
    email, ip = form.cleaned_data["email"], client_ip(request)
    device = login_device(request, email)
    wait = throttle.login_wait_s(email=email, ip=ip, device=device)
    if wait:
        form.add_error(None, throttled_message(wait))
        return None
    user = authenticate(request, email=email, password=form.cleaned_data["password"])
    if user is None:
        exists = User.objects.filter(email__iexact=email).exists()
        kind = FailedLogin.Kind.PASSWORD if exists else FailedLogin.Kind.UNKNOWN
        throttle.record_failure(email=email, ip=ip, kind=kind, device=device)
        form.add_error(None, _("The e-mail address or password is not correct."))
    return user


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate_or_refuse(request, form)
        if user is not None and user.has_2fa:
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": safe_next(request),
                "at": time.time(),
            }
            return redirect("accounts:login_code")
        if user is not None:
            response = redirect(after_login(safe_next(request)))
            return complete_login(request, user, user.backend, response)
    return render(request, "registration/login.html", {"form": form, "next": safe_next(request)})


# Log-in, step two: the code from the authenticator app.


def pending_user(request) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_TTL_S:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user if user is not None and user.has_2fa else None


def code_accepted(request, form: CodeForm, user: User) -> bool:
    """A fresh, right code within the throttle; a code is accepted once only."""
    device = devices.device_of(request, user.pk)
    wait = throttle.code_wait_s(email=user.email, device=device)
    if wait:
        form.add_error(None, throttled_message(wait))
        return False
    result = services.totp_code_use(user=user, code=form.cleaned_data["code"])
    if result == services.CODE_OK:
        return True
    if result == services.CODE_USED:
        form.add_error("code", services.code_used_message())
        return False
    kind, ip = FailedLogin.Kind.CODE, client_ip(request)
    throttle.record_failure(email=user.email, ip=ip, kind=kind, device=device)
    form.add_error("code", _("That code is not correct. Use the newest code from your app."))
    return False


@sensitive_post_parameters("code")
@never_cache
def login_code(request):
    user = pending_user(request)
    if user is None:
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and code_accepted(request, form, user):
        pending = request.session[PENDING]
        response = redirect(after_login(pending["next"]))
        return complete_login(request, user, pending["backend"], response)
    return render(request, "registration/login_code.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# Profile and password.


@never_cache
@login_required
def profile(request):
    user = request.user
    initial = {"name": user.name, "organisation": user.organisation}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    memberships = user.memberships.select_related("workspace").order_by("workspace__name")
    context = {"form": form, "memberships": memberships}
    return render(request, "accounts/profile.html", context)


def reauth_refusal(request) -> str:
    """The message that refuses a logged-in account's password or code for a while, or ""."""
    wait = throttle.reauth_wait_s(email=request.user.email)
    if not wait:
        return ""
    minutes = throttle.minutes(wait)
    return ngettext(
        "Too many wrong attempts. For your safety, this is paused for a while. "
        "Try again in %(minutes)d minute.",
        "Too many wrong attempts. For your safety, this is paused for a while. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def reauth_failed(request) -> None:
    throttle.record_reauth_failure(user=request.user, ip=client_ip(request))


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    form = ThrottledPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        form.refusal = reauth_refusal(request)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password1"]
        services.password_set(user=request.user, password=password, how="changed")
        update_session_auth_hash(request, request.user)
        throttle.clear_reauth_failures(email=request.user.email)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    if request.method == "POST" and form.failed:
        reauth_failed(request)
    return render(request, "registration/password_change_form.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link: at most PASSWORD_RESET_PER_ADDRESS_PER_HOUR e-mails per
    address and PASSWORD_RESET_PER_IP_PER_HOUR per client address. A refused request gets the
    same page as any other (whether the address has an account stays unknown); the log says."""

    def form_valid(self, form):
        email, ip = form.cleaned_data["email"], client_ip(self.request)
        refused = throttle.reset_refusal(email=email, ip=ip)
        if refused:
            throttle.log.warning("password reset refused: too many per %s (from %s)", refused, ip)
            return redirect(self.get_success_url())
        throttle.record_reset(email=email, ip=ip)
        return super().form_valid(form)


# Two-step verification (TOTP).


@sensitive_post_parameters()
@never_cache
@login_required
def two_factor(request):
    if request.user.has_2fa:
        return two_factor_off(request)
    return two_factor_setup(request)


def two_factor_setup(request):
    secret = request.session.setdefault(SETUP_SECRET, totp.new_secret())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            services.two_factor_enable(user=request.user, secret=secret, code=code)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[SETUP_SECRET]
            messages.success(request, _("Two-step verification is on."))
            return redirect(safe_next(request) or "accounts:profile")
    uri = totp.provisioning_uri(secret=secret, email=request.user.email)
    context = {
        "form": form,
        "qr": totp.qr_svg(uri, title=_("QR code to scan with your authenticator app")),
        "secret": totp.grouped(secret),
        "next": safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def two_factor_off(request):
    form = TwoFactorDisableForm(request.POST or None, user=request.user)
    if request.method == "POST":
        form.refusal = reauth_refusal(request)
    if request.method == "POST" and form.is_valid():
        services.two_factor_disable(user=request.user)
        throttle.clear_reauth_failures(email=request.user.email)
        messages.success(request, _("Two-step verification is off."))
        return redirect("accounts:profile")
    if request.method == "POST" and form.failed:
        reauth_failed(request)
    context = {"form": form, "required_by_a_team": two_factor_required(request.user)}
    return render(request, "accounts/two_factor_disable.html", context)
