"""Trends: where two years of the same figure exist for an area (or the same area on another
indeling), the profile, the API and the ranking show the series and the change.

The shared data has one year per figure, so this test loads a second Kerncijfers year: the real
2024 test dump relabelled as 2023 with hand-made populations (illustrative, not CBS figures)."""

import json
import shutil

import pytest
from django.http import QueryDict

from buurtkompas.atlas import params, selectors
from buurtkompas.atlas.models import IndicatorPoint, IndicatorValue
from buurtkompas.atlas.profile import line_chart
from buurtkompas.pipeline.load import run_import

POPULATION_2023 = {"GM0014": 240000, "WK001400": 24000}


@pytest.fixture
def second_year(db, fixture_path, tmp_path):
    folder = tmp_path / "kwb_2023_small"
    shutil.copytree(fixture_path("good/kwb_2024_small"), folder)
    info = json.loads((folder / "TableInfos.json").read_text())
    info[0].update(Period="2023", Identifier="85618NED", Title="Kerncijfers wijken en buurten 2023")
    (folder / "TableInfos.json").write_text(json.dumps(info))
    data = json.loads((folder / "TypedDataSet.json").read_text())
    rows = [r for r in data["value"] if r["WijkenEnBuurten"].strip() in POPULATION_2023]
    for row in rows:
        row["AantalInwoners_5"] = POPULATION_2023[row["WijkenEnBuurten"].strip()]
    data["value"] = rows
    (folder / "TypedDataSet.json").write_text(json.dumps(data))
    run_import("kwb", folder)  # joins the 2023 regions the income file created; derives after


def population(code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        region__code=code, region__year=2024, indicator="population_count"
    )


def test_it_keeps_the_series_of_the_same_area_across_indelingen(second_year):
    value = population("GM0014")
    points = IndicatorPoint.objects.filter(region=value.region, indicator="population_count")
    assert [(p.period, p.value) for p in points] == [(2023, 240000), (2024, value.value)]
    assert points[0].source_region.year == 2023 and points[1].source_region is None
    assert (value.change, value.change_since) == (value.value - 240000, 2023)


def test_it_has_no_series_where_there_is_one_year(second_year):
    one_year = population("WK001401")
    assert one_year.change is None
    assert not IndicatorPoint.objects.filter(region=one_year.region).exists()


def test_it_shows_the_series_as_a_chart_with_its_table_on_the_profile(client, second_year):
    body = client.get("/regio/2024/GM0014/").content.decode()
    assert 'class="trend-chart"' in body
    assert "<td>2023</td><td>2024</td>" in body
    assert "240.000" in body  # the Dutch figure of 2023 in the table


def test_it_returns_the_series_in_the_api(client, second_year):
    data = client.get("/api/regions/2024/GM0014").json()
    item = next(i for i in data["indicators"] if i["indicator"] == "population_count")
    assert [(p["period"], p["published_on_indeling"]) for p in item["series"]] == [
        (2023, 2023),
        (2024, 2024),
    ]
    assert item["change_since"] == 2023


def test_it_sorts_the_ranking_by_change(client, second_year):
    query = params.parse(QueryDict("level=wijk&year=2024&sort=change_population_count"))
    rows = selectors.ranking(query).rows
    assert rows[0].code == "WK001400"  # the only wijk with a change comes first
    assert rows[0].figures["population_count"].change == pytest.approx(24920 - 24000)
    response = client.get("/atlas/ranglijst/?sort=change_population_count&format=csv")
    assert response.status_code == 200
    assert "population_count__change" in response.content.decode().splitlines()[0]


def test_it_draws_a_flat_line_for_equal_values_and_nothing_for_one_point():
    assert line_chart([(2020, 5.0)]) is None
    flat = line_chart([(2020, 5.0), (2022, 5.0)])
    assert {y for _x, y in flat["dots"]} == {24.0}
    rising = line_chart([(2020, 1.0), (2021, 3.0)])
    assert rising["dots"][0][1] > rising["dots"][1][1]  # higher value, higher on the chart
