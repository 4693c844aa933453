"""The krachtenkaart: the neighbourhood's assets, their connections and a map of the buurt.

HTTP glue only. Talents name residents, so members who may not see personal data never get a
talent (403 on its pages) and see how many talents there are instead. Page titles, URLs and
messages never name a resident."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.assets import AssetFilterForm, AssetForm, ConnectForm
from buurtkompas.buurtwerk.models import Asset
from buurtkompas.buurtwerk.selectors import assets as selectors
from buurtkompas.buurtwerk.services import assets as services
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def personal(request) -> bool:
    return request.membership.can_see_personal_data


def visible_asset(request, asset_id: int) -> Asset:
    """A talent is personal data: 403 for members who may not see it (Asset.is_personal_data)."""
    return record_for_reading(request, selectors.asset_details(), asset_id)


def changeable_asset(request, asset_id: int) -> Asset:
    return record_for_changing(request, selectors.asset_details(), asset_id)


@workspace_view(ALL)
@require_GET
def asset_list(request):
    filters = AssetFilterForm(request.GET or None)
    kind, query = filters.values()
    assets = selectors.asset_list(
        request.workspace, kind=kind, query=query, personal=personal(request)
    )
    page = paginate(request, assets)
    hidden = 0
    if not personal(request):
        # Counted without the search words: a search must not reveal what talents say.
        hidden = selectors.hidden_talent_count(request.workspace, kind=kind)
    context = {
        "filters": filters,
        "filtered": bool(kind or query),
        "page": page,
        "hidden_talents": hidden,
        "personal": personal(request),
        "can_write": request.membership.may_write,
    }
    return render(request, "buurtwerk/assets/list.html", context)


@workspace_view(ALL)
@require_GET
def asset_map(request):
    filters = AssetFilterForm(request.GET or None)
    kind, _query = filters.values()
    assets = selectors.mapped_assets(request.workspace, kind=kind, personal=personal(request))
    more, assets = len(assets) > selectors.MAP_LIMIT, assets[: selectors.MAP_LIMIT]
    regions = selectors.covered_regions(request.workspace)
    context = {
        "filters": filters,
        "map": selectors.buurt_map(regions, assets),
        "assets": assets,
        "more": more,
        "limit": selectors.MAP_LIMIT,
        "kinds": [k for k in Asset.Kind.choices if personal(request) or k[0] != Asset.Kind.TALENT],
        "list_url": reverse("buurtwerk:assets", args=[request.workspace.pk]),
        "regions": regions,
        "unmapped": selectors.unmapped_count(
            request.workspace, kind=kind, personal=personal(request)
        ),
    }
    return render(request, "buurtwerk/assets/map.html", context)


def asset_form(request, data=None, **kwargs) -> AssetForm:
    return AssetForm(data, workspace=request.workspace, personal=personal(request), **kwargs)


def saved(request, asset: Asset):
    messages.success(request, _("The asset was saved."))
    return redirect("buurtwerk:asset_detail", request.workspace.pk, asset.pk)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def asset_create(request):
    form = asset_form(request, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            asset = services.asset_create(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, asset)
    return render_form(request, form)


def render_form(request, form, asset=None):
    """The asset form, with the team's areas for the map on which a member picks the spot."""
    context = {"form": form, "asset": asset, "areas": selectors.picker_areas(request.workspace)}
    return render(request, "buurtwerk/assets/form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def asset_edit(request, asset_id: int):
    asset = changeable_asset(request, asset_id)
    if request.method == "GET":
        return render_form(request, asset_form(request, instance=asset), asset)
    # Not bound to the instance: validating would change it before the service compares.
    form = asset_form(request, request.POST)
    if form.is_valid():
        try:
            services.asset_update(actor=request.user, asset=asset, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, asset)
    return render_form(request, form, asset)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def asset_delete(request, asset_id: int):
    asset = changeable_asset(request, asset_id)
    if request.method == "POST":
        services.asset_delete(actor=request.user, asset=asset)
        messages.success(request, _("The asset was deleted."))
        return redirect("buurtwerk:assets", request.workspace.pk)
    connections, hidden = selectors.connections_of(asset, personal=personal(request))
    context = {"asset": asset, "connections": connections, "hidden_talents": hidden}
    return render(request, "buurtwerk/assets/delete.html", context)


@workspace_view(ALL)
@require_GET
def asset_detail(request, asset_id: int):
    return render_detail(request, visible_asset(request, asset_id))


def render_detail(request, asset: Asset, *, connect_form=None):
    """The detail page; a connection form that failed is shown again with its error."""
    connections, hidden = selectors.connections_of(asset, personal=personal(request))
    can_change = may_change(request.membership, asset)
    if can_change and connect_form is None:
        choices = selectors.connectable(asset, personal=personal(request))
        connect_form = ConnectForm(queryset=choices) if choices.exists() else None
    context = {
        "asset": asset,
        "connections": connections,
        "hidden_talents": hidden,
        "can_change": can_change,
        "connect_form": connect_form,
        "personal": personal(request),
    }
    return render(request, "buurtwerk/assets/detail.html", context)


@workspace_view(WORK)
@require_POST
def asset_connect(request, asset_id: int):
    asset = changeable_asset(request, asset_id)
    choices = selectors.connectable(asset, personal=personal(request))
    form = ConnectForm(request.POST, queryset=choices)
    if form.is_valid():
        services.asset_connect(actor=request.user, asset=asset, other=form.cleaned_data["other"])
        messages.success(request, _("The connection was added."))
        return redirect("buurtwerk:asset_detail", request.workspace.pk, asset.pk)
    return render_detail(request, asset, connect_form=form)


@workspace_view(WORK)
@require_POST
def asset_disconnect(request, asset_id: int):
    asset = changeable_asset(request, asset_id)
    choices = selectors.connected(asset, personal=personal(request))
    form = ConnectForm(request.POST, queryset=choices)
    if form.is_valid():
        other = form.cleaned_data["other"]
        services.asset_disconnect(actor=request.user, asset=asset, other=other)
        messages.success(request, _("The connection was removed."))
    else:
        messages.error(request, _("That connection does not exist (any more)."))
    return redirect("buurtwerk:asset_detail", request.workspace.pk, asset.pk)
