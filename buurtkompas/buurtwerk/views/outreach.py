"""Outreach campaigns: the list, a campaign's funnel with conversion per step and its rounds
over time (a table and a small SVG chart), the campaign form, adding and deleting rounds.
HTTP glue only. Everything here is counts, so partners see it too (read-only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.outreach import CampaignForm, TallyForm
from buurtkompas.buurtwerk.models import CampaignTally
from buurtkompas.buurtwerk.selectors import outreach as selectors
from buurtkompas.buurtwerk.services import outreach as services
from buurtkompas.workspaces.access import workspace_view
from buurtkompas.workspaces.models import ALL, WORK

PAGE_SIZE = 50
GET_POST = ["GET", "POST"]


def changeable_campaign(request, campaign_id: int):
    campaign = selectors.campaign_or_404(request.workspace, campaign_id)
    if not selectors.can_change(campaign, request.membership):
        raise PermissionDenied
    return campaign


@workspace_view(ALL)
@require_http_methods(["GET"])
def campaign_list(request):
    campaigns = selectors.campaign_list(request.workspace)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"page": page, "may_create": request.membership.role in WORK}
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
    campaign = selectors.campaign_or_404(request.workspace, campaign_id)
    tallies = selectors.tallies_of(campaign)
    membership = request.membership
    context = {
        "campaign": campaign,
        "tallies": tallies,
        "funnel": selectors.funnel(selectors.totals(tallies)),
        "chart": selectors.chart(tallies),
        "may_change": selectors.can_change(campaign, membership),
        "may_add": membership.role in WORK,
        "deletable": {
            t.pk for t in tallies if selectors.can_change(t, membership, campaign=campaign)
        },
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
    campaign = selectors.campaign_or_404(request.workspace, campaign_id)
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
    campaign = selectors.campaign_or_404(request.workspace, campaign_id)
    tally = get_object_or_404(
        CampaignTally.objects.select_related("workspace"),
        workspace=request.workspace,
        campaign=campaign,
        pk=tally_id,
    )
    if not selectors.can_change(tally, request.membership, campaign=campaign):
        raise PermissionDenied
    services.campaign_tally_delete(actor=request.user, tally=tally)
    messages.success(request, _("The round was deleted."))
    return redirect("buurtwerk:outreach_campaign", request.workspace.pk, campaign.pk)
