from django.http import Http404
from django.shortcuts import get_object_or_404, render

from buurtkompas.regions import selectors
from buurtkompas.regions.models import Region


def gemeente_list(request):
    year = request.GET.get("jaar") or selectors.latest_year()
    try:
        year = int(year) if year else None
    except ValueError:
        raise Http404("unknown year") from None
    query = request.GET.get("q", "").strip()
    context = {
        "year": year,
        "query": query,
        "gemeenten": selectors.gemeenten(year, query) if year else [],
    }
    return render(request, "regions/gemeente_list.html", context)


def region_detail(request, year: int, code: str):
    region = get_object_or_404(
        Region.objects.select_related("parent__parent"), year=year, code=code.upper()
    )
    context = {
        "region": region,
        "figures": selectors.region_figures(region),
        "children": selectors.children(region),
        "other_years": [y for y in selectors.years_of(region.code) if y != region.year],
    }
    return render(request, "regions/region_detail.html", context)


def search(request):
    query = request.GET.get("q", "")
    return render(
        request, "regions/search.html", {"query": query, "results": selectors.search(query)}
    )
