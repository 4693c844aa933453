"""Initiatives: resident initiatives and projects, with their milestones, the history of every
milestone (a public timeline of progress), the agenda items they answer and their activities.

Every member reads; coordinators and community workers change anything, a volunteer only the
initiatives they started (403 otherwise). Residents' names (the leads) are shown only to members
who may see personal data; everyone else sees how many there are."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buurtkompas.buurtwerk.forms.initiatives import (
    InitiativeFilterForm,
    InitiativeForm,
    MilestoneForm,
)
from buurtkompas.buurtwerk.models import Initiative, Milestone
from buurtkompas.buurtwerk.selectors import initiatives as selectors
from buurtkompas.buurtwerk.services import initiatives as services
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces import record_actions
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def changeable_initiative(request, initiative_id: int) -> Initiative:
    return record_for_changing(request, Initiative, initiative_id)


def changeable_milestone(request, initiative_id: int, milestone_id: int):
    """A milestone is changed by whoever may change its initiative."""
    initiative = changeable_initiative(request, initiative_id)
    milestone = record_for_reading(request, Milestone, milestone_id, initiative=initiative)
    return initiative, milestone


def form_data(request):
    return request.POST if request.method == "POST" else None


@workspace_view(ALL)
@require_GET
def initiative_list(request):
    form = InitiativeFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    found = selectors.initiatives(request.workspace, **filters)
    page = paginate(request, found)
    context = {"form": form, "page": page, "can_write": request.membership.may_write}
    return render(request, "buurtwerk/initiatives/list.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def initiative_create(request):
    form = InitiativeForm(
        form_data(request), workspace=request.workspace, membership=request.membership
    )
    if form.is_valid():
        try:
            initiative = services.initiative_create(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The initiative was added."))
            return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    return render(request, "buurtwerk/initiatives/form.html", {"form": form})


def add_service_error(form, error: ValidationError) -> None:
    """A refusal about the leads goes next to the leads; anything else above the form."""
    field = "leads" if "leads" in form.fields and form.cleaned_data.get("leads") else None
    form.add_error(field, error)


@workspace_view(ALL)
@require_GET
def initiative_detail(request, initiative_id: int):
    initiative = record_for_reading(
        request, selectors.initiatives_with_details(request.workspace), initiative_id
    )
    return render_detail(request, initiative)


def render_detail(request, initiative: Initiative, *, milestone_form=None):
    """The initiative's page; a milestone that failed is shown again with its errors."""
    personal = request.membership.can_see_personal_data
    context = {
        "initiative": initiative,
        "leads": selectors.leads_of(initiative) if personal else None,
        "activities": selectors.activities_of(initiative),
        "may_change": may_change(request.membership, initiative),
        "milestone_form": milestone_form or MilestoneForm(),
        "record_actions": record_actions.actions_for(request, initiative),
    }
    return render(request, "buurtwerk/initiatives/detail.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def initiative_edit(request, initiative_id: int):
    initiative = changeable_initiative(request, initiative_id)
    options = {"workspace": request.workspace, "membership": request.membership}
    if request.method == "GET":
        form = InitiativeForm(instance=initiative, **options)
    else:  # not bound to the instance: validating would change it before the service compares
        form = InitiativeForm(request.POST, **options)
    if form.is_bound and form.is_valid():
        try:
            services.initiative_update(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    context = {"form": form, "initiative": initiative}
    return render(request, "buurtwerk/initiatives/form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def initiative_delete(request, initiative_id: int):
    """A confirmation page first: it lists what links to the initiative and what happens."""
    initiative = changeable_initiative(request, initiative_id)
    if request.method == "POST":
        services.initiative_delete(actor=request.user, initiative=initiative)
        messages.success(request, _("The initiative was deleted."))
        return redirect("buurtwerk:initiatives", request.workspace.pk)
    context = {"initiative": initiative, "links": selectors.links_to(initiative)}
    return render(request, "buurtwerk/initiatives/delete.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def milestone_create(request, initiative_id: int):
    initiative = changeable_initiative(request, initiative_id)
    form = MilestoneForm(form_data(request))
    if form.is_valid():
        try:
            services.milestone_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    detail = selectors.initiatives_with_details(request.workspace).get(pk=initiative.pk)
    return render_detail(request, detail, milestone_form=form)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def milestone_edit(request, initiative_id: int, milestone_id: int):
    """Change a milestone and its progress; a change of progress is added to its history."""
    initiative, milestone = changeable_milestone(request, initiative_id, milestone_id)
    if request.method == "GET":
        form = MilestoneForm(instance=milestone)
    else:  # not bound to the instance, so the service sees the old progress
        form = MilestoneForm(request.POST)
    if form.is_bound and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    context = {"form": form, "initiative": initiative, "milestone": milestone}
    return render(request, "buurtwerk/initiatives/milestone_form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def milestone_delete(request, initiative_id: int, milestone_id: int):
    initiative, milestone = changeable_milestone(request, initiative_id, milestone_id)
    if request.method == "POST":
        services.milestone_delete(actor=request.user, milestone=milestone)
        messages.success(request, _("The milestone and its history were deleted."))
        return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    context = {
        "initiative": initiative,
        "milestone": milestone,
        "updates": milestone.updates.count(),
    }
    return render(request, "buurtwerk/initiatives/milestone_delete.html", context)
