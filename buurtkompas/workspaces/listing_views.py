"""The platform coordinators' page: teams that ask to be listed on the atlas, to approve or
refuse. Anonymous visitors are sent to log in; everyone else who may not review gets a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkompas.workspaces import listing, services
from buurtkompas.workspaces.forms import ListingApproveForm, ListingRefuseForm
from buurtkompas.workspaces.models import Workspace


def reviewer_only(request) -> None:
    if not listing.may_review_listings(request.user):
        raise PermissionDenied


@login_required
def listing_requests(request):
    reviewer_only(request)
    requests = [
        {
            "workspace": workspace,
            "may_decide": listing.may_approve(request.user, workspace),
            "approve_form": ListingApproveForm(prefix=f"approve-{workspace.pk}"),
            "refuse_form": ListingRefuseForm(prefix=f"refuse-{workspace.pk}"),
        }
        for workspace in listing.pending_requests()
    ]
    return render(request, "workspaces/listing_requests.html", {"requests": requests})


def decide(request, team_id: int, form_class, prefix: str, decision, done: str):
    """Validate the decision's form, apply it through its service, say what happened."""
    reviewer_only(request)
    workspace = get_object_or_404(Workspace, pk=team_id, is_demo=False)
    form = form_class(request.POST, prefix=f"{prefix}-{workspace.pk}")
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        decision(workspace, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"team": workspace.name})
    return redirect("platform:listings")


@login_required
@require_POST
def listing_approve(request, team_id: int):
    def approve(workspace, verify_organisation):
        services.listing_approve(
            actor=request.user, workspace=workspace, verify_organisation=verify_organisation
        )

    done = _("%(team)s is now listed on the atlas.")
    return decide(request, team_id, ListingApproveForm, "approve", approve, done)


@login_required
@require_POST
def listing_refuse(request, team_id: int):
    def refuse(workspace, reason):
        services.listing_refuse(actor=request.user, workspace=workspace, reason=reason)

    done = _("The listing of %(team)s was refused.")
    return decide(request, team_id, ListingRefuseForm, "refuse", refuse, done)
