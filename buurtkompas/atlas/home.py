"""The home page: the national figures, the sources, and the way into the atlas."""

from django.shortcuts import render
from django.utils.translation import get_language

from buurtkompas.atlas import params
from buurtkompas.atlas import selectors as atlas
from buurtkompas.atlas.indicators import BY_KEY
from buurtkompas.pipeline.models import ImportRun
from buurtkompas.regions import selectors
from buurtkompas.regions.models import Dataset


def home(request):
    year = selectors.latest_year()
    context = {
        "year": year,
        "population": selectors.national_total("population_count", year) if year else None,
        "population_sources": selectors.national_total_sources("population_count", year),
        "region_counts": selectors.region_counts(),
        "datasets": Dataset.objects.order_by("title"),
        "last_run": ImportRun.objects.first(),
        **top_areas(),
    }
    return render(request, "atlas/home.html", context)


def top_areas(count: int = 5) -> dict:
    """The wijken (or another level, when wijken have no figures) with the highest need index."""
    level = next((lv for lv in ("wijk", "buurt", "gemeente") if atlas.edition_year(lv)), None)
    if level is None:
        return {}
    result = atlas.ranking(params.AtlasQuery(level=level, weights=params.default_weights()))
    top = [row for row in result.rows if row.score.rank][:count]
    used = [k for k in result.indicators if BY_KEY[k].in_index and result.weights.get(k, 0) > 0]
    labels = {"wijk": "wijken", "buurt": "buurten", "gemeente": "gemeenten"}
    return {
        "top": top,
        "top_year": result.year,
        "top_level_label": labels[level],
        "top_single": BY_KEY[used[0]].label(get_language()) if len(used) == 1 else "",
    }
