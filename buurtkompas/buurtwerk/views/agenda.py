"""The residents' agenda (bewonersagenda): what residents raised, how far it got, and the
initiatives that took it up. HTTP glue only: reads through selectors, writes through services.

Every member reads; coordinators and community workers change anything, a volunteer only the
items they recorded (403 otherwise). Items hold no personal data, so the filters are a GET."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.agenda import (
    AgendaFilterForm,
    AgendaItemForm,
    AgendaStatusForm,
    status_form,
    take_up_form,
)
from buurtkompas.buurtwerk.models import AgendaItem
from buurtkompas.buurtwerk.selectors import agenda as selectors
from buurtkompas.buurtwerk.services import agenda as services
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def changeable_item(request, agenda_item_id: int) -> AgendaItem:
    return record_for_changing(request, AgendaItem, agenda_item_id)


def list_url(request) -> str:
    return reverse("buurtwerk:agenda", args=[request.workspace.pk])


@workspace_view(ALL)
@require_GET
def agenda_list(request):
    form = AgendaFilterForm(request.GET or None, workspace=request.workspace)
    filters = form.filters() if form.is_bound else {}
    items = selectors.agenda_items(request.workspace, **filters)
    page = paginate(request, items)
    for item in page:
        item.may_change = may_change(request.membership, item)
    around = {k: v for k, v in filters.items() if k in ("channel", "buurt", "query")}
    context = {
        "form": form,
        "page": page,
        "status": filters.get("status", ""),
        "counts": selectors.status_counts(request.workspace, **around),
        "can_write": request.membership.may_write,
    }
    return render(request, "buurtwerk/agenda/list.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agenda_create(request):
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, workspace=request.workspace)
    if form.is_valid():
        try:
            item = services.agenda_item_create(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect("buurtwerk:agenda_item", request.workspace.pk, item.pk)
    return render(request, "buurtwerk/agenda/form.html", {"form": form})


@workspace_view(ALL)
@require_GET
def agenda_item(request, agenda_item_id: int):
    item = record_for_reading(
        request, AgendaItem.objects.select_related("buurt", "created_by"), agenda_item_id
    )
    return render_detail(request, item)


def render_detail(request, item: AgendaItem, *, status: AgendaStatusForm | None = None):
    """The item's page; a status change that failed is shown again with its error and input."""
    context = {
        "item": item,
        "initiatives": selectors.initiatives_of(item),
        "may_change": may_change(request.membership, item),
        "status_form": status or status_form(item),
    }
    return render(request, "buurtwerk/agenda/detail.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agenda_edit(request, agenda_item_id: int):
    item = changeable_item(request, agenda_item_id)
    if request.method == "GET":
        form = AgendaItemForm(instance=item, workspace=request.workspace)
        return render(request, "buurtwerk/agenda/form.html", {"form": form, "item": item})
    # Not bound to the instance: validating would change it before the service compares.
    form = AgendaItemForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("buurtwerk:agenda_item", request.workspace.pk, item.pk)
    return render(request, "buurtwerk/agenda/form.html", {"form": form, "item": item})


@workspace_view(WORK)
@require_POST
def agenda_status(request, agenda_item_id: int):
    """The quick status change, from the item's page or from a row of the list."""
    item = changeable_item(request, agenda_item_id)
    form = AgendaStatusForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_set_status(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            label = AgendaItem.Status(item.status).label
            messages.success(
                request, _("“%(title)s” is now: %(status)s.") % {"title": item, "status": label}
            )
            return redirect(back_to(request, item))
    return render_detail(request, item, status=form)


def back_to(request, item: AgendaItem) -> str:
    """Back to the list page the change was made from (only a page of this list), or the item."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    if safe and target.split("?")[0] == list_url(request):
        return target
    return reverse("buurtwerk:agenda_item", args=[request.workspace.pk, item.pk])


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agenda_take_up(request, agenda_item_id: int):
    """Turn the item into an initiative (prefilled from it) and mark the item picked up."""
    item = changeable_item(request, agenda_item_id)
    form = take_up_form(item, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            initiative = services.agenda_item_take_up(
                actor=request.user, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The initiative was started; the agenda item is now picked up.")
            )
            return redirect("buurtwerk:initiative", request.workspace.pk, initiative.pk)
    return render(request, "buurtwerk/agenda/take_up.html", {"form": form, "item": item})


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agenda_delete(request, agenda_item_id: int):
    """A confirmation page first: it lists the initiatives and log entries that link here."""
    item = changeable_item(request, agenda_item_id)
    if request.method == "POST":
        services.agenda_item_delete(actor=request.user, item=item)
        messages.success(request, _("The agenda item was deleted."))
        return redirect(list_url(request))
    context = {"item": item, "links": selectors.links_to(item)}
    return render(request, "buurtwerk/agenda/delete.html", context)
