"""What the atlas learns from the teams: where community work is active, and where it is not.

Only the public listing leaves a workspace: a listed team's name, its lead organisation and the
names of the areas it covers. Never its members, residents, description or anything it records.
Demonstration teams (invented data) are never listed.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from buurtkompas.atlas import params, selectors
from buurtkompas.regions.models import Region

GAP_THRESHOLD = 60.0  # a need index at or above this is "high need"
GAP_LEVELS = ("wijk", "buurt")


@dataclass
class ListedTeam:
    name: str
    organisation: str
    areas: list[str] = field(default_factory=list)  # covered areas within the region shown


@dataclass
class Gap:
    level: str
    year: int
    rows: list[selectors.Row]
    ranked: int  # areas of this level in the gemeente with an index


def covering(region: Region) -> Q:
    """Covered areas that make `region` active, the same rule as selectors.active_codes()."""
    wanted = Q(region__code=region.code)
    if region.level == "wijk":
        wanted |= Q(region__code__startswith="BU" + region.code[2:])
    elif region.level == "gemeente":
        wanted |= Q(region__gemeente_code=region.code)
    return wanted


def teams_active_in(region: Region) -> list[ListedTeam]:
    """The publicly listed teams working in the region or in an area within it (one query)."""
    from buurtkompas.workspaces.models import Workspace

    links = Workspace.regions.through.objects.filter(
        covering(region), workspace__is_public=True, workspace__is_demo=False
    )
    rows = links.order_by("workspace__name", "workspace_id", "region__name").values_list(
        "workspace_id",
        "workspace__name",
        "workspace__lead_organisation__name",
        "region__code",
        "region__name",
    )
    teams: dict[int, ListedTeam] = {}
    for team_id, name, organisation, code, area in rows:
        team = teams.setdefault(team_id, ListedTeam(name, organisation))
        if code != region.code and area not in team.areas:
            team.areas.append(area)
    return list(teams.values())


def gap_query(level: str, year: int | None, gemeente: str, weights=None) -> params.AtlasQuery:
    return params.AtlasQuery(
        level=level,
        year=year,
        gemeente=gemeente,
        weights=dict(weights) if weights else params.default_weights(),
    )


def gap(query: params.AtlasQuery, threshold: float = GAP_THRESHOLD) -> Gap | None:
    """High-need areas of one gemeente without community work, highest index first."""
    result = selectors.ranking(query)
    if not result.year or not result.rows:
        return None
    ranked = sum(1 for row in result.rows if row.score.eligible)
    return Gap(query.level, result.year, selectors.gaps(result, threshold), ranked)


def gemeente_gaps(region: Region) -> list[Gap]:
    """The gap of a gemeente at each level that has an index in the gemeente's indeling year."""
    found = (gap(gap_query(level, region.year, region.code)) for level in GAP_LEVELS)
    return [g for g in found if g and g.ranked]
