"""The home page: the national figures, the sources, and the way into the atlas."""

from django.shortcuts import render

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
    }
    return render(request, "atlas/home.html", context)
