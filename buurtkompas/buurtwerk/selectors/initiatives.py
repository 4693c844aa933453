"""Reads of initiatives, milestones and their history. Every query filters by workspace first."""

from django.db.models import Count, F, Prefetch

from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Initiative,
    LeadershipStep,
    LogEntry,
    Milestone,
    MilestoneUpdate,
    Stakeholder,
)
from buurtkompas.residents.models import Contact


def initiatives(workspace, *, chain_stage="", status=""):
    """The team's initiatives with what the list shows: progress and the agenda items."""
    found = Initiative.objects.filter(workspace=workspace)
    if chain_stage:
        found = found.filter(chain_stage=chain_stage)
    if status:
        found = found.filter(status=status)
    items = AgendaItem.objects.only("id", "title").order_by("-raised_on", "-id")
    return found.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.only("id", "initiative", "progress_pct")),
        Prefetch("agenda_items", queryset=items),
    ).order_by("title", "id")


def initiatives_with_details(workspace):
    """The team's initiatives with everything one page shows (fetch one through
    workspaces.access)."""
    updates = MilestoneUpdate.objects.select_related("by").order_by("-created_at", "-id")
    milestones = Milestone.objects.prefetch_related(Prefetch("updates", queryset=updates)).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )
    return (
        Initiative.objects.filter(workspace=workspace)
        .select_related("created_by")
        .annotate(lead_count=Count("leads", distinct=True))
        .prefetch_related(
            Prefetch("milestones", queryset=milestones),
            Prefetch("partners", queryset=Stakeholder.objects.order_by("name")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("-raised_on", "-id")),
        )
    )


def leads_of(initiative: Initiative):
    """The resident leads' names: only for members who may see personal data."""
    return initiative.leads.filter(workspace=initiative.workspace_id).order_by("name", "id")


def activities_of(initiative: Initiative):
    return Activity.objects.filter(workspace=initiative.workspace_id, initiative=initiative)


def lead_candidates(workspace):
    """Residents who can be chosen as a lead (the service still checks their consent)."""
    return (
        Contact.objects.filter(workspace=workspace, anonymised_at__isnull=True)
        .prefetch_related("consents")
        .order_by("name", "id")
    )


def partner_choices(workspace):
    return Stakeholder.objects.filter(workspace=workspace).order_by("name")


def agenda_item_choices(workspace):
    return AgendaItem.objects.filter(workspace=workspace).order_by("-raised_on", "-id")


def links_to(initiative: Initiative) -> dict:
    """What links to an initiative: shown before it is deleted."""
    workspace = initiative.workspace_id
    return {
        "agenda_items": list(initiative.agenda_items.filter(workspace=workspace)),
        "activities": list(activities_of(initiative).only("id", "title", "held_on")),
        "milestones": initiative.milestones.filter(workspace=workspace).count(),
        "leads": initiative.leads.filter(workspace=workspace).count(),
        "partners": initiative.partners.filter(workspace=workspace).count(),
        "log_entries": LogEntry.objects.filter(workspace=workspace, initiatives=initiative).count(),
        "leadership_steps": LeadershipStep.objects.filter(
            workspace=workspace, initiative=initiative
        ).count(),
    }
