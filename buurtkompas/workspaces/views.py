"""Team pages: my teams, a new team, its overview, settings and members.

Every view of one team goes through `workspace_view`; objects named in the URL or the form
are looked up within request.workspace, so an id of another team is a 404 or a form error."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtkompas.accounts.services import organisation_create
from buurtkompas.workspaces import selectors, services
from buurtkompas.workspaces.access import record_for_reading, workspace_view
from buurtkompas.workspaces.forms import (
    HandOverForm,
    InvitationForm,
    MembershipForm,
    WorkspaceForm,
    WorkspaceSettingsForm,
)
from buurtkompas.workspaces.models import ALL, MANAGE, Invitation

logger = logging.getLogger(__name__)

AREA_SEARCH = "search_areas"  # the name of the area search button in the team forms


@login_required
@never_cache
def workspace_list(request):
    context = {"memberships": selectors.memberships_of(request.user)}
    return render(request, "workspaces/list.html", context)


@login_required
@never_cache
def landing(request):
    """Where a log-in ends (LOGIN_REDIRECT_URL): a member of exactly one team goes straight to
    that team; anyone else to the list of their teams."""
    memberships = list(selectors.memberships_of(request.user)[:2])
    if len(memberships) == 1:
        return redirect("workspaces:detail", memberships[0].workspace_id)
    return redirect("workspaces:list")


def lead_organisation(request, form):
    """The organisation chosen in the form, or the new one it names (created now)."""
    data = form.cleaned_data
    if data["lead_organisation"]:
        return data["lead_organisation"]
    return organisation_create(
        actor=request.user, name=data["new_organisation_name"], kind=data["new_organisation_kind"]
    )


@login_required
@never_cache
def workspace_create(request):
    if request.method == "POST" and AREA_SEARCH in request.POST:
        form = WorkspaceForm.refilled(request.POST)
    elif request.method == "POST":
        form = WorkspaceForm(request.POST)
        if form.is_valid():
            workspace = services.workspace_create(
                actor=request.user,
                lead_organisation=lead_organisation(request, form),
                **form.service_fields(),
            )
            messages.success(request, _("The team was created. You are its coordinator."))
            return redirect("workspaces:detail", workspace.pk)
    else:
        form = WorkspaceForm(initial={"lead_organisation": request.user.organisation_id})
    return render(request, "workspaces/create.html", {"form": form, "area_search": AREA_SEARCH})


@workspace_view(ALL)
def workspace_detail(request):
    context = selectors.workspace_overview(request.workspace)
    return render(request, "workspaces/detail.html", context)


SETTINGS_FIELDS = [*WorkspaceSettingsForm.Meta.fields]


@workspace_view(MANAGE)
def workspace_settings(request):
    workspace, user = request.workspace, request.user
    if request.method == "POST" and AREA_SEARCH in request.POST:
        form = WorkspaceSettingsForm.refilled(request.POST, user=user)
    elif request.method == "POST":
        form = WorkspaceSettingsForm(request.POST, user=user)
        if form.is_valid():
            services.workspace_update(
                actor=user,
                workspace=workspace,
                lead_organisation=lead_organisation(request, form),
                **form.service_fields(),
            )
            messages.success(request, _("The settings were saved."))
            return redirect("workspaces:settings", workspace.pk)
    else:
        form = WorkspaceSettingsForm(initial=model_to_dict(workspace, SETTINGS_FIELDS), user=user)
    context = {"form": form, "area_search": AREA_SEARCH}
    return render(request, "workspaces/settings.html", context)


@workspace_view(ALL)
def member_list(request):
    workspace = request.workspace
    manages = request.membership.manages
    context = {
        "members": selectors.members(workspace),
        "invitations": selectors.open_invitations(workspace) if manages else [],
        "invitation_form": InvitationForm() if manages else None,
        "manages": manages,
    }
    return render(request, "workspaces/members.html", context)


def send_invitation(request, invitation, token: str) -> bool:
    """E-mail the one-time link; False when the mail server refused it."""
    link = request.build_absolute_uri(reverse("signup:invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "inviter": request.user}
    subject = _("Invitation to join %(team)s on Buurtkompas") % {"team": invitation.workspace}
    body = render_to_string("workspaces/email/invitation.txt", context, request=request)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:  # smtplib.SMTPException included
        logger.exception("invitation %s: the e-mail could not be sent", invitation.pk)
        return False
    return True


@workspace_view(MANAGE)
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = services.invitation_create(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if send_invitation(request, invitation, token):
                message = _("An invitation was sent to %(email)s.") % {"email": invitation.email}
                messages.success(request, message)
            else:
                message = _(
                    "The e-mail to %(email)s could not be sent. Withdraw the invitation "
                    "and try again later."
                ) % {"email": invitation.email}
                messages.error(request, message)
            return redirect("workspaces:members", request.workspace.pk)
    return render(request, "workspaces/invite.html", {"form": form})


@workspace_view(MANAGE)
@require_POST
def invitation_revoke(request, invitation_id: int):
    invitation = record_for_reading(request, Invitation, invitation_id)
    if invitation.is_open:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    else:
        messages.error(request, _("This invitation is no longer open; nothing was changed."))
    return redirect("workspaces:members", request.workspace.pk)


@workspace_view(MANAGE)
def member_change(request, membership_id: int):
    member = record_for_reading(request, selectors.members(request.workspace), membership_id)
    initial = {"role": member.role, "sees_personal_data": member.sees_personal_data}
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(actor=request.user, membership=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The role of %(name)s was saved.") % {"name": member.user.name}
            )
            return redirect("workspaces:members", request.workspace.pk)
    return render(request, "workspaces/member.html", {"member": member, "form": form})


@workspace_view(MANAGE)
def member_remove(request, membership_id: int):
    member = record_for_reading(request, selectors.members(request.workspace), membership_id)
    if member.pk == request.membership.pk:
        return redirect("workspaces:leave", request.workspace.pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=member)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(
                request, _("%(name)s was removed from the team.") % {"name": member.user.name}
            )
            return redirect("workspaces:members", request.workspace.pk)
    context = {"member": member, "error": error}
    return render(request, "workspaces/member_remove.html", context)


@workspace_view(ALL)
def leave(request):
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=request.membership)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(
                request, _("You left the team %(team)s.") % {"team": request.workspace.name}
            )
            return redirect("workspaces:list")
    return render(request, "workspaces/leave.html", {"error": error})


@workspace_view(MANAGE)
def hand_over(request):
    form = HandOverForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        try:
            services.coordination_hand_over(actor=request.user, workspace=request.workspace, to=to)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s is now the coordinator.") % {"name": to.user.name}
            )
            return redirect("workspaces:members", request.workspace.pk)
    return render(request, "workspaces/hand_over.html", {"form": form})
