"""The team dashboard: the team's areas in figures, what happened, what is due, and the reach of
this quarter. Every read is filtered by the workspace; the number of queries does not grow with
the number of activities, log entries or areas (lists are limited, counts are aggregates).

Who sees what: everyone sees the areas, the titles of activities, agenda items and milestones,
the agreements and the counts. Log entries may hold personal data, so only members who may see
personal data get their titles (the others a count); partners see no one's name or note.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum

from buurtkompas.atlas import params, selectors
from buurtkompas.atlas.index import Score
from buurtkompas.atlas.indicators import BY_KEY, Indicator
from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Agreement,
    CampaignTally,
    Initiative,
    LeadershipStep,
    LogEntry,
    Milestone,
    MilestoneUpdate,
)
from buurtkompas.buurtwerk.selectors.stakeholders import overdue_agreements
from buurtkompas.regions.models import Dataset, Region
from buurtkompas.workspaces.models import Membership, Workspace
from buurtkompas.workspaces.panels import panels_for

RECENT = 5  # items per "recent" list
DUE = 8  # items per "due" list
DUE_DAYS = 30
KEY_FIGURES = (
    "population_count",
    "households_count",
    "low_income_households_pct",
    "social_minimum_households_pct",
    "lowest40_households_pct",
    "energy_poverty_lihelek_pct",
    "energy_poverty_households_pct",
    "corporation_dwellings_pct",
    "gas_use_avg_m3",
)


@dataclass
class KeyFigure:
    indicator: Indicator
    figure: selectors.Figure
    dataset: Dataset | None


@dataclass
class Area:
    region: Region
    score: Score | None
    eligible: int  # areas of the level and year with an index (for "rank r of n")
    figures: list[KeyFigure] = field(default_factory=list)
    scope: selectors.Scope | None = None  # where the ranked areas lie


@dataclass
class Quarter:
    number: int
    year: int
    start: date
    end: date  # today, or the quarter's last day


def quarter_of(today: date) -> Quarter:
    number = (today.month - 1) // 3 + 1
    return Quarter(number, today.year, date(today.year, 3 * number - 2, 1), today)


def areas(workspace: Workspace) -> list[Area]:
    """The team's buurten and wijken with the atlas' need index and key figures.

    One ranking per level and indeling year (cached by the atlas per data version), so the
    number of queries does not depend on the number of areas."""
    regions = list(workspace.regions.select_related("parent").order_by("level", "name", "code"))
    rankings = {}
    for level, year in sorted({(r.level, r.year) for r in regions}):
        query = params.AtlasQuery(level=level, year=year, weights=params.default_weights())
        result = selectors.ranking(query)
        rankings[level, year] = (result, {row.code: row for row in result.rows})
    return [area_of(region, *rankings[region.level, region.year]) for region in regions]


def area_of(region: Region, result: selectors.Ranking, rows: dict) -> Area:
    row = rows.get(region.code)
    if row is None:
        return Area(region, None, result.eligible, scope=result.scope)
    figures = [
        KeyFigure(BY_KEY[key], row.figures[key], result.datasets.get(row.figures[key].dataset_id))
        for key in KEY_FIGURES
        if key in row.figures
    ]
    return Area(region, row.score, result.eligible, figures, result.scope)


def recent(workspace: Workspace, membership: Membership, today: date) -> dict:
    mine = {"workspace": workspace}
    updates = MilestoneUpdate.objects.filter(**mine).select_related("milestone__initiative")
    log = LogEntry.objects.filter(**mine)
    return {
        "activities": list(
            Activity.objects.filter(**mine, held_on__lt=today)
            .only("id", "title", "kind", "held_on", "participants", "households_reached")
            .order_by("-held_on", "-id")[:RECENT]
        ),
        "agenda_items": list(
            AgendaItem.objects.filter(**mine)
            .only("id", "title", "status", "raised_on", "supporters")
            .order_by("-raised_on", "-id")[:RECENT]
        ),
        "milestone_updates": list(updates.order_by("-created_at", "-id")[:RECENT]),
        "show_notes": not membership.sees_aggregates_only,
        "log_entries": (
            list(log.only("id", "title", "written_on").order_by("-written_on", "-id")[:RECENT])
            if membership.can_see_personal_data
            else None
        ),
        "log_count": log.filter(written_on__gt=today - timedelta(days=DUE_DAYS)).count(),
    }


def due(workspace: Workspace, membership: Membership, today: date) -> dict:
    mine = {"workspace": workspace}
    horizon = today + timedelta(days=DUE_DAYS)
    open_agreements = Agreement.objects.filter(**mine, status=Agreement.Status.OPEN)
    counts = open_agreements.aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    return {
        "activities": list(
            Activity.objects.filter(**mine, held_on__gte=today)
            .only("id", "title", "kind", "held_on", "place", "recurrence")
            .order_by("held_on", "id")[:DUE]
        ),
        "milestones": list(
            Milestone.objects.filter(**mine, due_on__lte=horizon, progress_pct__lt=100)
            .exclude(initiative__status__in=[Initiative.Status.DONE, Initiative.Status.STOPPED])
            .select_related("initiative")
            .order_by("due_on", "id")[:DUE]
        ),
        # the overdue ones first (the stakeholders module's rule), then the coming ones
        "agreements": [
            *overdue_agreements(workspace)[:DUE],
            *open_agreements.filter(Q(due_on__gte=today) | Q(due_on=None))
            .select_related("stakeholder", "owner")
            .order_by(F("due_on").asc(nulls_last=True), "id")[:DUE],
        ],
        "agreement_counts": counts,
        "show_owners": not membership.sees_aggregates_only,
        "horizon": horizon,
    }


def reach(workspace: Workspace, quarter: Quarter) -> dict:
    """Counts of the quarter so far: activities held, participants and households, doors and
    conversations of the outreach tallies, residents who took a step on the leadership ladder."""
    period = {"workspace": workspace}
    activities = Activity.objects.filter(**period, held_on__range=(quarter.start, quarter.end))
    tallies = CampaignTally.objects.filter(**period, counted_on__range=(quarter.start, quarter.end))
    steps = LeadershipStep.objects.filter(**period, taken_on__range=(quarter.start, quarter.end))
    result = activities.aggregate(
        activities=Count("id"),
        participants_sum=Sum("participants"),
        households_sum=Sum("households_reached"),
        participants_counted=Count("participants"),
        households_counted=Count("households_reached"),
    )
    result["participants"] = result.pop("participants_sum")
    result["households"] = result.pop("households_sum")
    result |= tallies.aggregate(doors=Sum("doors_knocked"), conversations=Sum("conversations"))
    result |= steps.aggregate(leaders=Count("contact", distinct=True), steps=Count("id"))
    # A sum over nothing is unknown, not zero: the page shows "–" and how many were counted.
    return result


def dashboard(workspace: Workspace, membership: Membership, today: date) -> dict:
    quarter = quarter_of(today)
    return {
        "today": today,
        "quarter": quarter,
        "reach": reach(workspace, quarter),
        "due": due(workspace, membership, today),
        "recent": recent(workspace, membership, today),
        "areas": areas(workspace),
        "panels": panels_for(workspace, membership, today),
    }
