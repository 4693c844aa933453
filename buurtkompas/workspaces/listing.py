"""A team's public listing on the atlas: who may approve it, and what the atlas receives.

A team coordinator *asks* to be listed (the "ask to be listed publicly" setting); a platform
coordinator approves or refuses the request (`services.listing_approve` / `listing_refuse`).
Only approved listings of real teams (never demonstration teams) reach the atlas, through the
listing source `approved_listings`, which `WorkspacesConfig.ready()` registers with
`atlas.listings`. A change of the team's name, lead organisation or areas after approval sends
the listing back to "requested": the atlas never shows what nobody approved."""

from buurtkompas.atlas.listings import Listing
from buurtkompas.workspaces.models import ListingStatus, Membership, Role, Workspace

# Who, besides platform coordinators, may approve a team's listing: rules `rule(user, workspace)
# -> bool` that a higher app (the network app: a network coordinator for the teams of their
# network) registers with `register_approver_rule` in its AppConfig.ready().
_APPROVER_RULES = []


def register_approver_rule(rule) -> None:
    if rule not in _APPROVER_RULES:
        _APPROVER_RULES.append(rule)


def may_review_listings(user) -> bool:
    """Whether the user may see the requests at all (the review page)."""
    return bool(user.is_authenticated and user.is_active and user.is_platform_coordinator)


def may_approve(user, workspace: Workspace) -> bool:
    """The one rule for approving or refusing a team's public listing: a platform coordinator
    (or someone a registered rule allows) who is not a member of the team (nobody approves
    their own team)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        return False
    return user.is_platform_coordinator or any(rule(user, workspace) for rule in _APPROVER_RULES)


def pending_requests():
    """Teams that ask to be listed and wait for a decision, oldest request first."""
    return (
        Workspace.objects.filter(listing_status=ListingStatus.REQUESTED, is_demo=False)
        .select_related("lead_organisation", "listing_requested_by__organisation")
        .prefetch_related("regions")
        .order_by("listing_requested_at", "pk")
    )


def approved_listings() -> list[Listing]:
    """The listing source for the atlas: approved, public, real teams only (one query)."""
    links = Workspace.regions.through.objects.filter(
        workspace__listing_status=ListingStatus.APPROVED,
        workspace__is_public=True,
        workspace__is_demo=False,
    )
    rows = links.order_by("workspace_id", "region__name").values_list(
        "workspace_id",
        "workspace__name",
        "workspace__lead_organisation__name",
        "workspace__listing_updated_at",
        "region__code",
        "region__name",
    )
    teams: dict[int, dict] = {}
    for team_id, name, organisation, updated, code, area in rows:
        team = teams.setdefault(
            team_id, {"name": name, "organisation": organisation, "updated": updated, "areas": []}
        )
        team["areas"].append((code, area))
    return [
        Listing(
            key=f"workspace:{team_id}",
            name=team["name"],
            organisation=team["organisation"],
            areas=tuple(team["areas"]),
            updated=team["updated"],
        )
        for team_id, team in teams.items()
    ]


def two_factor_required(user) -> bool:
    """Joined to accounts' requirements: a coordinator of a team that requires 2FA keeps it."""
    return user.memberships.filter(
        role=Role.COORDINATOR, workspace__require_2fa_for_coordinators=True
    ).exists()
