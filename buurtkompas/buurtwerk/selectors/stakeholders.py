"""Reads of the krachtenveld: the parties around the buurt and the agreements made with them.
Every query starts from the team. `power_grid` lays the parties out on the power/interest grid
drawn as SVG (pure: no database)."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import Agreement, Initiative, LogEntry, Stakeholder

OPEN = Agreement.Status.OPEN


def stakeholder_list(workspace):
    """The team's parties with how many agreements are open and overdue."""
    today = timezone.localdate()
    is_open = Q(agreements__status=OPEN)
    return (
        Stakeholder.objects.filter(workspace=workspace)
        .annotate(
            open_count=Count("agreements", filter=is_open),
            overdue_count=Count("agreements", filter=is_open & Q(agreements__due_on__lt=today)),
        )
        .order_by("name", "id")
    )


def stakeholder_details():
    """Parties with what one party's page shows (fetch one through workspaces.access)."""
    return Stakeholder.objects.select_related("created_by")


def overdue_first(agreements):
    """Overdue agreements first, then the other open ones, then done and dropped; by due date."""
    today = timezone.localdate()
    rank = Case(
        When(status=OPEN, due_on__lt=today, then=Value(0)),
        When(status=OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return agreements.annotate(rank=rank).order_by("rank", F("due_on").asc(nulls_last=True), "id")


def agreement_list(workspace, *, status: str = ""):
    agreements = Agreement.objects.filter(workspace=workspace)
    if status == "overdue":
        agreements = agreements.filter(status=OPEN, due_on__lt=timezone.localdate())
    elif status:
        agreements = agreements.filter(status=status)
    return overdue_first(agreements.select_related("stakeholder", "owner"))


def overdue_agreements(workspace):
    """Open agreements past their due date, the oldest first (for the team's dashboard)."""
    return (
        Agreement.objects.filter(workspace=workspace, status=OPEN, due_on__lt=timezone.localdate())
        .select_related("stakeholder", "owner")
        .order_by("due_on", "id")
    )


def agreements_of(stakeholder: Stakeholder):
    agreements = Agreement.objects.filter(
        workspace=stakeholder.workspace_id, stakeholder=stakeholder
    )
    return overdue_first(agreements.select_related("owner"))


def agreement_details():
    """Agreements with their party and who follows them up (fetch one through
    workspaces.access)."""
    return Agreement.objects.select_related("stakeholder", "owner")


def initiatives_of(stakeholder: Stakeholder):
    return Initiative.objects.filter(
        workspace=stakeholder.workspace_id, partners=stakeholder
    ).order_by("title", "id")


def log_entry_count(stakeholder: Stakeholder) -> int:
    return LogEntry.objects.filter(
        workspace=stakeholder.workspace_id, stakeholders=stakeholder
    ).count()


def owner_choices(workspace):
    """The team's members: one of them follows an agreement up."""
    return (
        get_user_model().objects.filter(memberships__workspace=workspace).order_by("name", "email")
    )


# The power/interest grid ------------------------------------------------------------------

CELL = 120
LEFT, TOP, RIGHT, BOTTOM = 64, 8, 12, 60
SCALE = range(1, 6)
ROWS = 7  # text rows in one cell
ROW_HEIGHT = 16.5
LABEL_CHARS = 15
ATTITUDE_CLASS = {-2: "opposed", -1: "sceptical", 0: "neutral", 1: "positive", 2: "champion"}
QUADRANTS = {  # (interest, influence) of the corner cell -> the advice for that quadrant
    (1, 5): _("Keep satisfied"),
    (5, 5): _("Manage closely"),
    (1, 1): _("Monitor"),
    (5, 1): _("Keep informed"),
}


@dataclass
class Point:
    stakeholder: Stakeholder
    x: float
    y: float
    marker: str
    label: str
    attitude: str
    squeeze: bool = False  # a single word too long for its cell: drawn narrower, not cut


def clamp(value: int) -> int:
    return min(max(int(value or 3), 1), 5)


def cell_origin(interest: int, influence: int) -> tuple[float, float]:
    return LEFT + (interest - 1) * CELL, TOP + (5 - influence) * CELL


def marker(attitude: int, x: float, y: float, r: float = 6) -> str:
    """A shape per attitude, so the grid does not rely on colour alone."""
    if attitude <= -2:  # a triangle pointing down
        d = f"M{x - r:.1f},{y - r * 0.8:.1f}L{x + r:.1f},{y - r * 0.8:.1f}L{x:.1f},{y + r:.1f}Z"
    elif attitude == -1:  # a diamond
        d = f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"
    elif attitude == 0:  # a circle
        d = f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0"
        d += f"a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"
    elif attitude == 1:  # a square
        s = r * 0.85
        d = f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    else:  # a triangle pointing up
        d = f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y + r * 0.8:.1f}L{x - r:.1f},{y + r * 0.8:.1f}Z"
    return d


def short(name: str) -> str:
    """The name on the grid, cut after a whole word: the visible words must be words of the
    link's accessible name (WCAG 2.5.3, label in name), so a word is never cut in two."""
    if len(name) <= LABEL_CHARS:
        return name
    words = name.split()
    shown = words[0]
    for word in words[1:]:
        if len(shown) + 1 + len(word) > LABEL_CHARS - 1:
            break
        shown += " " + word
    return shown.rstrip(",;:.-–") + "…"


def free_rows(interest: int, influence: int) -> list[int]:
    """The text rows of a cell for parties; a corner cell keeps one for its quadrant's name."""
    if (interest, influence) not in QUADRANTS:
        return list(range(ROWS))
    return list(range(1, ROWS)) if influence == 5 else list(range(ROWS - 1))


def row_y(top: float, row: int) -> float:
    return top + 15 + row * ROW_HEIGHT


def place_cell(key, group) -> tuple[list[Point], list[tuple]]:
    """Points for the parties of one cell, and an overflow note when they do not all fit."""
    (interest, influence), rows = key, free_rows(*key)
    left, top = cell_origin(interest, influence)
    shown = group if len(group) <= len(rows) else group[: len(rows) - 1]
    points = []
    for row, stakeholder in zip(rows, shown, strict=False):
        y = row_y(top, row)
        label = short(stakeholder.name)
        points.append(
            Point(
                stakeholder,
                left + 20,
                y,
                marker(stakeholder.attitude, left + 11, y - 4),
                label,
                ATTITUDE_CLASS.get(stakeholder.attitude, "neutral"),
                squeeze=len(label) > LABEL_CHARS,
            )
        )
    extra = len(group) - len(shown)
    overflow = [(left + 20, row_y(top, rows[-1]), extra)] if extra else []
    return points, overflow


def power_grid(stakeholders) -> dict:
    """Everything the template needs to draw the grid: cells, quadrants, axes and points."""
    cells = defaultdict(list)
    for stakeholder in stakeholders:
        cells[(clamp(stakeholder.interest), clamp(stakeholder.influence))].append(stakeholder)
    points, overflow = [], []
    for key in sorted(cells):
        cell_points, cell_overflow = place_cell(key, cells[key])
        points += cell_points
        overflow += cell_overflow
    return {
        "width": LEFT + 5 * CELL + RIGHT,
        "height": TOP + 5 * CELL + BOTTOM,
        "points": points,
        "label_width": CELL - 24,  # from the label's start to just before the next cell
        "overflow": overflow,
        "quadrants": quadrants(),
        "cells": [(*cell_origin(i, f), CELL) for i in SCALE for f in SCALE],
        "x_ticks": [(LEFT + (n - 0.5) * CELL, TOP + 5 * CELL + 18, n) for n in SCALE],
        "y_ticks": [(LEFT - 10, TOP + (5.5 - n) * CELL + 4, n) for n in SCALE],
        "x_title": (LEFT + 2.5 * CELL, TOP + 5 * CELL + 44),
        "y_title": (18, TOP + 2.5 * CELL),
    }


def quadrants() -> list[dict]:
    """Four shaded quadrants split through the middle value, each named in its corner cell."""
    half = 2.5 * CELL
    found = []
    for (interest, influence), name in QUADRANTS.items():
        left, top = cell_origin(interest, influence)
        right_side, upper = interest == 5, influence == 5
        found.append(
            {
                "x": LEFT + (half if right_side else 0),
                "y": TOP + (0 if upper else half),
                "size": half,
                "name": name,
                "label_x": left + (CELL - 6 if right_side else 6),
                "label_y": row_y(top, 0 if upper else ROWS - 1),
                "anchor": "end" if right_side else "start",
                "class": ("high" if upper else "low") + ("-high" if right_side else "-low"),
            }
        )
    return found


def attitude_legend() -> list[tuple[str, str, str]]:
    return [
        (label, ATTITUDE_CLASS[value], marker(value, 9, 9, 7))
        for value, label in Stakeholder.Attitude.choices
    ]
