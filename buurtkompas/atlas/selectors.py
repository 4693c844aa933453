"""Reads of the atlas: editions, the ranked table with the need index, and a region's profile."""

from dataclasses import dataclass, field

from django.db.models import Count, Max

from buurtkompas.atlas import listings, quality
from buurtkompas.atlas.index import MIN_COVERAGE, Score, need_index, need_percentiles
from buurtkompas.atlas.indicators import BY_KEY
from buurtkompas.atlas.models import Derivation, IndicatorValue
from buurtkompas.atlas.params import AtlasQuery
from buurtkompas.regions.models import Dataset, GemeenteProvince, NationalObservation, Region

_SCORED: dict[tuple, tuple] = {}
VALUE_FIELDS = (
    "region_id",
    "indicator",
    "value",
    "need_pct",
    "period",
    "period_is_approximate",
    "dataset_id",
    "source_region__year",
    "change",
    "change_since",
)


@dataclass
class Figure:
    value: float
    need_pct: float | None
    period: int
    approximate: bool
    dataset_id: int
    from_year: int | None  # indeling year the figure was published on, if not the region's
    change: float | None = None  # since the first year of the area's series (IndicatorPoint)
    change_since: int | None = None


@dataclass
class Row:
    region_id: int
    code: str
    name: str
    gemeente_code: str
    gemeente_name: str
    score: Score
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Ranking:
    query: AtlasQuery
    year: int | None
    rows: list[Row]
    indicators: list[str]  # indicators that have figures at this level and year
    weights: dict[str, float]
    eligible: int = 0
    datasets: dict[int, Dataset] = field(default_factory=dict)
    active: frozenset[str] = frozenset()  # codes with community work active (active_codes())
    scope: "Scope | None" = None  # where the ranked areas lie (never "heel Nederland" if partial)
    unavailable: list[str] = field(default_factory=list)  # weighted, but not loaded here

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // self.query.per_page))

    def page_rows(self) -> list[Row]:
        start = (self.query.page - 1) * self.query.per_page
        return self.rows[start : start + self.query.per_page]


def edition_year(level: str) -> int | None:
    """The newest indeling year with indicator figures at this level, preferring ones with maps."""
    return remember(("edition", level, data_version()), lambda: compute_edition_year(level))


def compute_edition_year(level: str) -> int | None:
    with_maps = IndicatorValue.objects.filter(level=level, region__geometry__isnull=False)
    year = with_maps.aggregate(y=Max("year"))["y"]
    return year or IndicatorValue.objects.filter(level=level).aggregate(y=Max("year"))["y"]


def indicators_with_figures(level: str, year: int) -> set[str]:
    """The indicators that have at least one figure at this level and indeling year."""
    return remember(
        ("available", level, year, data_version()),
        lambda: set(
            IndicatorValue.objects.filter(level=level, year=year)
            .values_list("indicator", flat=True)
            .distinct()
        ),
    )


def boundary_year(level: str, year: int | None) -> int | None:
    """The indeling year nearest to `year` that has boundaries for the level (gemeente borders
    under a buurt map of a year without gemeente shapes)."""
    return remember(
        ("boundary_year", level, year, data_version()), lambda: nearest_boundary_year(level, year)
    )


def nearest_boundary_year(level: str, year: int | None) -> int | None:
    years = set(
        Region.objects.filter(level=level, geometry__isnull=False)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    if not years:
        return None
    return min(years, key=lambda y: (abs(y - (year or y)), -y))


def editions() -> dict[str, list[int]]:
    """level -> indeling years with indicator figures, newest first (cached per data version:
    every atlas page asks)."""
    return remember(("editions", data_version()), compute_editions)


def compute_editions() -> dict[str, list[int]]:
    pairs = IndicatorValue.objects.order_by().values_list("level", "year").distinct()
    result: dict[str, list[int]] = {}
    for level, year in sorted(pairs, key=lambda p: -p[1]):
        result.setdefault(level, []).append(year)
    return result


def load_rows(level: str, year: int) -> dict[int, Row]:
    regions = Region.objects.filter(level=level, year=year)
    names = dict(Region.objects.filter(level="gemeente", year=year).values_list("code", "name"))
    rows = {
        r[0]: Row(r[0], r[1], r[2], r[3], names.get(r[3], r[3]), Score(r[0], None, 0.0))
        for r in regions.values_list("id", "code", "name", "gemeente_code")
    }
    values = IndicatorValue.objects.filter(level=level, year=year).values_list(*VALUE_FIELDS)
    for region_id, indicator, *rest in values:
        if region_id in rows:
            rows[region_id].figures[indicator] = Figure(*rest)
    return rows


def ranking(query: AtlasQuery) -> Ranking:
    year = query.year or edition_year(query.level)
    version = data_version()
    rows, present, eligible = (
        scored_rows(query.level, year, query.weights, version, query.include_flagged)
        if year
        else ([], [], 0)
    )
    ordered = remember(
        (
            "sorted",
            query.level,
            year,
            tuple(sorted(query.weights.items())),
            query.sort,
            query.descending,
            query.include_flagged,
            version,
        ),
        lambda: sort_rows(rows, query),
    )
    active = frozenset(active_codes())  # not cached: teams change without a new data version
    selected = filter_rows(ordered, query, active)  # filtering keeps the order
    datasets = remember(("datasets", version), lambda: {d.id: d for d in Dataset.objects.all()})
    where = remember(
        ("scope", query.level, year, query.include_flagged, version),
        lambda: scope_of(rows, year),
    )
    unavailable = [
        key for key, weight in query.weights.items() if weight > 0 and key not in present
    ]
    return Ranking(
        query,
        year,
        selected,
        present,
        query.weights,
        eligible,
        datasets,
        active,
        where,
        unavailable,
    )


@dataclass(frozen=True)
class Scope:
    """Where the areas with an index lie: the whole country, or which provinces or gemeenten."""

    complete: bool
    gemeenten: int  # gemeenten with at least one area that has an index
    total_gemeenten: int
    provinces: tuple[str, ...] = ()  # when every gemeente's province is known
    gemeente_names: tuple[str, ...] = ()  # the first few, when provinces are not known


def scope_of(rows: list[Row], year: int | None) -> Scope:
    """Gemeenten count when one of their areas has a figure for an indicator of the index
    (an area may have figures and still no rank: too small, or students only)."""
    codes = {row.gemeente_code for row in rows if any(BY_KEY[key].in_index for key in row.figures)}
    all_years = Region.objects.filter(level="gemeente")
    # The country is the most complete set of gemeenten loaded (a source that defines only the
    # gemeenten of one province must not become "all of them"), nearest in time on a tie.
    counts = all_years.values("year").annotate(n=Count("id")).values_list("year", "n")
    reference_year = max(counts, key=lambda yn: (yn[1], -abs(yn[0] - (year or 0))), default=(0,))[0]
    total = all_years.filter(year=reference_year).count() if reference_year else 0
    complete = bool(total) and codes >= set(
        all_years.filter(year=reference_year).values_list("code", flat=True)
    )
    provinces = dict(
        GemeenteProvince.objects.filter(year=reference_year, gemeente_code__in=codes).values_list(
            "gemeente_code", "province_name"
        )
    )
    names = dict(
        Region.objects.filter(level="gemeente", code__in=codes)
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    if codes and set(provinces) >= codes:
        return Scope(complete, len(codes), total, tuple(sorted(set(provinces.values()))))
    shown = tuple(sorted(names.get(code, code) for code in codes))
    return Scope(complete, len(codes), total, (), shown)


@dataclass(frozen=True)
class NationalFigure:
    value: float
    period: int
    approximate: bool
    dataset_id: int


def national_figures() -> dict[tuple[str, int, int], NationalFigure]:
    """(variable key, dataset id, period) -> the published national figure ("Nederland" row)."""
    return remember(
        ("national", data_version()),
        lambda: {
            (variable, dataset_id, period): NationalFigure(value, period, approximate, dataset_id)
            for variable, dataset_id, period, approximate, value in (
                NationalObservation.objects.values_list(
                    "variable__key", "dataset_id", "period", "period_is_approximate", "value"
                )
            )
        },
    )


def national_figure(indicator_key: str, figure: "Figure") -> NationalFigure | None:
    """The national figure published beside an area's figure: same source table and year."""
    published = national_figures()
    for variable in BY_KEY[indicator_key].variables:
        found = published.get((variable, figure.dataset_id, figure.period))
        if found:
            return found
    return None


def remember(key: tuple, compute):
    """A small process-local cache; keys carry the data version, values are never mutated."""
    if key not in _SCORED:
        if len(_SCORED) >= 64:
            _SCORED.pop(next(iter(_SCORED)))
        _SCORED[key] = compute()
    return _SCORED[key]


def data_version() -> int:
    return Derivation.objects.aggregate(v=Max("id"))["v"] or 0


def scored_rows(
    level: str, year: int, weights: dict[str, float], version: int, include_flagged=False
):
    """All rows of a level and year with their index; cached until the data changes."""
    rules = quality.rules_from_settings()
    key = ("scored", level, year, tuple(sorted(weights.items())), include_flagged, rules, version)
    return remember(key, lambda: compute_scored_rows(level, year, weights, include_flagged, rules))


def compute_scored_rows(
    level: str, year: int, weights: dict[str, float], include_flagged=False, rules=None
):
    """Percentiles are taken among the areas that take part in the ranking: small and
    non-residential areas are left out unless asked for, and an indicator that counts students
    leaves out the areas mostly lived in by students (atlas.quality)."""
    rules = rules or quality.rules_from_settings()
    rows = load_rows(level, year)
    present = sorted({k for row in rows.values() for k in row.figures}, key=list(BY_KEY).index)
    flags = {
        row.region_id: quality.area_flags({k: f.value for k, f in row.figures.items()}, rules)
        for row in rows.values()
    }
    taking_part = [
        row
        for row in rows.values()
        if include_flagged or not quality.excluded(flags[row.region_id])
    ]
    percentiles = {}
    for key in present:
        indicator = BY_KEY[key]
        if not indicator.in_index:
            continue
        values = {
            row.region_id: row.figures[key].value
            for row in taking_part
            if key in row.figures
            and not (indicator.includes_students and quality.STUDENTS in flags[row.region_id])
        }
        percentiles[key] = need_percentiles(values, indicator.higher_is_worse)
    scores = need_index(percentiles, weights, MIN_COVERAGE)
    for row in rows.values():
        row.score = scores.get(row.region_id) or Score(row.region_id, None, 0.0)
        row.score.flags = flags[row.region_id]
        if not include_flagged:
            row.score.excluded = quality.excluded(flags[row.region_id])
        if quality.STUDENTS in row.score.flags:
            row.score.left_out = [
                k
                for k in row.figures
                if BY_KEY[k].includes_students and BY_KEY[k].in_index and weights.get(k, 0) > 0
            ]
    return list(rows.values()), present, sum(1 for r in rows.values() if r.score.eligible)


def filter_rows(rows: list[Row], query: AtlasQuery, active=frozenset()) -> list[Row]:
    if query.without_community_work:
        rows = [r for r in rows if r.code not in active]
    if query.gemeente:
        rows = [r for r in rows if r.gemeente_code == query.gemeente]
    if query.query:
        needle = query.query.casefold()
        rows = [r for r in rows if needle in r.name.casefold() or needle in r.code.casefold()]
    for key, (low, high) in query.thresholds.items():
        rows = [r for r in rows if key in r.figures and within(r.figures[key].value, low, high)]
    return rows


def within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def sort_rows(rows: list[Row], query: AtlasQuery) -> list[Row]:
    """Sort; rows without a value always come last, whatever the direction."""

    def value(row: Row):
        if query.sort == "index":
            return row.score.score
        if query.sort == "coverage":
            return row.score.coverage
        if query.sort == "name":
            return row.name.casefold()
        if query.sort.startswith("change_"):
            figure = row.figures.get(query.sort.removeprefix("change_"))
            return figure.change if figure else None
        figure = row.figures.get(query.sort)
        return figure.value if figure else None

    present = [r for r in rows if value(r) is not None]
    missing = sorted((r for r in rows if value(r) is None), key=lambda r: r.name.casefold())
    present.sort(key=lambda r: (value(r), r.name.casefold()), reverse=query.descending)
    return present + missing


def series(region) -> dict[str, list]:
    """indicator -> the area's points [(period, value, approximate, dataset id, from year)],
    oldest first; only indicators with two years or more."""
    from buurtkompas.atlas.models import IndicatorPoint

    result: dict[str, list] = {}
    points = IndicatorPoint.objects.filter(region=region).values_list(
        "indicator", "period", "value", "period_is_approximate", "dataset_id", "source_region__year"
    )
    for indicator, *point in points.order_by("indicator", "period"):
        result.setdefault(indicator, []).append(tuple(point))
    return result


def active_codes() -> set[str]:
    """Codes of the areas where a publicly listed team works ("community work active").

    A team covers buurten and/or wijken; a wijk or gemeente counts as active when a covered
    area lies in it. Only the approved public listings are used (`atlas.listings`): nothing
    else leaves the workspace, and demonstration teams are never listed.
    """
    return listings.active_codes()


def gaps(ranking: Ranking, threshold: float = 60.0) -> list[Row]:
    """High-need areas (index at or above the threshold) without active community work."""
    active = ranking.active
    return [
        row
        for row in ranking.rows
        if row.score.eligible and row.score.score >= threshold and row.code not in active
    ]
