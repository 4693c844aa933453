from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from buurtkompas.core.params import search_query
from buurtkompas.regions import selectors
from buurtkompas.regions.models import Observation, Region


def gemeente_list(request):
    years = selectors.indeling_years()
    year = request.GET.get("jaar") or (str(years[0]) if years else None)
    if year is not None and year not in [str(y) for y in years]:
        raise Http404("unknown indeling year")
    year = year and int(year)
    query = search_query(request)
    context = {
        "year": year,
        "years": years,
        "query": query,
        "gemeenten": selectors.gemeenten(year, query) if year else [],
    }
    return render(request, "regions/gemeente_list.html", context)


def region_detail(request, year: int, code: str):
    region = get_object_or_404(
        Region.objects.select_related("parent__parent"), year=year, code=code.upper()
    )
    figures = SimpleLazyObject(lambda: selectors.region_figures(region, get_language()))
    context = {
        "region": region,
        "figures": figures,
        # The figures part is cached per import that wrote figures (see the template); these are
        # read only on a miss. (regions sits below pipeline: the run id is read from the figures.)
        "figures_version": Observation.objects.aggregate(v=Max("import_run_id"))["v"],
        "datasets": SimpleLazyObject(lambda: selectors.datasets_of(figures)),
        "children": SimpleLazyObject(lambda: selectors.children(region)),
        "other_years": [y for y in selectors.years_of(region.code) if y != region.year],
    }
    return render(request, "regions/region_detail.html", context)


SEARCH_LIMIT = 20


def search(request):
    query = search_query(request)
    results = selectors.search(query, limit=SEARCH_LIMIT)
    context = {"search_query": query, "results": results, "limit": SEARCH_LIMIT}
    if len(query) >= 2 and not results:
        loaded = selectors.loaded_levels()
        context["loaded"] = loaded
        with_buurten = (
            Region.objects.filter(level="buurt")
            .order_by()
            .values("gemeente_code")
            .distinct()
            .count()
        )
        # buurten of (nearly) every gemeente: the national table is loaded
        context["buurten_everywhere"] = with_buurten >= 300
    return render(request, "regions/search.html", context)
