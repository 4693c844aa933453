from django.shortcuts import render

from buurtkompas.pipeline.models import ImportRun
from buurtkompas.regions.models import Dataset, Level, Region


def home(request):
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    context = {
        "counts": counts,
        "datasets": Dataset.objects.order_by("title"),
        "last_run": ImportRun.objects.first(),
    }
    return render(request, "core/home.html", context)
