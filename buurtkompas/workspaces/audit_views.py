"""The audit log of a team, for its coordinators: who did what to which object, and when.

A workspace page (it needs `workspace_view`), so it lives here and reads `audit.selectors`;
its URL names stay `audit:list` and `audit:export` (see `audit_urls.py`)."""

import csv
import json

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.audit import selectors
from buurtkompas.audit.forms import AuditFilterForm
from buurtkompas.audit.labels import action_label, data_label, object_label
from buurtkompas.workspaces.access import workspace_view
from buurtkompas.workspaces.models import MANAGE

PAGE_SIZE = 50


def describe(event) -> dict:
    """What the log shows of one event: never more than names of members, codes and counts."""
    return {
        "at": timezone.localtime(event.at),
        "actor": (event.actor.name or event.actor.email) if event.actor else "",
        "action": action_label(event.action),
        "code": event.action,
        "object": object_label(event.object_type),
        "object_id": event.object_id,
        "details": data_label(event.object_type, event.data),
    }


@workspace_view(MANAGE)
def audit_list(request):
    form = AuditFilterForm(request.GET or None, workspace=request.workspace)
    events = selectors.filtered_events(request.workspace, **form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"form": form, "page": page, "rows": [describe(e) for e in page]}
    return render(request, "audit/list.html", context)


class Echo:
    def write(self, value):
        return value


def safe_cell(value) -> str:
    """Keep spreadsheets from reading a cell as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# The columns of the download: stable codes for programs (`?headers=codes`) and the header
# people read (the default), in the reader's language. The last two say in words what the
# codes say.
COLUMNS = {
    "at": _("When"),
    "actor": _("Who"),
    "action": _("Action code"),
    "object_type": _("Kind of object"),
    "object_id": _("Object number"),
    "data": _("Details (codes)"),
    "action_label": _("What"),
    "details": _("Details"),
}


def header(request) -> list[str]:
    """`?headers=codes`: the column codes (for scripts); otherwise the readable header."""
    if request.GET.get("headers") == "codes":
        return list(COLUMNS)
    return [str(label) for label in COLUMNS.values()]


@workspace_view(MANAGE)
def audit_export(request):
    form = AuditFilterForm(request.GET or None, workspace=request.workspace)
    if form.is_bound and not form.is_valid():
        url = reverse("audit:list", args=[request.workspace.pk])
        return redirect(f"{url}?{request.GET.urlencode()}")
    events = selectors.filtered_events(request.workspace, **form.filters())

    def rows():
        writer = csv.writer(Echo())
        yield writer.writerow(header(request))
        for event in events.iterator(chunk_size=500):
            actor = (event.actor.name or event.actor.email) if event.actor else ""
            at = timezone.localtime(event.at).isoformat(timespec="seconds")
            cells = [at, actor, event.action, event.object_type, event.object_id]
            cells += [json.dumps(event.data), action_label(event.action)]
            cells += [data_label(event.object_type, event.data)]
            yield writer.writerow([safe_cell(c) for c in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"audit-team-{request.workspace.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
