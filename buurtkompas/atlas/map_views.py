"""The map page and its two data endpoints: shapes (cacheable) and values (per view)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from buurtkompas.atlas import geo, params, selectors
from buurtkompas.atlas.indicators import BY_KEY, INDICATORS
from buurtkompas.atlas.views import bad_request
from buurtkompas.regions.models import Region

_SHAPES: dict[tuple, bytes] = {}


def map_page(request):
    try:
        query = params.parse(request.GET)
    except params.BadParameter as error:
        return bad_request(request, error)
    year = query.year or selectors.edition_year(query.level)
    available = selectors.indicators_with_figures(query.level, year) if year else set()
    if query.indicator != "index" and query.indicator not in available:
        query.indicator = "index"  # an indicator without figures here would colour nothing
    border_year = selectors.boundary_year("gemeente", year)
    gemeenten = Region.objects.filter(level="gemeente", year=border_year).order_by("name")
    context = {
        "query": query,
        "year": year,
        "editions": selectors.editions(),
        "levels": params.LEVELS,
        "has_figures": year in selectors.editions().get(query.level, []),
        "indicators": [i for i in INDICATORS if i.key in available],
        "without_figures": [i for i in INDICATORS if i.key not in available],
        "gemeenten": gemeenten,
        "border_year": border_year,
        "has_shapes": bool(year)
        and Region.objects.filter(level=query.level, year=year, geometry__isnull=False).exists(),
        "version": selectors.data_version(),
        "ranking_url": reverse("atlas:ranking") + "?" + urlencode(query.as_params()),
        "basemap_url": settings.ATLAS_BASEMAP_URL,
        "basemap_attribution": settings.ATLAS_BASEMAP_ATTRIBUTION,
    }
    return render(request, "atlas/map.html", context)


@gzip_page
def shapes(request, level: str, year: int):
    if level not in params.LEVELS:
        raise Http404("unknown level")
    key = (level, year, selectors.data_version())
    if key not in _SHAPES:
        regions = Region.objects.filter(level=level, year=year, geometry__isnull=False)
        if not regions.exists():
            raise Http404("no shapes for this level and year")
        rows = regions.values_list("code", "name", "gemeente_code", "geometry")
        if len(_SHAPES) >= 6:  # a map page reads two sets: its areas and the gemeente borders
            _SHAPES.pop(next(iter(_SHAPES)))
        _SHAPES[key] = json.dumps(geo.feature_collection(rows), separators=(",", ":")).encode()
    response = HttpResponse(_SHAPES[key], content_type="application/json")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@gzip_page
def values(request):
    try:
        query = params.parse(request.GET)
        result = selectors.ranking(query)
    except params.BadParameter as error:
        return JsonResponse(
            {"error": "bad_parameter", "parameter": error.name, "reason": error.reason}, status=400
        )
    key = query.indicator
    data = {}
    for row in result.rows:
        if key == "index":
            data[row.code] = round(row.score.score, 1) if row.score.eligible else None
        elif key in row.figures:
            data[row.code] = row.figures[key].value
    present = [v for v in data.values() if v is not None]
    indicator = BY_KEY.get(key)
    return JsonResponse(
        {
            "level": query.level,
            "year": result.year,
            "indicator": key,
            "label": indicator.label(request.LANGUAGE_CODE) if indicator else "index",
            "unit": indicator.unit if indicator else "0-100",
            "higher_is_worse": indicator.higher_is_worse if indicator else True,
            "breaks": class_breaks(present, fixed=key == "index"),
            "count": len(present),
            "classes_note": classes_note(key, len(present)),
            "basis_note": basis_note(result, request.LANGUAGE_CODE) if key == "index" else "",
            "values": data,
            # areas where a publicly listed team works ("community work active"): codes only
            "active": sorted(row.code for row in result.rows if row.code in result.active),
        }
    )


def classes_note(key: str, count: int) -> str:
    """One sentence on how the colour classes are made, for this indicator only."""
    if not count:
        return _("No area has a figure for this at this level and year.")
    if key == "index":
        return _("The index is coloured in fixed steps of 20.")
    return _("Each colour holds about a fifth of the %(n)s areas with a figure.") % {"n": count}


def basis_note(result, language: str) -> str:
    """The legend says what the index rests on at this level, and always when it is one
    indicator (docs/indicators.md, "Coverage")."""
    used = [
        BY_KEY[k] for k in result.indicators if BY_KEY[k].in_index and result.weights.get(k, 0) > 0
    ]
    if len(used) == 1:
        return _("At this level the index rests on one indicator: %(name)s.") % {
            "name": used[0].label(language)
        }
    if used:
        names = ", ".join(i.label(language) for i in used)
        return _("The index rests on: %(names)s.") % {"names": names}
    return ""


def class_breaks(values: list[float], classes: int = 5, fixed: bool = False) -> list[float]:
    """Upper bounds of the first four of five classes: quantiles, or 20/40/60/80 for the index."""
    if fixed:
        return [20.0, 40.0, 60.0, 80.0]
    ordered = sorted(values)
    if not ordered:
        return []
    cuts = [
        ordered[min(len(ordered) - 1, round(len(ordered) * i / classes))] for i in range(1, classes)
    ]
    return sorted(set(round(c, 2) for c in cuts))
