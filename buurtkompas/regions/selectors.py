"""Reads for the region pages."""

from django.db.models import Count, Max, Q

from buurtkompas.regions.models import Level, Observation, Region


def latest_year(level: str = Level.GEMEENTE) -> int | None:
    return Region.objects.filter(level=level).aggregate(y=Max("year"))["y"]


def gemeenten(year: int, query: str = ""):
    qs = Region.objects.filter(level=Level.GEMEENTE, year=year)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return qs.annotate(wijk_count=Count("children")).order_by("name")


def region_figures(region: Region) -> list[Observation]:
    """All figures of a region, newest first within each variable, with source and year."""
    return list(
        Observation.objects.filter(region=region)
        .select_related("variable", "dataset")
        .order_by("variable__label_nl", "-period", "dataset__title")
    )


def children(region: Region):
    return region.children.order_by("name")


def search(query: str, limit: int = 20):
    query = query.strip()
    if len(query) < 2:
        return Region.objects.none()
    return (
        Region.objects.filter(Q(name__icontains=query) | Q(code__istartswith=query))
        .select_related("parent")
        .order_by("-year", "level", "name")[:limit]
    )


def years_of(code: str) -> list[int]:
    return list(Region.objects.filter(code=code).order_by("-year").values_list("year", flat=True))


def national_total(variable: str, year: int) -> float | None:
    """Sum of a count over the gemeenten of an indeling year (the national figure CBS gives)."""
    from django.db.models import Sum

    total = Observation.objects.filter(
        variable__key=variable,
        region__level=Level.GEMEENTE,
        region__year=year,
        period=year,
        variable__unit="aantal",
    ).aggregate(total=Sum("value"))["total"]
    return total
