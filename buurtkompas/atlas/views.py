from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from buurtkompas.atlas import community, exports, params, selectors
from buurtkompas.atlas.indicators import BY_KEY, INDICATORS
from buurtkompas.regions.models import Region


def bad_request(request, error: params.BadParameter):
    context = {"name": error.name, "reason": error.reason}
    return render(request, "atlas/bad_request.html", context, status=400)


def ranking(request):
    try:
        query = params.parse(request.GET)
        result = selectors.ranking(query)
        if query.page > result.pages:
            raise params.BadParameter("page", _("there are only %(n)d pages") % {"n": result.pages})
        export = params.choice(request.GET, "format", ("html", "csv", "geojson"), "html")
    except params.BadParameter as error:
        return bad_request(request, error)
    if export != "html":
        return download(result, export)
    context = {
        "ranking": result,
        "query": query,
        "rows": result.page_rows(),
        "indicators": [BY_KEY[k] for k in result.indicators],
        "weighted": [BY_KEY[k] for k in result.indicators if BY_KEY[k].in_index],
        "gemeenten": gemeente_choices(result.year),
        "editions": selectors.editions(),
        "levels": params.LEVELS,
        "has_figures": result.year in selectors.editions().get(query.level, []),
        "gap": gemeente_gap(query, result.year),
        "gap_threshold": community.GAP_THRESHOLD,
        "basis": index_basis(result),
        "with_change": {
            key for row in result.rows for key, fig in row.figures.items() if fig.change is not None
        },
        "min_population": settings.ATLAS_MIN_POPULATION,
    }
    return render(request, "atlas/ranking.html", context)


def index_basis(result) -> dict:
    """Which weighted indicators the index rests on at this level and year, and which are
    weighted but not loaded here."""
    used = [
        BY_KEY[k] for k in result.indicators if BY_KEY[k].in_index and result.weights.get(k, 0) > 0
    ]
    return {"used": used, "unavailable": [BY_KEY[k] for k in result.unavailable]}


def indicators(request):
    """What every indicator means, why it is in the index and with what weight."""
    context = {
        "indicators": INDICATORS,
        "min_population": settings.ATLAS_MIN_POPULATION,
        "student_share": settings.ATLAS_STUDENT_SHARE_PCT,
    }
    return render(request, "atlas/indicators.html", context)


def gemeente_gap(query: params.AtlasQuery, year: int | None):
    """With a gemeente chosen: its high-need areas without community work, with these weights
    but without the other filters (they would hide part of the gap)."""
    if not query.gemeente or query.level == "gemeente" or not year:
        return None
    return community.gap(community.gap_query(query.level, year, query.gemeente, query.weights))


def download(result, export: str) -> HttpResponse:
    name = f"buurtkompas-{result.query.level}-{result.year}"
    if export == "csv":
        response = HttpResponse(exports.to_csv(result), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_geojson(result), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response


def gemeente_choices(year: int | None):
    if not year:
        return []
    return (
        Region.objects.filter(level="gemeente", year=year)
        .order_by("name")
        .values_list("code", "name")
    )


def indicator_redirect_guard(key: str):
    if key not in BY_KEY:
        raise Http404("unknown indicator")
    return BY_KEY[key]
