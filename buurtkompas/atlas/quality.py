"""Whether an area's index can be trusted: pure rules on the area's own figures.

Three flags, each with the figure that decides it (docs/indicators.md, "Reliability"):

- ``small``: fewer inhabitants than ``ATLAS_MIN_POPULATION`` (default 500). Shares of a few
  hundred people swing by chance from year to year; CBS rounds and suppresses small counts for
  the same reason. Left out of the ranking by default.
- ``non_residential``: mostly not a place where people live: more non-residential buildings than
  dwellings, or fewer households than half the dwellings (holiday parks, industrial estates).
  Left out of the ranking by default.
- ``students``: mostly lived in by students: at least ``ATLAS_STUDENT_SHARE_PCT`` (default 25, about
  twice the national share) of the inhabitants are aged 15 to 25, or there are more than one and a
  half households per dwelling (rooms let one by one). Indicators that count student households
  (``includes_students``) are left out for such an area; the others still count.

A flag needs its figures: an area without a population figure is not called small, and the page
says the population is unknown.
"""

from dataclasses import dataclass

SMALL = "small"
NON_RESIDENTIAL = "non_residential"
STUDENTS = "students"
EXCLUDING = (SMALL, NON_RESIDENTIAL)  # flags that leave an area out of the ranking by default

MIN_POPULATION = 500
STUDENT_SHARE_PCT = 25.0
HOUSEHOLDS_PER_DWELLING_STUDENTS = 1.5
HOUSEHOLDS_PER_DWELLING_EMPTY = 0.5


@dataclass(frozen=True)
class Rules:
    min_population: float = MIN_POPULATION
    student_share_pct: float = STUDENT_SHARE_PCT


def rules_from_settings() -> Rules:
    from django.conf import settings

    return Rules(settings.ATLAS_MIN_POPULATION, settings.ATLAS_STUDENT_SHARE_PCT)


def area_flags(figures: dict[str, float], rules: Rules = Rules()) -> frozenset[str]:
    """figures: indicator key -> value for one area."""
    flags = set()
    population = figures.get("population_count")
    households = figures.get("households_count")
    dwellings = figures.get("dwellings_count")
    non_dwellings = figures.get("non_dwellings_count")
    young = figures.get("young_adults_pct")
    if population is not None and population < rules.min_population:
        flags.add(SMALL)
    if dwellings is not None and non_dwellings is not None and non_dwellings > dwellings:
        flags.add(NON_RESIDENTIAL)
    if dwellings and households is not None:
        per_dwelling = households / dwellings
        if per_dwelling < HOUSEHOLDS_PER_DWELLING_EMPTY:
            flags.add(NON_RESIDENTIAL)
        if per_dwelling > HOUSEHOLDS_PER_DWELLING_STUDENTS:
            flags.add(STUDENTS)
    if young is not None and young >= rules.student_share_pct:
        flags.add(STUDENTS)
    return frozenset(flags)


def excluded(flags: frozenset[str]) -> list[str]:
    """The flags that keep an area out of the default ranking, in a fixed order."""
    return [flag for flag in EXCLUDING if flag in flags]
