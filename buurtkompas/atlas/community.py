"""What the atlas learns from the teams: where community work is active, and where it is not.

Only the public listing leaves a workspace: a listed team's name, its lead organisation and the
names of the areas it covers. Never its members, residents, description or anything it records.
The listings come from the sources registered in `atlas.listings` (the atlas never imports the
teams' app); only approved listings of real teams are given, never demonstration teams.
"""

from dataclasses import dataclass, field

from buurtkompas.atlas import listings, params, selectors
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


def teams_active_in(region: Region) -> list[ListedTeam]:
    """The publicly listed teams working in the region or in an area within it, by name."""
    teams = []
    for listing in listings.listings():
        covered = sorted(
            (area for area in listing.areas if listings.covers(area[0], region.code)),
            key=lambda area: area[1],
        )
        if covered:
            areas = [name for code, name in covered if code != region.code]
            teams.append(ListedTeam(listing.name, listing.organisation, list(dict.fromkeys(areas))))
    return teams


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
