"""Reads of a team's housing signals: the overview per complex and the evidence dossier of one
complex. Every query filters by workspace first. Nothing here names a person: a signal has no
link to one, and the dossier leaves out the free-text notes."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMonth

from buurtkompas.buurtwerk.models import HousingSignal

Problem = HousingSignal.Problem
PROBLEM_ORDER = {value: index for index, value in enumerate(Problem.values)}
TOTALS = {
    "households": Sum("households"),
    "signals": Count("id"),
    "first": Min("noted_on"),
    "last": Max("noted_on"),
}


def signals_of(workspace, *, buurt=None, problem: str = ""):
    signals = HousingSignal.objects.filter(workspace=workspace)
    if buurt is not None:
        signals = signals.filter(buurt=buurt)
    if problem:
        signals = signals.filter(problem=problem)
    return signals


def complex_totals(workspace, *, buurt=None, problem: str = ""):
    """One row per complex (dicts: complex, households, signals, first, last), by name."""
    signals = signals_of(workspace, buurt=buurt, problem=problem)
    return signals.values("complex").annotate(**TOTALS).order_by("complex")


def problems_per_complex(workspace, complexes, *, buurt=None, problem: str = "") -> dict:
    """complex -> its problem rows (dicts with problem, label and the totals), in one query."""
    signals = signals_of(workspace, buurt=buurt, problem=problem).filter(complex__in=complexes)
    found: dict[str, list[dict]] = {}
    for row in signals.values("complex", "problem").annotate(**TOTALS).order_by():
        row["label"] = Problem(row["problem"]).label
        found.setdefault(row["complex"], []).append(row)
    for rows in found.values():
        rows.sort(key=lambda row: PROBLEM_ORDER[row["problem"]])
    return found


def complex_names(workspace) -> list[str]:
    """The complexes a team has recorded, for the form's suggestions."""
    names = HousingSignal.objects.filter(workspace=workspace).values_list("complex", flat=True)
    return list(names.distinct().order_by("complex"))


def complex_signals(workspace, complex_name: str):
    return (
        HousingSignal.objects.filter(workspace=workspace, complex=complex_name)
        .select_related("buurt")
        .order_by("-noted_on", "-id")
    )


@dataclass
class Dossier:
    """The evidence summary of one complex: what the page, the PDF and the CSV show."""

    complex: str
    problems: list[dict]
    timeline_problems: list[tuple[str, str]]
    timeline: list[tuple[date, list[int | None]]]
    buurten: list[str] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(row["households"] for row in self.problems)

    @property
    def signals(self) -> int:
        return sum(row["signals"] for row in self.problems)

    @property
    def first(self) -> date:
        return min(row["first"] for row in self.problems)

    @property
    def last(self) -> date:
        return max(row["last"] for row in self.problems)


def dossier(workspace, complex_name: str) -> Dossier | None:
    """The dossier of a complex of this team, or None when it has no signals."""
    problems = problems_per_complex(workspace, [complex_name]).get(complex_name)
    if not problems:
        return None
    signals = HousingSignal.objects.filter(workspace=workspace, complex=complex_name)
    buurten = signals.filter(buurt__isnull=False).values_list("buurt__name", flat=True)
    buurten = buurten.order_by().distinct()
    columns = [(row["problem"], row["label"]) for row in problems]
    return Dossier(
        complex=complex_name,
        problems=problems,
        timeline_problems=columns,
        timeline=timeline(signals, [value for value, _label in columns]),
        buurten=sorted(set(buurten)),
    )


def timeline(signals, problems: list[str]) -> list[tuple[date, list[int | None]]]:
    """Households per month and problem, for every month from the first to the last signal
    (months without signals included, so gaps show)."""
    rows = (
        signals.annotate(month=TruncMonth("noted_on"))
        .values("month", "problem")
        .annotate(households=Sum("households"))
        .order_by()
    )
    cells = {(row["month"], row["problem"]): row["households"] for row in rows}
    if not cells:
        return []
    months = month_range(min(m for m, _p in cells), max(m for m, _p in cells))
    return [(month, [cells.get((month, p)) for p in problems]) for month in months]


def month_range(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months
