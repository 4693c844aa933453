"""Which areas the need index flags, on hand-made tables (atlas/quality.py and the ranking)."""

import pytest

from buurtkompas.atlas import quality
from buurtkompas.atlas.quality import NON_RESIDENTIAL, SMALL, STUDENTS, Rules, area_flags

RULES = Rules(min_population=500, student_share_pct=25)


@pytest.mark.parametrize(
    ("figures", "flags"),
    [
        ({"population_count": 499}, {SMALL}),
        ({"population_count": 500}, set()),
        ({}, set()),  # unknown population: not called small
        ({"dwellings_count": 100, "non_dwellings_count": 101}, {NON_RESIDENTIAL}),
        ({"dwellings_count": 100, "non_dwellings_count": 100}, set()),
        ({"dwellings_count": 100, "households_count": 49}, {NON_RESIDENTIAL}),
        ({"dwellings_count": 903, "households_count": 2635}, {STUDENTS}),  # rooms let one by one
        ({"dwellings_count": 1000, "households_count": 1000}, set()),
        ({"young_adults_pct": 25}, {STUDENTS}),
        ({"young_adults_pct": 24.9}, set()),
        ({"population_count": 90, "households_count": 55, "dwellings_count": 5}, {SMALL, STUDENTS}),
    ],
)
def test_it_flags_an_area_by_its_own_figures(figures, flags):
    assert area_flags(figures, RULES) == flags


def test_it_follows_the_settings_for_the_minimum_population(settings):
    settings.ATLAS_MIN_POPULATION = 1000
    assert area_flags({"population_count": 900}, quality.rules_from_settings()) == {SMALL}
    settings.ATLAS_MIN_POPULATION = 100
    assert area_flags({"population_count": 900}, quality.rules_from_settings()) == set()


def test_it_leaves_only_small_and_non_residential_areas_out_of_the_ranking():
    assert quality.excluded(frozenset({STUDENTS})) == []
    assert quality.excluded(frozenset({STUDENTS, SMALL, NON_RESIDENTIAL})) == [
        SMALL,
        NON_RESIDENTIAL,
    ]
