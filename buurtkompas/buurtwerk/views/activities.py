"""Activities: the list with filters and totals, the detail page with registered residents,
the form (with weekly or monthly series) and deletion of one or the following occurrences.

HTTP glue only. Residents' names show only to members who may see personal data; others see
a count. Messages never name a resident or an activity.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from buurtkompas.buurtwerk.forms.activities import (
    ActivityCreateForm,
    ActivityDeleteForm,
    ActivityFilterForm,
    ActivityForm,
    RegisterForm,
)
from buurtkompas.buurtwerk.selectors import activities as selectors
from buurtkompas.buurtwerk.services import activities as services
from buurtkompas.core.params import query_id
from buurtkompas.core.views_common import GET_POST, PAGE_PARAM, paginate
from buurtkompas.residents.models import Contact
from buurtkompas.residents.services import ConsentMissing
from buurtkompas.workspaces import record_actions
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def changeable_activity(request, activity_id: int):
    return record_for_changing(request, selectors.activity_details(), activity_id)


@workspace_view(ALL)
@require_http_methods(["GET"])
def activity_list(request):
    data = request.GET if set(request.GET) - {PAGE_PARAM} else None
    form = ActivityFilterForm(data, workspace=request.workspace)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    found = selectors.activities_filtered(request.workspace, **filters)
    rows = selectors.activity_rows(found, filters.get("wanneer", ""))
    page = paginate(request, rows)
    context = {
        "form": form,
        "page": page,
        "totals": selectors.activity_totals(found),
        "may_create": request.membership.may_write,
    }
    return render(request, "buurtwerk/activities/list.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def activity_create(request):
    data = request.POST if request.method == "POST" else None
    # "Add an activity" on an initiative's page: that initiative is chosen already
    initial = {"initiative": query_id(request, "initiatief")}
    form = ActivityCreateForm(data, workspace=request.workspace, initial=initial)
    if form.is_valid():
        activity = services.activity_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The activity was saved."))
        return redirect("buurtwerk:activity", request.workspace.pk, activity.pk)
    return render(request, "buurtwerk/activities/form.html", {"form": form})


@workspace_view(ALL)
@require_http_methods(["GET"])
def activity_detail(request, activity_id: int):
    return render_detail(request, activity_id)


def render_detail(request, activity_id: int, *, register_form=None):
    activity = record_for_reading(request, selectors.activity_details(), activity_id)
    changes = may_change(request.membership, activity)
    may_register = changes and request.membership.can_see_personal_data
    if may_register and register_form is None:
        contacts = selectors.registrable_contacts(request.workspace, activity)
        register_form = RegisterForm(contacts=contacts)
    context = {
        "activity": activity,
        "series": selectors.series_facts(activity),
        "may_change": changes,
        "may_register": may_register,
        "register_form": register_form,
        "record_actions": record_actions.actions_for(request, activity),
    }
    return render(request, "buurtwerk/activities/detail.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def activity_edit(request, activity_id: int):
    activity = changeable_activity(request, activity_id)
    if request.method == "GET":
        form = ActivityForm(instance=activity, workspace=request.workspace)
    else:
        # Not bound to the instance: validating would change it before the service compares.
        form = ActivityForm(request.POST, workspace=request.workspace)
        if form.is_valid():
            services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
            messages.success(request, _("The changes were saved."))
            return redirect("buurtwerk:activity", request.workspace.pk, activity.pk)
    context = {"form": form, "activity": activity}
    return render(request, "buurtwerk/activities/form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def activity_delete(request, activity_id: int):
    activity = changeable_activity(request, activity_id)
    series = selectors.series_facts(activity)
    data = request.POST if request.method == "POST" else None
    form = ActivityDeleteForm(data, in_series=series is not None)
    if form.is_valid():
        scope = form.cleaned_data["scope"]
        count = services.activity_delete(actor=request.user, activity=activity, scope=scope)
        text = ngettext(
            "%(count)d activity was deleted.", "%(count)d activities were deleted.", count
        )
        messages.success(request, text % {"count": count})
        return redirect("buurtwerk:activities", request.workspace.pk)
    context = {
        "activity": activity,
        "form": form,
        "series": series,
        "following": selectors.following_occurrences(activity),
    }
    return render(request, "buurtwerk/activities/delete.html", context)


@workspace_view(WORK, personal_data=True)
@require_POST
def activity_register(request, activity_id: int):
    activity = changeable_activity(request, activity_id)
    contacts = selectors.registrable_contacts(request.workspace, activity)
    form = RegisterForm(request.POST, contacts=contacts)
    if form.is_valid():
        try:
            services.activity_register(
                actor=request.user, activity=activity, contact=form.cleaned_data["contact"]
            )
        except ConsentMissing as error:
            form.add_error("contact", error)
        else:
            messages.success(request, _("The resident was registered."))
            return redirect("buurtwerk:activity", request.workspace.pk, activity.pk)
    return render_detail(request, activity_id, register_form=form)


@workspace_view(WORK, personal_data=True)
@require_POST
def activity_unregister(request, activity_id: int, contact_id: int):
    activity = changeable_activity(request, activity_id)
    contact = record_for_reading(request, Contact, contact_id)
    services.activity_unregister(actor=request.user, activity=activity, contact=contact)
    messages.success(request, _("The registration was removed."))
    return redirect("buurtwerk:activity", request.workspace.pk, activity.pk)
