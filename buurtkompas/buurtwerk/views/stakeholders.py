"""The krachtenveld: the parties around the buurt on a power/interest grid, and the agreements
made with them. HTTP glue only; a volunteer changes the parties they added and the agreements
they added or follow up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buurtkompas.buurtwerk.forms.stakeholders import (
    AgreementFilterForm,
    AgreementForm,
    StakeholderForm,
)
from buurtkompas.buurtwerk.selectors import stakeholders as selectors
from buurtkompas.buurtwerk.services import stakeholders as services
from buurtkompas.workspaces.access import workspace_view
from buurtkompas.workspaces.models import ALL, WORK

PAGE_SIZE = 50
GET_POST = ["GET", "POST"]


def may_change(request, obj, *assignees) -> bool:
    return request.membership.may_change(obj, owners=assignees)


def changeable_stakeholder(request, stakeholder_id: int):
    stakeholder = selectors.stakeholder_or_404(request.workspace, stakeholder_id)
    if not may_change(request, stakeholder):
        raise PermissionDenied
    return stakeholder


def changeable_agreement(request, agreement_id: int):
    agreement = selectors.agreement_or_404(request.workspace, agreement_id)
    if not may_change(request, agreement, agreement.owner_id):
        raise PermissionDenied
    return agreement


def form_data(request):
    return request.POST if request.method == "POST" else None


@workspace_view(ALL)
@require_GET
def stakeholder_list(request):
    page = Paginator(selectors.stakeholder_list(request.workspace), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {
        "page": page,
        "grid": selectors.power_grid(page.object_list),
        "legend": selectors.attitude_legend(),
        "can_write": request.membership.role in WORK,
    }
    return render(request, "buurtwerk/stakeholders/list.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def stakeholder_create(request):
    form = StakeholderForm(form_data(request))
    if form.is_valid():
        stakeholder = services.stakeholder_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The party was saved."))
        return redirect("buurtwerk:stakeholder_detail", request.workspace.pk, stakeholder.pk)
    return render(request, "buurtwerk/stakeholders/form.html", {"form": form})


@workspace_view(ALL)
@require_GET
def stakeholder_detail(request, stakeholder_id: int):
    stakeholder = selectors.stakeholder_or_404(request.workspace, stakeholder_id)
    agreements = list(selectors.agreements_of(stakeholder))
    for agreement in agreements:
        agreement.can_change = may_change(request, agreement, agreement.owner_id)
    context = {
        "stakeholder": stakeholder,
        "agreements": agreements,
        "initiatives": selectors.initiatives_of(stakeholder),
        "can_change": may_change(request, stakeholder),
        "can_write": request.membership.role in WORK,
    }
    return render(request, "buurtwerk/stakeholders/detail.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def stakeholder_edit(request, stakeholder_id: int):
    stakeholder = changeable_stakeholder(request, stakeholder_id)
    if request.method == "GET":
        form = StakeholderForm(instance=stakeholder)
    else:  # not bound to the instance, so the service sees what changed
        form = StakeholderForm(request.POST)
        if form.is_valid():
            services.stakeholder_update(
                actor=request.user, stakeholder=stakeholder, **form.cleaned_data
            )
            messages.success(request, _("The changes were saved."))
            return redirect("buurtwerk:stakeholder_detail", request.workspace.pk, stakeholder.pk)
    context = {"form": form, "stakeholder": stakeholder}
    return render(request, "buurtwerk/stakeholders/form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def stakeholder_delete(request, stakeholder_id: int):
    stakeholder = changeable_stakeholder(request, stakeholder_id)
    if request.method == "POST":
        services.stakeholder_delete(actor=request.user, stakeholder=stakeholder)
        messages.success(request, _("The party was deleted."))
        return redirect("buurtwerk:stakeholders", request.workspace.pk)
    context = {
        "stakeholder": stakeholder,
        "agreements": selectors.agreements_of(stakeholder),
        "initiatives": selectors.initiatives_of(stakeholder),
        "log_entries": selectors.log_entry_count(stakeholder),
    }
    return render(request, "buurtwerk/stakeholders/delete.html", context)


@workspace_view(ALL)
@require_GET
def agreement_list(request):
    filters = AgreementFilterForm(request.GET or None)
    agreements = selectors.agreement_list(request.workspace, status=filters.value())
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for agreement in page.object_list:
        agreement.can_change = may_change(request, agreement, agreement.owner_id)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"filters": filters, "page": page, "filter_query": query.urlencode()}
    return render(request, "buurtwerk/stakeholders/agreements.html", context)


def agreement_form(request, data=None, **kwargs) -> AgreementForm:
    return AgreementForm(data, workspace=request.workspace, **kwargs)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agreement_create(request, stakeholder_id: int):
    stakeholder = selectors.stakeholder_or_404(request.workspace, stakeholder_id)
    form = agreement_form(request, form_data(request))
    if form.is_valid():
        try:
            services.agreement_create(
                actor=request.user, stakeholder=stakeholder, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("buurtwerk:stakeholder_detail", request.workspace.pk, stakeholder.pk)
    context = {"form": form, "stakeholder": stakeholder}
    return render(request, "buurtwerk/stakeholders/agreement_form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agreement_edit(request, agreement_id: int):
    agreement = changeable_agreement(request, agreement_id)
    form = agreement_form(request, instance=agreement)
    if request.method == "POST":  # not bound to the instance, so the service sees what changed
        form = agreement_form(request, request.POST)
        if form.is_valid():
            try:
                services.agreement_update(
                    actor=request.user, agreement=agreement, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(
                    "buurtwerk:stakeholder_detail", request.workspace.pk, agreement.stakeholder_id
                )
    context = {"form": form, "agreement": agreement, "stakeholder": agreement.stakeholder}
    return render(request, "buurtwerk/stakeholders/agreement_form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agreement_delete(request, agreement_id: int):
    agreement = changeable_agreement(request, agreement_id)
    if request.method == "POST":
        services.agreement_delete(actor=request.user, agreement=agreement)
        messages.success(request, _("The agreement was deleted."))
        return redirect(
            "buurtwerk:stakeholder_detail", request.workspace.pk, agreement.stakeholder_id
        )
    return render(request, "buurtwerk/stakeholders/agreement_delete.html", {"agreement": agreement})
