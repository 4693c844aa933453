"""The logbook (logboek): dated notes of meetings with residents and institutions, tagged with
the team's initiatives, parties and agenda items.

Notes may mention residents, so they are personal data: the list shows them only to members
who may see personal data and counts per month to everyone else; every other view declares
`personal_data=True`. The word search is POSTed so it never lands in a URL (see the residents'
search); the pager submits the same form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buurtkompas.buurtwerk.forms.logbook import LogbookFilterForm, LogEntryForm
from buurtkompas.buurtwerk.models import LogEntry
from buurtkompas.buurtwerk.selectors import logbook as selectors
from buurtkompas.buurtwerk.services import logbook as services
from buurtkompas.core.views_common import GET_POST, PAGE_PARAM, paginate
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, WORK


def filter_data(request):
    """The filters of this request: a POST as sent, a link's query string without words."""
    if request.method == "POST":
        return request.POST
    data = request.GET.copy()
    data.pop("q", None)
    data.pop(PAGE_PARAM, None)
    return data or None


@workspace_view(ALL)
@require_http_methods(GET_POST)
def log_entry_list(request):
    if not request.membership.can_see_personal_data:
        months = selectors.entries_per_month(request.workspace)
        page = paginate(request, months)
        return render(request, "buurtwerk/logbook/aggregates.html", {"page": page})
    form = LogbookFilterForm(filter_data(request), workspace=request.workspace)
    entries = selectors.log_entries(request.workspace, **form.filters())
    number = request.POST.get(PAGE_PARAM) or request.GET.get(PAGE_PARAM)
    page = paginate(request, entries, number=number)
    for entry in page:
        entry.may_change = may_change(request.membership, entry)
    context = {"form": form, "page": page, "can_write": request.membership.may_write}
    return render(request, "buurtwerk/logbook/list.html", context)


def tagged_entries():
    return selectors.with_tags(LogEntry.objects.all())


@workspace_view(ALL, personal_data=True)
@require_GET
def log_entry_detail(request, log_entry_id: int):
    entry = record_for_reading(request, tagged_entries(), log_entry_id)
    context = {"entry": entry, "may_change": may_change(request.membership, entry)}
    return render(request, "buurtwerk/logbook/detail.html", context)


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def log_entry_create(request):
    data = request.POST if request.method == "POST" else None
    form = LogEntryForm(data, workspace=request.workspace)
    if form.is_valid():
        entry = services.log_entry_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The log entry was saved."))
        return redirect("buurtwerk:logbook_entry", request.workspace.pk, entry.pk)
    return render(request, "buurtwerk/logbook/form.html", {"form": form})


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def log_entry_edit(request, log_entry_id: int):
    entry = record_for_changing(request, tagged_entries(), log_entry_id)
    if request.method == "GET":
        form = LogEntryForm(instance=entry, workspace=request.workspace)
        return render(request, "buurtwerk/logbook/form.html", {"form": form, "entry": entry})
    # Not bound to the instance: validating would change it before the service compares.
    form = LogEntryForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        services.log_entry_update(actor=request.user, entry=entry, **form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("buurtwerk:logbook_entry", request.workspace.pk, entry.pk)
    return render(request, "buurtwerk/logbook/form.html", {"form": form, "entry": entry})


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def log_entry_delete(request, log_entry_id: int):
    entry = record_for_changing(request, tagged_entries(), log_entry_id)
    if request.method == "GET":
        return render(request, "buurtwerk/logbook/delete.html", {"entry": entry})
    services.log_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("The log entry was deleted."))
    return redirect("buurtwerk:logbook", request.workspace.pk)
