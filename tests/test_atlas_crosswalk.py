"""The crosswalk between indelingen (atlas/crosswalk.py) and what it does on the shared data."""

import io

import pytest
from django.core.management import call_command

from buurtkompas.atlas.crosswalk import match
from buurtkompas.atlas.models import Derivation, IndicatorValue


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("Centrum", "centrum", "equal"),
        ("Wijk 11 Zaandam Zuid", "Zaandam Zuid", "prefix"),
        ("Buurt 03a Oud-West", "Oud-West", "prefix"),
        ("Hengelo", "Hengelo (O.)", "province"),
        ("Bergen (NH.)", "Bergen", "province"),
        ("Rijswijk (ZH.)", "Rijswijk", "province"),
        (
            "Wijk 06 Van Stolkpark en Scheveningse Bo",
            "Wijk 06 Van Stolkpark en Scheveningse Bosjes",
            "truncated",
        ),
        (
            "Appel, Driedorp, Kruishaar, Prinsenkamp ",
            "Appel, Driedorp, Kruishaar, Prinsenkamp en Slichtenhorst",
            "truncated",
        ),
    ],
)
def test_it_joins_names_that_differ_only_by_prefix_suffix_or_truncation(a, b, how):
    assert match(a, b).same and match(a, b).how == how
    assert match(b, a).same  # symmetric


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wijk 02", "Overstegen"),  # a numbered wijk that got a name: may be redrawn
        ("Wijk 01 Doetinchem Centrum", "Centrum"),
        ("Wijk 62 Industrie- en verspr. gebieden", "Wijk 62 Industrie- en verspreide gebieden"),
        ("Bunders", "Bunders / Levenskerk"),  # short names are never treated as cut off
        ("Buitengebied (Zuid)", "Buitengebied"),  # "(Zuid)" is not a province
        ("", "Centrum"),
    ],
)
def test_it_refuses_names_that_differ_otherwise(a, b):
    assert not match(a, b).same


def test_it_gives_zaandam_oost_its_2020_income_figure_on_the_2024_indeling(db):
    """Poelenburg and Pelders- en Hoornseveld form Zaandam Oost, one of the 20 focus areas of the
    Nationaal Programma Leefbaarheid en Veiligheid; 2023 prints them as "Wijk 12 Poelenburg"."""
    for code in ("WK047912", "WK047913"):
        value = IndicatorValue.objects.get(
            region__code=code, region__year=2024, indicator="lowest40_households_pct"
        )
        assert (value.period, value.source_region.year) == (2020, 2023)
        assert value.source_region.name.startswith("Wijk ")


def test_it_reports_every_pair_it_joins_and_refuses(db):
    report = Derivation.objects.order_by("-id").first().crosswalk
    joined = {(row[0], row[5]) for row in report["joined"]}
    refused = {row[0] for row in report["refused"]}
    assert ("WK047912", "prefix") in joined
    assert ("GM0164", "province") in joined  # Hengelo (O.)
    assert "WK022202" in refused
    assert not IndicatorValue.objects.filter(
        region__code="WK022202", region__year=2024, source_region__isnull=False
    ).exists()
    out = io.StringIO()
    call_command("crosswalk", stdout=out)
    text = out.getvalue()
    assert f"joined: {len(report['joined'])}" in text
    assert f"refused: {len(report['refused'])}" in text
    assert "'Wijk 02'  ~  2024 'Overstegen'  (names differ)" in text
