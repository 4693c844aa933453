"""Reads for teams. Everything about one team is filtered by that team."""

from django.db.models import Q
from django.utils import timezone

from buurtkompas.core.params import record_ids, search_text
from buurtkompas.regions.models import Level, Region
from buurtkompas.regions.selectors import latest_year
from buurtkompas.workspaces.models import Invitation, Membership, Workspace

REGION_SEARCH_LIMIT = 30


def memberships_of(user):
    """The teams a user belongs to, with their role, by team name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace__lead_organisation")
        .order_by("workspace__name", "workspace_id")
    )


def workspace_overview(workspace: Workspace) -> dict:
    return {
        "regions": workspace.regions.select_related("parent").order_by("level", "name"),
        "member_count": workspace.memberships.count(),
    }


def members(workspace: Workspace):
    return workspace.memberships.select_related("user__organisation").order_by(
        "user__name", "user_id"
    )


def open_invitations(workspace: Workspace):
    return (
        Invitation.objects.filter(
            workspace=workspace,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email", "-created_at")
    )


def newest_areas():
    """The wijken and buurten of the newest indeling that has them (each level its own year)."""
    levels = Q(pk__in=[])
    for level in (Level.WIJK, Level.BUURT):
        year = latest_year(level)
        if year is not None:
            levels |= Q(level=level, year=year)
    return Region.objects.filter(levels)


def area_choices(query: str = "", selected=()):
    """The areas a team form offers: those already chosen plus those matching `query`
    (name or code, at least two characters), all of the newest indeling."""
    areas = newest_areas()
    wanted = Q(pk__in=record_ids(selected))
    query = search_text(query)
    if len(query) >= 2:
        matches = areas.filter(Q(name__icontains=query) | Q(code__istartswith=query))
        found = matches.order_by("name").values_list("pk", flat=True)[:REGION_SEARCH_LIMIT]
        wanted |= Q(pk__in=list(found))
    return areas.filter(wanted).select_related("parent").order_by("name", "code")
