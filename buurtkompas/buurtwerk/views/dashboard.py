"""The team dashboard: one page that says where the team stands (HTTP glue only)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from buurtkompas.buurtwerk.selectors.dashboard import dashboard as dashboard_data
from buurtkompas.workspaces.access import workspace_view
from buurtkompas.workspaces.models import ALL


@workspace_view(ALL)
@require_GET
def dashboard(request):
    context = dashboard_data(request.workspace, request.membership, timezone.localdate())
    return render(request, "buurtwerk/dashboard/dashboard.html", context)
