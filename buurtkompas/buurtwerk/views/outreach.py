"""Outreach campaigns: the list, a campaign's funnel with conversion per step and its rounds
over time (a table and a small SVG chart), the campaign form, adding and deleting rounds.
HTTP glue only. Everything here is counts, so partners see it too (read-only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.outreach import CampaignForm, TallyForm
from buurtkompas.buurtwerk.models import Campaign, CampaignTally
from buurtkompas.buurtwerk.selectors import outreach as selectors
from buurtkompas.buurtwerk.services import outreach as services
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def changeable_campaign(request, campaign_id: int) -> Campaign:
    return record_for_changing(request, Campaign, campaign_id)


@workspace_view(ALL)
@require_http_methods(["GET"])
def campaign_list(request):
    campaigns = selectors.campaign_list(request.workspace)
    page = paginate(request, campaigns)
    context = {"page": page, "may_create": request.membership.may_write}
    return render(request, "buurtwerk/outreach/list.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def campaign_create(request):
    form = CampaignForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        campaign = services.campaign_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The campaign was saved. Add its first round below."))
        return redirect("buurtwerk:outreach_campaign", request.workspace.pk, campaign.pk)
    return render(request, "buurtwerk/outreach/form.html", {"form": form})


@workspace_view(ALL)
@require_http_methods(["GET"])
def campaign_detail(request, campaign_id: int):
    return render_detail(request, campaign_id)


def render_detail(request, campaign_id: int, *, tally_form=None):
    campaign = record_for_reading(request, Campaign, campaign_id)
    tallies = selectors.tallies_of(campaign)
    membership = request.membership
    context = {
        "campaign": campaign,
        "tallies": tallies,
        "funnel": selectors.funnel(selectors.totals(tallies)),
        "chart": selectors.chart(tallies),
        "may_change": may_change(membership, campaign),
        "may_add": membership.may_write,
        "deletable": {t.pk for t in tallies if may_change(membership, t)},
        "tally_form": tally_form or TallyForm(),
    }
    return render(request, "buurtwerk/outreach/detail.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def campaign_edit(request, campaign_id: int):
    campaign = changeable_campaign(request, campaign_id)
    if request.method == "GET":
        form = CampaignForm(instance=campaign)
    else:
        form = CampaignForm(request.POST)
        if form.is_valid():
            services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
            messages.success(request, _("The changes were saved."))
            return redirect("buurtwerk:outreach_campaign", request.workspace.pk, campaign.pk)
    return render(request, "buurtwerk/outreach/form.html", {"form": form, "campaign": campaign})


@workspace_view(WORK)
@require_http_methods(GET_POST)
def campaign_delete(request, campaign_id: int):
    campaign = changeable_campaign(request, campaign_id)
    if request.method == "POST":
        services.campaign_delete(actor=request.user, campaign=campaign)
        messages.success(request, _("The campaign and its rounds were deleted."))
        return redirect("buurtwerk:outreach", request.workspace.pk)
    tallies = selectors.tallies_of(campaign)
    context = {"campaign": campaign, "tallies": tallies, "totals": selectors.totals(tallies)}
    return render(request, "buurtwerk/outreach/delete.html", context)


@workspace_view(WORK)
@require_POST
def tally_add(request, campaign_id: int):
    campaign = record_for_reading(request, Campaign, campaign_id)
    form = TallyForm(request.POST)
    if form.is_valid():
        try:
            services.campaign_tally_add(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round was added."))
            return redirect("buurtwerk:outreach_campaign", request.workspace.pk, campaign.pk)
    return render_detail(request, campaign_id, tally_form=form)


@workspace_view(WORK)
@require_POST
def tally_delete(request, campaign_id: int, tally_id: int):
    campaign = record_for_reading(request, Campaign, campaign_id)
    tallies = CampaignTally.objects.select_related("workspace", "campaign")
    tally = record_for_changing(request, tallies, tally_id, campaign=campaign)
    services.campaign_tally_delete(actor=request.user, tally=tally)
    messages.success(request, _("The round was deleted."))
    return redirect("buurtwerk:outreach_campaign", request.workspace.pk, campaign.pk)
