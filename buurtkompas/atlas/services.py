"""Writes of the atlas: the derived indicator values, recomputed after every import."""

from collections import defaultdict

from django.db import transaction

from buurtkompas.atlas import crosswalk, selectors
from buurtkompas.atlas.index import need_percentiles
from buurtkompas.atlas.indicators import INDICATORS, Indicator
from buurtkompas.atlas.models import Derivation, IndicatorPoint, IndicatorValue
from buurtkompas.core import public_cache
from buurtkompas.regions.models import Observation, Region

FIELDS = ("value", "period", "period_is_approximate", "dataset_id", "variable_id")


def indicator_values_recompute() -> int:
    """Rebuild every IndicatorValue from the loaded observations; returns how many."""
    regions = {
        r[0]: r[1:] for r in Region.objects.values_list("id", "code", "year", "level", "name")
    }
    by_code, report = same_areas(regions)
    rows, points = [], []
    for indicator in INDICATORS:
        own, history = latest_observations(indicator)
        values = values_for(indicator, regions, by_code, own)
        points.extend(add_series(values, by_code, history))
        rows.extend(values)
    add_need_percentiles(rows)
    with transaction.atomic():
        IndicatorPoint.objects.all().delete()
        IndicatorValue.objects.all().delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
        IndicatorPoint.objects.bulk_create(points, batch_size=2000)
        Derivation.objects.create(values_count=len(rows), crosswalk=report)
    selectors._SCORED.clear()  # noqa: SLF001 — this process's cache; others see the new version
    public_cache.bump()  # after the commit of the new values: pages computed again
    return len(rows)


def latest_observations(indicator: Indicator) -> tuple[dict[int, dict], dict]:
    """region id -> the preferred figure: first variable in the registry's order, latest period;
    and every figure: (region id, variable id) -> {period: figure}, for the series."""
    preference = {key: i for i, key in enumerate(indicator.variables)}
    best: dict[int, tuple] = {}
    history: dict[tuple[int, int], dict[int, dict]] = defaultdict(dict)
    rows = Observation.objects.filter(variable__key__in=indicator.variables).values_list(
        "region_id", "variable__key", *FIELDS
    )
    for region_id, variable_key, *fields in rows:
        figure = dict(zip(FIELDS, fields, strict=True))
        rank = (preference[variable_key], -fields[1], fields[3])
        if region_id not in best or rank < best[region_id][0]:
            best[region_id] = (rank, figure)
        history[region_id, figure["variable_id"]].setdefault(figure["period"], figure)
    return {region_id: figure for region_id, (_rank, figure) in best.items()}, history


def add_series(values: list[IndicatorValue], same, history) -> list[IndicatorPoint]:
    """Every period with a figure of the same variable for the area itself or the same area on
    another indeling (atlas.crosswalk), one point per period (its own region first, then the
    nearest indeling). Sets each value's change since the first point; returns the points of
    areas with two periods or more."""
    points = []
    for value in values:
        home = value.source_region_id or value.region_id
        sources = [(0, value.region_id), (0, home)] + sorted(
            (abs(year - value.year), region_id) for year, region_id in same.get(home, ())
        )
        series: dict[int, tuple[dict, int]] = {}
        for _distance, region_id in sources:
            for period, figure in history.get((region_id, value.variable_id), {}).items():
                series.setdefault(period, (figure, region_id))
        if len(series) < 2:
            continue
        first = min(series)
        value.change = value.value - series[first][0]["value"]
        value.change_since = first
        points.extend(
            IndicatorPoint(
                region_id=value.region_id,
                indicator=value.indicator,
                period=period,
                value=figure["value"],
                period_is_approximate=figure["period_is_approximate"],
                dataset_id=figure["dataset_id"],
                source_region_id=None if region_id == value.region_id else region_id,
            )
            for period, (figure, region_id) in sorted(series.items())
        )
    return points


def same_areas(regions) -> tuple[dict, dict]:
    """region id -> [(year, region id)] of the same area in other indeling years, and the
    report of every pair of same-code regions: joined (with how) or refused."""
    by_code = defaultdict(list)
    for region_id, (code, year, _level, name) in regions.items():
        by_code[code].append((year, region_id, name))
    same: dict[int, list[tuple[int, int]]] = defaultdict(list)
    report = {"joined": [], "refused": []}
    for code, versions in by_code.items():
        versions.sort()
        for i, (year_a, id_a, name_a) in enumerate(versions):
            for year_b, id_b, name_b in versions[i + 1 :]:
                if year_a == year_b:
                    continue
                found = crosswalk.match(name_a, name_b)
                if found.same:
                    same[id_a].append((year_b, id_b))
                    same[id_b].append((year_a, id_a))
                entry = [code, year_a, name_a, year_b, name_b, found.how]
                if not found.same:
                    report["refused"].append(entry)
                elif found.how != "equal":
                    report["joined"].append(entry)
    return same, report


def values_for(indicator: Indicator, regions, same, own) -> list[IndicatorValue]:
    rows = []
    for region_id, (_code, year, level, _name) in regions.items():
        figure, source_region = own.get(region_id), None
        if figure is None:
            source_region = same_area_elsewhere(year, same.get(region_id, ()), own)
            figure = own.get(source_region) if source_region else None
        if figure is not None:
            rows.append(
                IndicatorValue(
                    region_id=region_id,
                    indicator=indicator.key,
                    level=level,
                    year=year,
                    source_region_id=source_region,
                    **figure,
                )
            )
    return rows


def same_area_elsewhere(year, others, own) -> int | None:
    """The region of another indeling year that is the same area (atlas.crosswalk) and has the
    figure, nearest in time (later first on a tie)."""
    candidates = [
        (abs(other_year - year), -other_year, region_id)
        for other_year, region_id in others
        if region_id in own
    ]
    return min(candidates)[2] if candidates else None


def add_need_percentiles(rows: list[IndicatorValue]) -> None:
    groups: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for row in rows:
        groups[(row.indicator, row.level, row.year)].append(row)
    directions = {i.key: i.higher_is_worse for i in INDICATORS}
    for (indicator, _level, _year), members in groups.items():
        if directions[indicator] is None:
            continue
        pct = need_percentiles({id(m): m.value for m in members}, directions[indicator])
        for member in members:
            member.need_pct = pct[id(member)]
