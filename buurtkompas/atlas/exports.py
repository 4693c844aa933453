"""CSV and GeoJSON of exactly the rows of a ranking view (same filters and order, all pages)."""

import csv
import io
import json

from buurtkompas.atlas.indicators import BY_KEY
from buurtkompas.atlas.selectors import Ranking, Row
from buurtkompas.regions.models import Region


def columns(ranking: Ranking) -> list[str]:
    base = ["rank", "code", "name", "gemeente_code", "gemeente_name", "need_index", "coverage_pct"]
    base += ["index_basis", "indicators_used", "flags", "not_ranked_because"]
    base.append("community_work_active")
    for key in ranking.indicators:
        base += [f"{key}", f"{key}__year", f"{key}__source", f"{key}__published_on_indeling"]
        base += [f"{key}__change", f"{key}__change_since"]
    return base


def record(ranking: Ranking, row: Row) -> dict:
    data = {
        "rank": row.score.rank,
        "code": row.code,
        "name": row.name,
        "gemeente_code": row.gemeente_code,
        "gemeente_name": row.gemeente_name,
        "need_index": round(row.score.score, 1) if row.score.eligible else None,
        "coverage_pct": round(100 * row.score.coverage),
        # An index resting on one indicator says so in every download (docs/indicators.md).
        "index_basis": basis(row),
        "indicators_used": " ".join(row.score.used) if row.score.eligible else None,
        "flags": " ".join(sorted(row.score.flags)) or None,
        "not_ranked_because": " ".join(row.score.excluded) or None,
        # a publicly listed team works here; nothing else about teams is exported
        "community_work_active": row.code in ranking.active,
    }
    for key in ranking.indicators:
        figure = row.figures.get(key)
        dataset = ranking.datasets.get(figure.dataset_id) if figure else None
        data[key] = figure.value if figure else None
        data[f"{key}__year"] = (
            (f"ca. {figure.period}" if figure.approximate else figure.period) if figure else None
        )
        data[f"{key}__source"] = f"{dataset.publisher}: {dataset.title}" if dataset else None
        # A figure published for the same code and name on another indeling year says so.
        data[f"{key}__published_on_indeling"] = (
            (figure.from_year or ranking.year) if figure else None
        )
        # Change since the first year of the area's series (same variable), where there is one.
        data[f"{key}__change"] = figure.change if figure else None
        data[f"{key}__change_since"] = figure.change_since if figure else None
    return data


def basis(row: Row) -> str | None:
    if not row.score.eligible:
        return None
    return "one indicator" if row.score.single_indicator else f"{len(row.score.used)} indicators"


def to_csv(ranking: Ranking) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(ranking), lineterminator="\n")
    writer.writeheader()
    for row in ranking.rows:
        writer.writerow({k: cell(v) for k, v in record(ranking, row).items()})
    return out.getvalue()


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_geojson(ranking: Ranking) -> str:
    geometries = dict(
        Region.objects.filter(id__in=[r.region_id for r in ranking.rows]).values_list(
            "id", "geometry"
        )
    )
    features = [
        {
            "type": "Feature",
            "geometry": geometries.get(row.region_id),
            "properties": record(ranking, row),
        }
        for row in ranking.rows
    ]
    units = {key: BY_KEY[key].unit for key in ranking.indicators}
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": features,
            "metadata": {
                "level": ranking.query.level,
                "year": ranking.year,
                "units": units,
                "licence": "CC BY 4.0 (bron: CBS)",
            },
        },
        ensure_ascii=False,
    )
