"""Joining a team by invitation link, with a new account when the address has none.

The account part reuses accounts' form and service (`SignupForm`, `services.user_create`); the
link stays at /account/uitnodiging/<token>/ (mounted from the project's urls.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from buurtkompas.accounts.forms import SignupForm
from buurtkompas.accounts.models import User
from buurtkompas.workspaces import services

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def invitation_refused(request, error: ValidationError):
    context = {"error": error.messages[0]}
    return render(request, "workspaces/invitation_invalid.html", context, status=404)


def joined(request, membership):
    team = membership.workspace.name
    messages.success(request, _("Welcome to %(team)s.") % {"team": team})
    return redirect("workspaces:detail", membership.workspace_id)


@sensitive_post_parameters("password1", "password2")
@never_cache
def invitation(request, token: str):
    try:
        invite = services.invitation_by_token(token)
    except ValidationError as error:
        return invitation_refused(request, error)
    context = {"invitation": invite}
    if request.user.is_authenticated:
        return invitation_for_user(request, token, context)
    if User.objects.filter(email__iexact=invite.email).exists():
        return render(request, "workspaces/invitation.html", {**context, "login_needed": True})
    return invitation_signup(request, token, context)


def invitation_for_user(request, token: str, context: dict):
    if request.user.email.lower() != context["invitation"].email.lower():
        context["wrong_account"] = True
        return render(request, "workspaces/invitation.html", context, status=403)
    if request.method != "POST":
        return render(request, "workspaces/invitation.html", {**context, "can_accept": True})
    try:
        membership = services.invitation_accept(token=token, user=request.user)
    except ValidationError as error:
        return invitation_refused(request, error)
    return joined(request, membership)


def invitation_signup(request, token: str, context: dict):
    form = SignupForm(request.POST or None, email=context["invitation"].email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.account_create_from_invitation(
                token=token, name=data["name"], password=data["password1"]
            )
        except ValidationError as error:
            return invitation_refused(request, error)
        login(request, membership.user, backend=MODEL_BACKEND)
        return joined(request, membership)
    return render(request, "workspaces/invitation.html", {**context, "form": form})
