"""The import of the real shared data gives the counts the issue names (CBS / PDOK files)."""

from django.db.models import Sum

from buurtkompas.pipeline.models import ImportRun
from buurtkompas.regions.models import Observation, Region
from buurtkompas.regions.selectors import national_total


def figures(variable: str, level: str, year: int, period: int | None = None):
    qs = Observation.objects.filter(variable__key=variable, region__level=level, region__year=year)
    return qs.filter(period=period) if period else qs


def test_it_loads_342_gemeenten_and_the_wijk_boundaries_of_2024(db):
    assert Region.objects.filter(level="gemeente", year=2024, geometry__isnull=False).count() == 342
    # 3,475 wijk features are read; WK099899 "Buitenland" is reported and skipped, not a wijk.
    assert Region.objects.filter(level="wijk", year=2024, geometry__isnull=False).count() == 3474
    run = ImportRun.objects.get(source="boundaries", raw_file__original_name="wijken_2024.geojson")
    assert run.rows_read == 3475
    assert run.summary["skipped"] == [
        ["feature 1 (WK099899)", "Buitenland (code 0998) is not a Dutch gemeente"]
    ]


def test_it_links_every_2024_wijk_to_its_gemeente(db):
    orphans = Region.objects.filter(level="wijk", year=2024, parent__isnull=True)
    assert list(orphans.values_list("code", flat=True)) == []


def test_it_loads_population_and_dwellings_2024_for_all_gemeenten_and_3393_wijken(db):
    for variable in ("population_count", "dwellings_count"):
        assert (
            figures(variable, "gemeente", 2024, 2024).filter(dataset__table_id="85984NED").count()
            == 342
        )
    assert (
        figures("population_count", "wijk", 2024, 2024).filter(dataset__table_id="85984NED").count()
        == 3393
    )
    # Three wijken have no published dwelling stock: missing, not zero.
    assert (
        figures("dwellings_count", "wijk", 2024, 2024).filter(dataset__table_id="85984NED").count()
        == 3390
    )


def test_it_gives_a_national_population_equal_to_the_sum_over_gemeenten(db):
    cbs = figures("population_count", "gemeente", 2024, 2024).filter(dataset__table_id="85984NED")
    assert cbs.aggregate(total=Sum("value"))["total"] == 17_942_942  # CBS: 1 January 2024
    assert national_total("population_count", 2024) == 17_942_942


def test_it_loads_income_2020_for_3352_wijken_on_indeling_2023(db):
    wijken = Region.objects.filter(level="wijk", year=2023)
    assert wijken.count() == 3352
    income = wijken.filter(observations__dataset__key="cbs-inkomen-gemeente-wijk-2020")
    # CBS suppresses every income value of 168 small wijken; they stay without figures.
    assert income.distinct().count() == 3184
    groningen_centrum = Observation.objects.get(
        region__code="WK001400", region__year=2023, variable__key="income_per_resident_avg_keur"
    )
    assert (groningen_centrum.value, groningen_centrum.period) == (22.5, 2020)


def test_it_keeps_suppressed_income_values_missing_not_zero(db):
    region = Region.objects.get(code="WK199233", year=2023)  # Recreatiestrook Brielse Maas: '.'
    assert region.name == "Recreatiestrook Brielse Maas"
    assert not region.observations.exists()
    run = ImportRun.objects.get(source="income")
    assert ["row 3708 (WK199233)", "no figures: all values suppressed by CBS"] in run.summary[
        "skipped"
    ]


def test_it_loads_energy_poverty_for_the_890_friesland_buurten(db):
    shares = figures("energy_poverty_households_pct", "buurt", 2020)
    assert shares.count() == 890
    assert shares.filter(period_is_approximate=True).count() == 890
    buitenpost = shares.get(region__code="BU00590000")
    assert round(buitenpost.value, 3) == 11.6
    # The name-only GeoJSON matched every buurt and brought its polygon.
    assert (
        Region.objects.filter(
            code__in=shares.values("region__code"), year=2020, geometry__isnull=False
        ).count()
        == 890
    )


def test_it_loads_the_969_utrecht_buurten_with_their_kerncijfers(db):
    utrecht = Observation.objects.filter(
        dataset__key="kwb-extract-utrecht", variable__key="population_count"
    )
    assert utrecht.count() == 969
    hof = utrecht.get(region__code="BU03070100")
    assert (hof.value, hof.region.name) == (710.0, "Hof")
