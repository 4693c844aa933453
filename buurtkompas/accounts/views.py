"""Log-in (with an optional second step), log-out, profile, password and 2FA.

Sign-up and joining a team by invitation are in `workspaces.signup` (a team's business)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from buurtkompas.accounts import services, throttle, totp
from buurtkompas.accounts.forms import CodeForm, LoginForm, ProfileForm, TwoFactorDisableForm
from buurtkompas.accounts.models import User
from buurtkompas.accounts.requirements import two_factor_required

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


def throttled_message() -> str:
    minutes = throttle.wait_minutes()
    return ngettext(
        "Too many failed attempts. For your safety, logging in to this account is paused. "
        "Try again in %(minutes)d minute.",
        "Too many failed attempts. For your safety, logging in to this account is paused. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def complete_login(request, user, backend: str) -> None:
    request.session.pop(PENDING, None)
    login(request, user, backend=backend)
    throttle.clear_failures(email=user.email)


# Log-in, step one: e-mail address and password.


def authenticate_or_refuse(request, form: LoginForm):
    email, ip = form.cleaned_data["email"], throttle.client_ip(request)
    if throttle.is_throttled(email=email, ip=ip):
        form.add_error(None, throttled_message())
        return None
    user = authenticate(request, email=email, password=form.cleaned_data["password"])
    if user is None:
        throttle.record_failure(email=email, ip=ip)
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
            complete_login(request, user, user.backend)
            return redirect(after_login(safe_next(request)))
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
    ip = throttle.client_ip(request)
    if throttle.is_throttled(email=user.email, ip=ip):
        form.add_error(None, throttled_message())
        return False
    if totp.code_matches(secret=user.totp_secret, code=form.cleaned_data["code"]):
        return True
    throttle.record_failure(email=user.email, ip=ip)
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
        complete_login(request, user, pending["backend"])
        return redirect(after_login(pending["next"]))
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


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password1"]
        services.password_set(user=request.user, password=password, how="changed")
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return render(request, "registration/password_change_form.html", {"form": form})


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
    if request.method == "POST" and form.is_valid():
        services.two_factor_disable(user=request.user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("accounts:profile")
    context = {"form": form, "required_by_a_team": two_factor_required(request.user)}
    return render(request, "accounts/two_factor_disable.html", context)
