"""The krachtenveld: the parties around the buurt on a power/interest grid, and the agreements
made with them. HTTP glue only; a volunteer changes the parties they added and the agreements
they added or follow up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def team_stakeholder(request, stakeholder_id: int):
    return record_for_reading(request, selectors.stakeholder_details(), stakeholder_id)


def changeable_stakeholder(request, stakeholder_id: int):
    return record_for_changing(request, selectors.stakeholder_details(), stakeholder_id)


def changeable_agreement(request, agreement_id: int):
    """Whoever follows an agreement up may change it too (Agreement.owner_ids)."""
    return record_for_changing(request, selectors.agreement_details(), agreement_id)


def form_data(request):
    return request.POST if request.method == "POST" else None


@workspace_view(ALL)
@require_GET
def stakeholder_list(request):
    page = paginate(request, selectors.stakeholder_list(request.workspace))
    context = {
        "page": page,
        "grid": selectors.power_grid(page.object_list),
        "legend": selectors.attitude_legend(),
        "can_write": request.membership.may_write,
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
    stakeholder = team_stakeholder(request, stakeholder_id)
    agreements = list(selectors.agreements_of(stakeholder))
    for agreement in agreements:
        agreement.can_change = may_change(request.membership, agreement)
    context = {
        "stakeholder": stakeholder,
        "agreements": agreements,
        "initiatives": selectors.initiatives_of(stakeholder),
        "can_change": may_change(request.membership, stakeholder),
        "can_write": request.membership.may_write,
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
    page = paginate(request, agreements)
    for agreement in page.object_list:
        agreement.can_change = may_change(request.membership, agreement)
    context = {"filters": filters, "page": page}
    return render(request, "buurtwerk/stakeholders/agreements.html", context)


def agreement_form(request, data=None, **kwargs) -> AgreementForm:
    return AgreementForm(data, workspace=request.workspace, **kwargs)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def agreement_create(request, stakeholder_id: int):
    stakeholder = team_stakeholder(request, stakeholder_id)
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
