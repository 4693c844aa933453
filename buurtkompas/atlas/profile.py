"""A region's atlas profile: its indicators against its gemeente and the country, its rank, and
a small map drawn as SVG on the server (no JavaScript, no tiles)."""

import math
import statistics
from dataclasses import dataclass, field

from buurtkompas.atlas import params, selectors
from buurtkompas.atlas.index import Score
from buurtkompas.atlas.indicators import BY_KEY, Indicator
from buurtkompas.regions.models import Dataset, Region


@dataclass
class Comparison:
    indicator: Indicator
    figure: selectors.Figure
    dataset: Dataset | None
    gemeente: selectors.Figure | None
    national: selectors.NationalFigure | None  # the source's published "Nederland" figure
    median: float | None  # median over the areas of the level: computed, labelled as such
    median_of: int = 0  # how many areas the median is taken over
    bars: list[tuple[str, float, float]] = field(default_factory=list)  # (who, value, width %)
    left_out: bool = False  # counts students, and this area is mostly students
    series: list = field(default_factory=list)  # [(period, value, approximate, dataset, from)]
    chart: dict | None = None  # a small line chart of the series (line_chart)


@dataclass
class Profile:
    region: Region
    year: int
    score: Score
    eligible: int
    gemeente_rank: int | None
    gemeente_eligible: int
    comparisons: list[Comparison]
    drivers: list[tuple[Indicator, float]]
    level_total: int
    scope: selectors.Scope | None = None
    unavailable: list[Indicator] = field(default_factory=list)  # weighted, not loaded here
    missing: list[Indicator] = field(default_factory=list)  # loaded here, not for this area


def profile(region: Region) -> Profile | None:
    query = params.AtlasQuery(
        level=region.level, year=region.year, weights=params.default_weights()
    )
    result = selectors.ranking(query)
    rows = {row.code: row for row in result.rows}
    row = rows.get(region.code)
    if row is None or not row.figures:
        return None
    in_gemeente = [
        r for r in result.rows if r.gemeente_code == region.gemeente_code and r.score.eligible
    ]
    gemeente_row = (
        selectors.load_rows("gemeente", region.year).get(region.parent_id)
        if region.level == "wijk"
        else None
    )
    comparisons = [
        compare(key, row, gemeente_row, result) for key in result.indicators if key in row.figures
    ]
    trends = selectors.series(region)
    for item in comparisons:
        item.series = trends.get(item.indicator.key, [])
        item.chart = line_chart([(p[0], p[1]) for p in item.series])
    drivers = sorted(
        ((BY_KEY[k], v) for k, v in row.score.contributions.items()), key=lambda kv: -kv[1]
    )
    return Profile(
        region,
        result.year,
        row.score,
        result.eligible,
        gemeente_rank(row, in_gemeente),
        len(in_gemeente),
        comparisons,
        drivers,
        len(result.rows),
        result.scope,
        [BY_KEY[k] for k in result.unavailable],
        [BY_KEY[k] for k in row.score.missing],
    )


def gemeente_rank(row, in_gemeente) -> int | None:
    if not row.score.eligible:
        return None
    return 1 + sum(1 for other in in_gemeente if other.score.score > row.score.score)


def compare(key: str, row, gemeente_row, result) -> Comparison:
    values = [r.figures[key].value for r in result.rows if key in r.figures]
    median = statistics.median(values) if len(values) > 1 else None
    figure = row.figures[key]
    gemeente = gemeente_row.figures.get(key) if gemeente_row else None
    national = selectors.national_figure(key, figure)
    item = Comparison(
        BY_KEY[key],
        figure,
        result.datasets.get(figure.dataset_id),
        gemeente,
        national,
        median,
        len(values) if median is not None else 0,
        left_out=key in row.score.left_out,
    )
    item.bars = bars(
        figure.value,
        gemeente.value if gemeente else None,
        national.value if national else None,
    )
    return item


def line_chart(points: list[tuple[int, float]], width: int = 160, height: int = 48):
    """A small line chart (SVG coordinates) of (year, value) points, oldest first; None for
    fewer than two. The y axis spans the values' own range, so the chart shows the direction;
    the table beside it gives the values."""
    if len(points) < 2:
        return None
    pad = 6
    years = [year for year, _v in points]
    values = [value for _y, value in points]
    low, high = min(values), max(values)
    span_x = (max(years) - min(years)) or 1
    span_y = (high - low) or 1

    def xy(year, value):
        x = pad + (year - min(years)) / span_x * (width - 2 * pad)
        y = height - pad - ((value - low) / span_y * (height - 2 * pad) if high > low else 0)
        return round(x, 1), round(y if high > low else height / 2, 1)

    dots = [xy(year, value) for year, value in points]
    return {
        "width": width,
        "height": height,
        "path": "M" + "L".join(f"{x},{y}" for x, y in dots),
        "dots": dots,
    }


def bars(own: float, gemeente: float | None, national: float | None):
    present = [
        (who, v)
        for who, v in (("own", own), ("gemeente", gemeente), ("national", national))
        if v is not None
    ]
    top = max((abs(v) for _who, v in present), default=0) or 1
    return [(who, v, round(100 * abs(v) / top, 1)) for who, v in present]


def svg_map(region: Region, neighbours: list[Region], size: int = 280) -> dict | None:
    """Paths for a small map: the region highlighted among its neighbours, in one viewBox."""
    if not region.geometry or not region.bbox:
        return None
    west, south, east, north = region.bbox
    pad_x, pad_y = (east - west) * 0.6 + 0.002, (north - south) * 0.6 + 0.002
    box = (west - pad_x, south - pad_y, east + pad_x, north + pad_y)
    kx = math.cos(math.radians((south + north) / 2))
    scale = size / max((box[2] - box[0]) * kx, box[3] - box[1])

    def project(lon: float, lat: float) -> str:
        return f"{(lon - box[0]) * kx * scale:.1f},{(box[3] - lat) * scale:.1f}"

    others = [
        path_of(n.geometry, project)
        for n in neighbours
        if n.geometry and n.id != region.id and overlaps(n.bbox, box)
    ]
    width = round((box[2] - box[0]) * kx * scale)
    height = round((box[3] - box[1]) * scale)
    return {
        "own": path_of(region.geometry, project),
        "others": others,
        "width": width,
        "height": height,
    }


def overlaps(bbox, box) -> bool:
    return bool(bbox) and not (
        bbox[2] < box[0] or bbox[0] > box[2] or bbox[3] < box[1] or bbox[1] > box[3]
    )


def path_of(geometry: dict, project) -> str:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    parts = []
    for polygon in polygons:
        for ring in polygon:
            parts.append("M" + "L".join(project(lon, lat) for lon, lat in ring) + "Z")
    return "".join(parts)


def neighbours(region: Region) -> list[Region]:
    """Areas of the same level and year whose bounding box touches the region's surroundings."""
    if not region.bbox:
        return []
    west, south, east, north = region.bbox
    pad_x, pad_y = (east - west) * 0.6 + 0.002, (north - south) * 0.6 + 0.002
    box = (west - pad_x, south - pad_y, east + pad_x, north + pad_y)
    same = Region.objects.filter(level=region.level, year=region.year, geometry__isnull=False)
    if region.level != "gemeente":
        same = same.filter(gemeente_code=region.gemeente_code)
    ids = [pk for pk, bbox in same.values_list("id", "bbox") if overlaps(bbox, box)]
    return list(Region.objects.filter(id__in=ids).only("id", "geometry", "bbox"))
