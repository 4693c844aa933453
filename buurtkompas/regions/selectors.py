"""Reads for the region pages."""

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum

from buurtkompas.regions.models import Dataset, Level, Observation, Region


def latest_year(level: str = Level.GEMEENTE) -> int | None:
    return Region.objects.filter(level=level).aggregate(y=Max("year"))["y"]


def indeling_years(level: str = Level.GEMEENTE) -> list[int]:
    """The indeling years that have regions of this level, newest first."""
    years = Region.objects.filter(level=level).order_by("-year").values_list("year", flat=True)
    return list(years.distinct())


def region_counts() -> dict:
    """How many gemeenten, wijken and buurten are loaded per indeling year (newest first):
    {"years": [2024, ...], "levels": [("gemeente", [(2024, 342), ...]), ...]}; 0 where none."""
    counts = {
        (row["level"], row["year"]): row["n"]
        for row in Region.objects.values("year", "level").annotate(n=Count("id")).order_by()
    }
    years = sorted({year for _, year in counts}, reverse=True)
    levels = [
        (level, [(year, counts.get((level, year), 0)) for year in years]) for level in Level.values
    ]
    return {"years": years, "levels": levels}


def with_population(regions):
    """Annotate each region with its number of inhabitants (None when not published)."""
    figure = Observation.objects.filter(
        region=OuterRef("pk"), variable__key="population_count"
    ).order_by("-period", "dataset__key")
    return regions.annotate(population=Subquery(figure.values("value")[:1]))


def gemeenten(year: int, query: str = ""):
    qs = Region.objects.filter(level=Level.GEMEENTE, year=year)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return qs.order_by("name")


def region_figures(region: Region, language: str = "nl") -> list[Observation]:
    """All figures of a region, with source and year, sorted by their label in `language`
    (newest first within each variable). Figures that were not published are not stored, so
    they never appear here."""
    figures = (
        Observation.objects.filter(region=region)
        .select_related("variable", "dataset")
        .order_by("variable__label_nl", "-period", "dataset__title")
    )
    return sorted(figures, key=lambda obs: obs.variable.label(language).casefold())


def datasets_of(figures: list[Observation]) -> list[Dataset]:
    """The distinct sources of a list of figures, by title."""
    return sorted({obs.dataset for obs in figures}, key=lambda dataset: dataset.title)


def children(region: Region):
    return with_population(region.children.all()).order_by("name")


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
    total = Observation.objects.filter(
        variable__key=variable,
        region__level=Level.GEMEENTE,
        region__year=year,
        period=year,
        variable__unit="aantal",
    ).aggregate(total=Sum("value"))["total"]
    return total


def national_total_sources(variable: str, year: int):
    """The datasets behind `national_total`, each with the number of gemeenten it covers."""
    return (
        Dataset.objects.filter(
            observations__variable__key=variable,
            observations__region__level=Level.GEMEENTE,
            observations__region__year=year,
            observations__period=year,
        )
        .annotate(gemeente_count=Count("observations"))
        .order_by("title")
    )


def loaded_levels() -> list[tuple[str, list[int]]]:
    """Which levels are loaded, for which indeling years (newest first)."""
    pairs = Region.objects.order_by().values_list("level", "year").distinct()
    years: dict[str, list[int]] = {}
    for level, year in sorted(pairs, key=lambda p: -p[1]):
        years.setdefault(level, []).append(year)
    return [(level, years[level]) for level in ("gemeente", "wijk", "buurt") if level in years]
