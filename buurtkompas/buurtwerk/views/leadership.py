"""The leadership ladder: the team overview (aggregates for everyone, the residents for those
who may see personal data), a resident's ladder, the steps of one initiative, recording and
deleting a step. HTTP glue only; messages and titles never name a resident."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.leadership import StepForm, YearForm
from buurtkompas.buurtwerk.models import Initiative, LeadershipStep
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.buurtwerk.selectors import leadership as selectors
from buurtkompas.buurtwerk.services import leadership as services
from buurtkompas.core.params import query_id
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.residents.selectors import live_contact
from buurtkompas.residents.services import ConsentMissing, contact_view
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


@workspace_view(ALL)
@require_http_methods(["GET"])
def leadership_overview(request):
    workspace = request.workspace
    data = request.GET if "jaar" in request.GET else None
    form = YearForm(data, years=selectors.years_with_steps(workspace))
    year = form.year()
    context = {
        "form": form,
        "year": year,
        "stepped_up": selectors.stepped_up(workspace, year),
        "rungs": selectors.rung_table(workspace, year),
        "initiatives": selectors.initiatives_with_steps(workspace),
        "rung_choices": Rung.choices,
        "may_record": request.membership.may_write_personal_data,
    }
    if request.membership.can_see_personal_data:
        context["page"] = paginate(request, selectors.residents_on_ladder(workspace))
    return render(request, "buurtwerk/leadership/overview.html", context)


@workspace_view(ALL, personal_data=True)
@require_http_methods(["GET"])
def leadership_resident(request, contact_id: int):
    live_contact(request, contact_id)
    # The audited read: seeing a resident's ladder shows in their history like their page does.
    contact = contact_view(actor=request.user, workspace=request.workspace, contact_id=contact_id)
    steps, rungs = selectors.ladder_of(contact)
    context = {
        "contact": contact,
        "steps": steps,
        "rungs": rungs,
        "may_record": request.membership.may_write,
        "deletable": {s.pk for s in steps if may_change(request.membership, s)},
    }
    return render(request, "buurtwerk/leadership/resident.html", context)


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def leadership_step_create(request):
    if request.method == "POST":
        form = StepForm(request.POST, workspace=request.workspace)
    else:
        form = StepForm(initial=step_initial(request), workspace=request.workspace)
    if form.is_valid():
        try:
            services.leadership_step_record(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ConsentMissing as error:
            form.add_error("contact", error)
        else:
            messages.success(request, _("The step was recorded."))
            contact_id = form.cleaned_data["contact"].pk
            return redirect("buurtwerk:leadership_resident", request.workspace.pk, contact_id)
    return render(request, "buurtwerk/leadership/step_form.html", {"form": form})


def step_initial(request) -> dict:
    """The resident (?bewoner=<id>) and initiative (?initiatief=<id>) to start the form with."""
    initial = {}
    for key, field in (("bewoner", "contact"), ("initiatief", "initiative")):
        if (value := query_id(request, key)) is not None:
            initial[field] = value
    return initial


@workspace_view(WORK, personal_data=True)
@require_POST
def leadership_step_delete(request, leadership_step_id: int):
    step = record_for_changing(
        request, LeadershipStep.objects.select_related("workspace"), leadership_step_id
    )
    services.leadership_step_delete(actor=request.user, step=step)
    messages.success(request, _("The step was deleted."))
    return redirect("buurtwerk:leadership_resident", request.workspace.pk, step.contact_id)


@workspace_view(ALL)
@require_http_methods(["GET"])
def leadership_initiative(request, initiative_id: int):
    initiative = record_for_reading(request, Initiative, initiative_id)
    context = {
        "initiative": initiative,
        "rungs": selectors.initiative_rungs(request.workspace, initiative),
        "may_record": request.membership.may_write_personal_data,
    }
    if request.membership.can_see_personal_data:
        steps = selectors.initiative_steps(request.workspace, initiative)
        context["page"] = paginate(request, steps)
    return render(request, "buurtwerk/leadership/initiative.html", context)
