"""Household visits in numbers for the whole country, per gemeente: the feed for national
reports (issue 10, point 10). Counts only, over every team; small numbers suppressed as in the
team view (`overview.py`, docs/privacy.md "Small numbers"): a count from 1 to 4 is not given,
and a sum over fewer than 5 households is not given.

The gemeente of a visit is the gemeente of the buurt recorded for the household (the
resident's `buurt`); households without a buurt are counted in a row of their own ("gemeente
not known"), never spread over gemeenten.

Adding up a million visits takes PostgreSQL longer than a page may (bench/visits_national.py),
so the totals are a derived table, `GemeenteVisitTotals`, rebuilt by
`services.national_totals_refresh()` from `count_by_gemeente()` (two grouped queries over the
visits and the fitted measures, grouped by buurt, added up per gemeente here), and read by
`national_totals_by_gemeente()` with the date they were computed.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from buurtkompas.regions.models import Region

from .models import FittedMeasure, GemeenteVisitTotals, HouseholdVisit
from .overview import SMALL


@dataclass
class GemeenteTotals:
    """One gemeente's totals; a field is None where the figure is suppressed or not known
    (`suppressed` names the suppressed ones)."""

    gemeente_code: str  # "" for households without a recorded buurt
    gemeente_name: str
    visits_done: int | None = 0
    households: int | None = 0
    measures_fitted: int | None = 0
    saving_kwh_per_year: float | None = None  # an estimate: reference savings x quantity
    saving_m3_per_year: float | None = None
    suppressed: list[str] = field(default_factory=list)


def _suppress(row: GemeenteTotals) -> GemeenteTotals:
    for name in ("visits_done", "households", "measures_fitted"):
        value = getattr(row, name)
        if value is not None and 0 < value < SMALL:
            setattr(row, name, None)
            row.suppressed.append(name)
    if row.households is None or row.households < SMALL:
        for name in ("saving_kwh_per_year", "saving_m3_per_year"):
            if getattr(row, name) is not None:
                row.suppressed.append(name)
            setattr(row, name, None)
    return row


def _add(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else a + b


def count_by_gemeente() -> dict[str, dict]:
    """gemeente code ("" = no buurt recorded) -> raw counts and sums over every team's done
    visits, without the small-number rule: for the derived table, never for a page."""
    per_buurt = (
        HouseholdVisit.objects.filter(status=HouseholdVisit.Status.DONE)
        .values(buurt_id=F("contact__buurt_id"))
        .annotate(visits=Count("id"), households=Count("contact_id", distinct=True))
        .order_by()
    )
    quantity = Cast(F("quantity"), FloatField())
    fitted = (
        FittedMeasure.objects.filter(
            status=FittedMeasure.Status.FITTED, visit__status=HouseholdVisit.Status.DONE
        )
        .values(buurt_id=F("visit__contact__buurt_id"))
        .annotate(
            measures=Count("id"),
            kwh=Sum(F("saving_kwh") * quantity, filter=Q(saving_kwh__isnull=False)),
            m3=Sum(F("saving_m3") * quantity, filter=Q(saving_m3__isnull=False)),
        )
        .order_by()
    )
    visit_rows, measure_rows = list(per_buurt), list(fitted)
    buurt_ids = {r["buurt_id"] for r in visit_rows + measure_rows} - {None}
    gemeente_of = dict(Region.objects.filter(pk__in=buurt_ids).values_list("pk", "gemeente_code"))
    totals: dict[str, dict] = {}

    def row_for(buurt_id) -> dict:
        empty = {"visits_done": 0, "households": 0, "measures_fitted": 0}
        empty |= {"saving_kwh_per_year": None, "saving_m3_per_year": None}
        return totals.setdefault(gemeente_of.get(buurt_id, ""), empty)

    for r in visit_rows:
        row = row_for(r["buurt_id"])
        row["visits_done"] += r["visits"]
        row["households"] += r["households"]  # a household lives in one buurt: no double count
    for r in measure_rows:
        row = row_for(r["buurt_id"])
        row["measures_fitted"] += r["measures"]
        row["saving_kwh_per_year"] = _add(row["saving_kwh_per_year"], r["kwh"])
        row["saving_m3_per_year"] = _add(row["saving_m3_per_year"], r["m3"])
    return totals


@dataclass(frozen=True)
class NationalTotals:
    rows: list[GemeenteTotals]
    computed_at: datetime | None  # None: never computed


def national_totals_by_gemeente() -> NationalTotals:
    """Every gemeente with at least one done visit, by name, the unknown row last, small
    numbers suppressed; as of the last refresh. Two queries."""
    stored = list(GemeenteVisitTotals.objects.all())
    names = _gemeente_names({t.gemeente_code for t in stored} - {""})
    rows = [
        GemeenteTotals(
            t.gemeente_code,
            names.get(t.gemeente_code, t.gemeente_code),
            t.visits_done,
            t.households,
            t.measures_fitted,
            t.saving_kwh_per_year,
            t.saving_m3_per_year,
        )
        for t in stored
    ]
    known = sorted((r for r in rows if r.gemeente_code), key=lambda r: r.gemeente_name)
    unknown = [r for r in rows if not r.gemeente_code]
    computed_at = max((t.computed_at for t in stored), default=None)
    return NationalTotals([_suppress(r) for r in known + unknown], computed_at)


def _gemeente_names(codes: set[str]) -> dict[str, str]:
    """The name of each gemeente code in the latest indeling that has it."""
    rows = (
        Region.objects.filter(level="gemeente", code__in=codes)
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    names: dict[str, str] = {}
    for code, name in rows:
        names.setdefault(code, name)
    return dict(names)
