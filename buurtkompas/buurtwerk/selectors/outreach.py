"""Reads of the outreach campaigns: the funnel (doors knocked → follow-up done), its conversion
per step and the rounds over time. Every query starts from the team (workspace). There is no
personal data in outreach: every member may read it."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from buurtkompas.buurtwerk.models import Campaign, CampaignTally
from buurtkompas.buurtwerk.models.outreach import FUNNEL


def campaign_list(workspace):
    """Campaigns with their rounds counted and funnel summed, in one query."""
    sums = {f"{field}_sum": Sum(f"tallies__{field}") for field in FUNNEL}
    return (
        Campaign.objects.filter(workspace=workspace)
        .annotate(rounds=Count("tallies"), **sums)
        .order_by("-started_on", "-id")
    )


def tallies_of(campaign: Campaign) -> list[CampaignTally]:
    tallies = list(
        CampaignTally.objects.filter(workspace_id=campaign.workspace_id, campaign=campaign)
        .select_related("created_by")
        .order_by("counted_on", "id")
    )
    for tally in tallies:
        tally.campaign = campaign  # known already; its creator owns the rounds too
    return tallies


def funnel(counts: dict[str, int]) -> list[dict]:
    """Each step with its count and its share of the previous step, as a whole percentage.
    `pct` is None for the first step and when the previous step is 0: never divide by zero."""
    rows, previous = [], None
    for field in FUNNEL:
        value = counts.get(field) or 0
        # Half up in whole numbers (12.5% -> 13%), without floats.
        pct = (value * 200 + previous) // (2 * previous) if previous else None
        rows.append({"field": field, "label": label_of(field), "value": value, "pct": pct})
        previous = value
    return rows


def totals(tallies: list[CampaignTally]) -> dict[str, int]:
    return {field: sum(getattr(t, field) for t in tallies) for field in FUNNEL}


def label_of(field: str) -> str:
    return CampaignTally._meta.get_field(field).verbose_name


# The chart: a small line chart of the five steps per round, drawn on the server.
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 12, 32


@dataclass
class Series:
    field: str
    label: str
    index: int
    points: list[tuple[float, float, int]]  # x, y, value

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _value in self.points)


def nice_max(value: int) -> int:
    """A round upper bound for the y axis (1, 2, 5 × a power of ten)."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return factor * step
    return 10 * step


def chart(tallies: list[CampaignTally]) -> dict | None:
    """Geometry for the SVG chart, or None without rounds."""
    if not tallies:
        return None
    top = nice_max(max(t.doors_knocked for t in tallies))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / (len(tallies) - 1) if len(tallies) > 1 else 0
    xs = [LEFT + (i * gap if gap else plot_w / 2) for i in range(len(tallies))]

    def y(value: int) -> float:
        return TOP + plot_h - value * plot_h / top

    series = [
        Series(
            field,
            label_of(field),
            n,
            [
                (x, y(getattr(t, field)), getattr(t, field))
                for x, t in zip(xs, tallies, strict=True)
            ],
        )
        for n, field in enumerate(FUNNEL, start=1)
    ]
    ticks = [{"value": v, "y": y(v)} for v in (0, top // 2, top)]
    labels = [{"x": x, "date": t.counted_on} for x, t in zip(xs, tallies, strict=True)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "label_y": TOP + plot_h + 20,
        "series": series,
        "ticks": ticks,
        "labels": labels,
        "every": max(1, len(tallies) // 6),
    }
