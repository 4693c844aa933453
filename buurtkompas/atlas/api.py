"""The read-only open data API (JSON). Errors are JSON too: 400 with a reason, 404, 405."""

import functools

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from buurtkompas.atlas import exports, openapi, params, selectors
from buurtkompas.atlas.indicators import INDICATORS
from buurtkompas.atlas.models import IndicatorValue
from buurtkompas.regions.models import Observation, Region


def api_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(405, "method_not_allowed", "this API only answers GET")
        try:
            params.choice(request.GET, "format", ("json",), "json")  # JSON only, never ignored
            return view(request, *args, **kwargs)
        except params.BadParameter as exc:
            return error(400, "bad_parameter", exc.reason, parameter=exc.name)
        except Http404:
            return error(404, "not_found", "no such resource")

    return csrf_exempt(wrapper)  # read-only: a POST gets a JSON 405, not a CSRF page


def error(status: int, code: str, reason: str, **extra) -> JsonResponse:
    return JsonResponse({"error": code, "reason": reason, **extra}, status=status)


def page_of(items, query: params.AtlasQuery) -> dict:
    count = len(items) if isinstance(items, list) else items.count()
    pages = max(1, -(-count // query.per_page))
    if query.page > pages:
        raise params.BadParameter("page", f"there are only {pages} pages")
    start = (query.page - 1) * query.per_page
    return {
        "count": count,
        "page": query.page,
        "pages": pages,
        "per_page": query.per_page,
        "items": items[start : start + query.per_page],
    }


@api_view
def docs(request):
    return render(request, "atlas/api_docs.html", {"spec": openapi.spec(request)})


@api_view
def spec(request):
    return JsonResponse(openapi.spec(request), json_dumps_params={"ensure_ascii": False})


@api_view
def indicators(request):
    data = [
        {
            "key": i.key,
            "label_nl": i.label_nl,
            "label_en": i.label_en,
            "definition": i.definition,
            "unit": i.unit,
            "sources": list(i.sources),
            "higher_is_worse": i.higher_is_worse,
            "default_weight": i.default_weight,
        }
        for i in INDICATORS
    ]
    return JsonResponse({"results": data})


@api_view
def regions(request):
    query = params.parse(request.GET)
    qs = Region.objects.filter(level=query.level).order_by("code", "year")
    if query.year:
        qs = qs.filter(year=query.year)
    if query.gemeente:
        qs = qs.filter(gemeente_code=query.gemeente)
    if query.query:
        qs = qs.filter(name__icontains=query.query)
    paged = page_of(qs.values("code", "name", "level", "year", "gemeente_code"), query)
    paged["results"] = [
        dict(r, url=reverse("api:region", args=[r["year"], r["code"]])) for r in paged.pop("items")
    ]
    return JsonResponse(paged)


@api_view
def region(request, year: int, code: str):
    item = get_object_or_404(Region, year=year, code=code.upper())
    figures = Observation.objects.filter(region=item).select_related("variable", "dataset")
    values = IndicatorValue.objects.filter(region=item).select_related("dataset", "source_region")
    trends = selectors.series(item)
    return JsonResponse(
        {
            "code": item.code,
            "name": item.name,
            "level": item.level,
            "year": item.year,
            "parent_code": item.parent.code if item.parent_id else None,
            "community_work_active": item.code in selectors.active_codes(),
            "figures": [figure_json(o) for o in figures],
            "indicators": [indicator_json(v, trends.get(v.indicator, [])) for v in values],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def figure_json(obs: Observation) -> dict:
    return {
        "variable": obs.variable.key,
        "label": obs.variable.label_nl,
        "unit": obs.variable.unit,
        "value": obs.value,
        "period": obs.period,
        "period_is_approximate": obs.period_is_approximate,
        "source": {
            "dataset": obs.dataset.key,
            "title": obs.dataset.title,
            "publisher": obs.dataset.publisher,
            "table": obs.dataset.table_id,
            "licence": obs.dataset.licence,
        },
    }


def indicator_json(value: IndicatorValue, series=()) -> dict:
    figure = selectors.Figure(
        value.value,
        value.need_pct,
        value.period,
        value.period_is_approximate,
        value.dataset_id,
        None,
    )
    national = selectors.national_figure(value.indicator, figure)
    return {
        "indicator": value.indicator,
        "value": value.value,
        "period": value.period,
        "period_is_approximate": value.period_is_approximate,
        "need_percentile": value.need_pct,
        "dataset": value.dataset.key,
        "published_on_indeling": value.source_region.year if value.source_region_id else value.year,
        # The source's own figure for the Netherlands (same table and year), when it has one.
        "national": {"value": national.value, "period": national.period} if national else None,
        "change": value.change,
        "change_since": value.change_since,
        # Every year with a figure of the same variable for this area (or the same area on
        # another indeling); empty when there is one year only.
        "series": [
            {
                "period": period,
                "value": point_value,
                "period_is_approximate": approximate,
                "published_on_indeling": from_year or value.year,
            }
            for period, point_value, approximate, _dataset, from_year in series
        ],
    }


@api_view
def values(request):
    query = params.parse(request.GET)
    if query.indicator == "index":
        raise params.BadParameter("indicator", "name an indicator, see /api/indicators")
    year = query.year or selectors.edition_year(query.level)
    qs = IndicatorValue.objects.filter(indicator=query.indicator, level=query.level, year=year)
    if query.gemeente:
        qs = qs.filter(region__gemeente_code=query.gemeente)
    qs = qs.order_by("region__code").values(
        "region__code",
        "region__name",
        "value",
        "period",
        "period_is_approximate",
        "need_pct",
        "dataset__key",
        "source_region__year",
    )
    paged = page_of(qs, query)
    results = [published_on(row, year) for row in paged.pop("items")]
    paged.update(indicator=query.indicator, level=query.level, year=year, results=results)
    return JsonResponse(paged, json_dumps_params={"ensure_ascii": False})


def published_on(row: dict, year: int) -> dict:
    """Say on which indeling year a value was published (another one when carried over)."""
    row["published_on_indeling"] = row.pop("source_region__year") or year
    return row


@api_view
def index(request):
    query = params.parse(request.GET)
    result = selectors.ranking(query)
    paged = page_of(result.rows, query)
    paged.update(
        level=query.level,
        year=result.year,
        weights=result.weights,
        indicators=result.indicators,
        index_rests_on=[
            k for k in result.indicators if k in result.weights and result.weights[k] > 0
        ],
        weighted_but_not_loaded=result.unavailable,
        ranked_areas_lie_in=scope_json(result.scope),
        results=[exports.record(result, row) for row in paged.pop("items")],
    )
    return JsonResponse(paged, json_dumps_params={"ensure_ascii": False})


def scope_json(scope) -> dict | None:
    if scope is None:
        return None
    return {
        "whole_country": scope.complete,
        "gemeenten": scope.gemeenten,
        "of_gemeenten": scope.total_gemeenten,
        "provinces": list(scope.provinces) or None,
    }


@api_view
def not_found(request, rest: str = ""):
    raise Http404
