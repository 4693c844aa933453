"""The ranking page /atlas/ranglijst/, its CSV and GeoJSON downloads and the derived values it
reads, on the real shared data imported once per session (see conftest.py)."""

import csv
import io
import json
import re
from bisect import bisect_right

import pytest
from django.http import QueryDict

from buurtkompas.atlas import crosswalk, params, quality, selectors, services
from buurtkompas.atlas.index import MIN_COVERAGE
from buurtkompas.atlas.models import IndicatorValue
from buurtkompas.pipeline.load import run_import
from buurtkompas.pipeline.sources.base import norm_name
from buurtkompas.regions.models import Region

URL = "/atlas/ranglijst/"
LOW_INCOME = "lowest40_households_pct"
INCOME = "income_per_resident_avg_keur"
ROTTERDAM = "GM0599"

# Every parameter the atlas refuses, with the parameter the answer must name. The API tests use
# the same list against /api/index.
BAD_PARAMETERS = [
    ("w_no_such_indicator=1", "w_no_such_indicator"),
    ("min_no_such_indicator=1", "min_no_such_indicator"),
    ("indicator=no_such_indicator", "indicator"),
    (f"w_{LOW_INCOME}=-1", f"w_{LOW_INCOME}"),
    (f"w_{LOW_INCOME}=10.5", f"w_{LOW_INCOME}"),
    (f"w_{LOW_INCOME}=11", f"w_{LOW_INCOME}"),
    ("w_population_count=1", "w_population_count"),
    ("w_electricity_use_avg_kwh=0", "w_electricity_use_avg_kwh"),
    (f"w_{LOW_INCOME}=veel", f"w_{LOW_INCOME}"),
    (f"w_{LOW_INCOME}=nan", f"w_{LOW_INCOME}"),
    (f"w_{LOW_INCOME}=inf", f"w_{LOW_INCOME}"),
    (f"min_{LOW_INCOME}=zestig", f"min_{LOW_INCOME}"),
    (f"max_{LOW_INCOME}=1e999", f"max_{LOW_INCOME}"),
    ("page=0", "page"),
    ("page=-3", "page"),
    ("page=twee", "page"),
    ("page=1.5", "page"),
    ("page=9999", "page"),
    (f"gemeente={ROTTERDAM}&page=2", "page"),
    ("per_page=0", "per_page"),
    ("per_page=501", "per_page"),
    ("level=provincie", "level"),
    ("gemeente=Rotterdam", "gemeente"),
    ("gemeente=GM599", "gemeente"),
    ("gemeente=WK059901", "gemeente"),
    ("sort=rank", "sort"),
    ("sort=no_such_indicator", "sort"),
    ("order=up", "order"),
    ("year=twintig", "year"),
    ("year=1800", "year"),
    ("format=xlsx", "format"),
]


def get_csv(client, query: str) -> list[dict]:
    response = client.get(f"{URL}?{query}&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def table_codes(response) -> list[str]:
    """The region codes of the HTML table's rows, in order."""
    body = response.content.decode("utf-8")
    tbody = body[body.index("<tbody>") : body.index("</tbody>")]
    links = re.findall(r'href="/regio/\d{4}/((?:WK|BU|GM)[0-9A-Z]+)/"', tbody)
    return list(dict.fromkeys(links))


def all_table_codes(client, query: str) -> list[str]:
    codes, page = [], 1
    while True:
        response = client.get(f"{URL}?{query}&page={page}")
        assert response.status_code == 200
        codes += table_codes(response)
        if 'rel="next"' not in response.content.decode("utf-8"):
            return codes
        page += 1


def ranking(query: str = ""):
    return selectors.ranking(params.parse(QueryDict(query)))


def wijk_values(indicator: str, year: int = 2024):
    return IndicatorValue.objects.filter(indicator=indicator, level="wijk", year=year)


# --- bad parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "name"), BAD_PARAMETERS)
def test_it_answers_a_bad_parameter_with_a_400_page_that_names_it(client, db, query, name):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode("utf-8")
    assert 'role="alert"' in body
    assert name in body


def test_it_never_answers_odd_parameter_values_with_a_server_error(client, db):
    names = ["level", "year", "gemeente", "sort", "order", "page", "per_page", "indicator"]
    names += ["q", "format", f"w_{LOW_INCOME}", f"min_{LOW_INCOME}", "w_population_count"]
    odd = ["", " ", "-1", "0", "1e999", "NaN", "abc", "\x00", "GM0599", "10,5", "١", "WK"]
    for name in names:
        for value in odd:
            response = client.get(URL, {name: value, "per_page": "5"})
            assert response.status_code in (200, 400), (name, value)


def test_it_ignores_empty_threshold_fields_as_the_form_sends_them(client, db):
    empty = "&".join(f"{b}_{k}=" for k in (LOW_INCOME, INCOME) for b in ("min", "max"))
    assert [r["code"] for r in get_csv(client, empty)] == [r["code"] for r in get_csv(client, "")]


def test_it_keeps_the_default_weight_for_an_emptied_weight_field(client, db):
    rows = get_csv(client, f"w_{LOW_INCOME}=")
    assert [r["code"] for r in rows] == [r["code"] for r in get_csv(client, "")]


# --- what is ranked ---------------------------------------------------------------------------


def flags_of_wijken(year: int = 2024) -> dict[str, frozenset]:
    """Each wijk's reliability flags, from its own stored figures (rules: atlas/quality.py)."""
    figures: dict[str, dict] = {}
    values = IndicatorValue.objects.filter(level="wijk", year=year)
    for code, key, value in values.values_list("region__code", "indicator", "value"):
        figures.setdefault(code, {})[key] = value
    return {code: quality.area_flags(f) for code, f in figures.items()}


def test_it_ranks_every_2024_wijk_with_a_low_income_figure_that_is_not_flagged(client, db):
    rows = get_csv(client, "level=wijk&year=2024")
    assert len(rows) == Region.objects.filter(level="wijk", year=2024).count() == 3474
    with_figure = set(wijk_values(LOW_INCOME).values_list("region__code", flat=True))
    assert len(with_figure) == 2977
    flags = flags_of_wijken()
    # The lowest-40% share counts students: wijken mostly lived in by students leave it out, and
    # it is the only weighted indicator for wijken here, so they get no index.
    expected = {code for code in with_figure if not flags[code]}
    assert {r["code"] for r in rows if r["rank"]} == expected
    assert len(expected) == 2752
    for row in rows:
        if not row["rank"] and row["code"] not in with_figure:
            assert (row["need_index"], row["coverage_pct"], row[LOW_INCOME]) == ("", "0", "")
        if row["rank"]:
            assert row["index_basis"] == "one indicator"
            assert row["indicators_used"] == LOW_INCOME
            assert row["coverage_pct"] == str(round(100 / 18))  # 1 of the 18 default weights
    small = next(r for r in rows if r["code"] == "WK074311")  # Ommel recreatie, 90 inhabitants
    assert (small["rank"], small["not_ranked_because"]) == ("", "small")


def test_it_keeps_student_areas_and_small_areas_out_of_the_top_30_wijken(db):
    """The regression the issue names: Wageningen Universiteit was first, four of the top 30 had
    fewer than 500 inhabitants."""
    top = [row for row in ranking("level=wijk&year=2024").rows if row.score.rank][:30]
    assert len(top) == 30
    for row in top:
        assert not row.score.flags, (row.code, row.name, row.score.flags)
        assert row.figures["population_count"].value >= 500
    assert "WK028902" not in {row.code for row in top}  # Wageningen Universiteit


def test_it_ranks_small_areas_too_when_asked(client, db):
    rows = {r["code"]: r for r in get_csv(client, "include_flagged=1")}
    heyhoef = rows["WK085550"]  # Tilburg, 320 inhabitants
    assert heyhoef["rank"] and not heyhoef["not_ranked_because"]
    assert heyhoef["flags"] == "small"
    assert rows["WK028902"]["rank"] == ""  # students: still without its only figure


def test_it_gives_each_ranked_wijk_one_plus_the_number_with_a_higher_index(db):
    scores = [row.score for row in ranking("level=wijk&year=2024").rows if row.score.eligible]
    ordered = sorted(s.score for s in scores)
    for score in scores:
        assert score.rank == 1 + len(ordered) - bisect_right(ordered, score.score)
    assert min(s.rank for s in scores) == 1


def test_it_takes_the_newest_indeling_with_maps_as_the_default_year(client, db):
    assert get_csv(client, "") == get_csv(client, "level=wijk&year=2024")


def test_it_never_counts_a_missing_figure_as_zero_in_the_percentiles(db):
    percentiles = sorted(wijk_values(LOW_INCOME).values_list("need_pct", flat=True))
    assert (percentiles[0], percentiles[-1]) == (0, 100)  # 539 wijken without are not below
    lowest = wijk_values(LOW_INCOME).order_by("value").first()
    assert lowest.need_pct == 0 and lowest.value > 0


def test_it_does_not_change_other_scores_when_a_wijk_without_figures_is_added(db):
    before = {r.code: (r.score.score, r.score.rank) for r in ranking().rows}
    Region.objects.create(
        code="WK0599ZZ", year=2024, level="wijk", name="Proefwijk", gemeente_code=ROTTERDAM
    )
    services.indicator_values_recompute()
    after = {r.code: r.score for r in ranking().rows}
    assert {code: (s.score, s.rank) for code, s in after.items() if code != "WK0599ZZ"} == before
    assert (after["WK0599ZZ"].score, after["WK0599ZZ"].rank) == (None, None)
    assert after["WK0599ZZ"].coverage == 0


def test_it_lowers_the_coverage_of_areas_missing_a_weighted_indicator(db):
    result = ranking("level=buurt")
    every = sum(w for w in result.weights.values() if w > 0)
    weights = {k: w for k, w in result.weights.items() if w > 0 and k in result.indicators}
    for row in result.rows:
        have = sum(
            w for k, w in weights.items() if k in row.figures and k not in row.score.left_out
        )
        if row.score.excluded:
            assert row.score.rank is None and not row.score.eligible
            continue
        assert row.score.coverage == pytest.approx(have / every)
        assert row.score.level_coverage == pytest.approx(have / sum(weights.values()))
        assert row.score.eligible == (row.score.level_coverage >= MIN_COVERAGE), row.code
        assert (row.score.rank is None) == (not row.score.eligible)
    coverages = {round(row.score.level_coverage, 3) for row in result.rows}
    assert min(coverages) < MIN_COVERAGE <= max(coverages)


# --- downloads equal the table ----------------------------------------------------------------


def test_it_downloads_the_same_rows_in_the_same_order_as_the_table_of_a_gemeente(client, db):
    query = f"gemeente={ROTTERDAM}&per_page=100"
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    codes = table_codes(response)
    assert (
        len(codes)
        == Region.objects.filter(level="wijk", year=2024, gemeente_code=ROTTERDAM).count()
    )
    assert [r["code"] for r in get_csv(client, query)] == codes
    assert all(code.startswith("WK0599") for code in codes)


def test_it_downloads_all_rows_of_all_pages_of_the_table(client, db):
    query = "per_page=500"
    codes = all_table_codes(client, query)
    assert len(codes) == 3474
    assert [r["code"] for r in get_csv(client, query)] == codes
    assert [r["code"] for r in get_csv(client, f"{query}&page=3")] == codes  # pages do not cut


def test_it_downloads_the_same_rows_of_a_weighted_sorted_view_as_the_table(client, db):
    query = f"w_{LOW_INCOME}=0&w_{INCOME}=2&sort=name&order=asc&per_page=500&q=oost"
    codes = all_table_codes(client, query)
    assert codes and [r["code"] for r in get_csv(client, query)] == codes


def test_it_gives_the_geojson_the_same_codes_with_their_geometries(client, db):
    query = f"gemeente={ROTTERDAM}"
    response = client.get(f"{URL}?{query}&format=geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="buurtkompas-wijk-2024.geojson"' in response["Content-Disposition"]
    data = json.loads(response.content)
    rows = get_csv(client, query)
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in data["features"]] == [r["code"] for r in rows]
    for feature, row in zip(data["features"], rows, strict=True):
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["geometry"]["coordinates"]
        assert str(feature["properties"]["rank"] or "") == row["rank"]
    assert data["metadata"]["units"][LOW_INCOME] == "%"


def test_it_gives_every_national_geojson_feature_a_geometry(client, db):
    data = json.loads(client.get(f"{URL}?format=geojson").content)
    assert len(data["features"]) == 3474
    assert all(f["geometry"] for f in data["features"])


# --- weights, thresholds, sorting -------------------------------------------------------------


def test_it_orders_by_the_value_of_the_only_weighted_indicator(client, db):
    rows = get_csv(client, f"w_{LOW_INCOME}=0&w_{INCOME}=1&include_flagged=1")
    flags = flags_of_wijken()
    income = dict(wijk_values(INCOME).values_list("region__code", "value"))
    # Average income counts students: student areas leave it out.
    expected = {code for code in income if quality.STUDENTS not in flags[code]}
    ranked = [r for r in rows if r["rank"]]
    assert {r["code"] for r in ranked} == expected
    assert [income[r["code"]] for r in ranked] == sorted(income[c] for c in expected)
    assert all(r["index_basis"] == "one indicator" for r in ranked)


def test_it_changes_the_order_when_the_weights_change(client, db):
    default = [r["code"] for r in get_csv(client, "") if r["rank"]]
    by_income = [r["code"] for r in get_csv(client, f"w_{LOW_INCOME}=0&w_{INCOME}=1") if r["rank"]]
    assert default != by_income


def test_it_keeps_the_order_when_all_weights_are_scaled_together(client, db):
    doubled = "&".join(f"w_{k}={2 * w:g}" for k, w in params.default_weights().items())
    assert [r["code"] for r in get_csv(client, doubled)] == [r["code"] for r in get_csv(client, "")]


def test_it_keeps_only_the_areas_within_the_thresholds(client, db):
    rows = get_csv(client, f"min_{LOW_INCOME}=60&max_{LOW_INCOME}=70")
    expected = wijk_values(LOW_INCOME).filter(value__gte=60, value__lte=70)
    assert {r["code"] for r in rows} == set(expected.values_list("region__code", flat=True))
    assert rows and all(60 <= float(r[LOW_INCOME]) <= 70 for r in rows)
    national = {r["code"]: r["rank"] for r in get_csv(client, "")}
    assert all(r["rank"] == national[r["code"]] for r in rows)  # ranks stay national


def test_it_drops_areas_without_the_figure_when_a_threshold_is_set(client, db):
    rows = get_csv(client, f"min_{LOW_INCOME}=0")
    assert len(rows) == wijk_values(LOW_INCOME).count()


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_it_puts_missing_values_last_when_sorting_by_an_indicator(client, db, order):
    rows = get_csv(client, f"sort={LOW_INCOME}&order={order}")
    values = [float(r[LOW_INCOME]) if r[LOW_INCOME] else None for r in rows]
    present = [v for v in values if v is not None]
    assert len(present) == wijk_values(LOW_INCOME).count()
    assert values[: len(present)] == sorted(present, reverse=order == "desc")
    assert all(v is None for v in values[len(present) :])


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_it_puts_unranked_areas_last_whatever_the_index_order(client, db, order):
    ranks = [int(r["rank"]) if r["rank"] else None for r in get_csv(client, f"order={order}")]
    ranked = [r for r in ranks if r is not None]
    assert ranks[: len(ranked)] == sorted(ranked, reverse=order == "asc")
    assert all(r is None for r in ranks[len(ranked) :])


# --- derived values ---------------------------------------------------------------------------


def test_it_recomputes_the_derived_values_when_the_data_changes(
    db, fixture_path, tmp_path, settings
):
    settings.ATLAS_STUDENT_SHARE_PCT = 100  # Groningen's centre is a student area: rank it here
    changed = tmp_path / "income_2020_small.csv"
    original = fixture_path("good/income_2020_small.csv").read_bytes()
    assert b";WK001400;Centrum;22,5;79,6;" in original
    changed.write_bytes(
        original.replace(b";WK001400;Centrum;22,5;79,6;", b";WK001400;Centrum;22,5;12,3;")
    )
    centrum = IndicatorValue.objects.filter(region__code="WK001400", indicator=LOW_INCOME)
    before = {v.year: (v.value, v.need_pct) for v in centrum.all()}
    rank_before = next(r.score.rank for r in ranking().rows if r.code == "WK001400")
    assert before[2023][0] == before[2024][0] == 79.6

    run_import("income", changed)

    after = {v.year: (v.value, v.need_pct) for v in centrum.all()}
    assert after[2023][0] == after[2024][0] == 12.3
    assert after[2024][1] < before[2024][1]
    rank_after = next(r.score.rank for r in ranking().rows if r.code == "WK001400")
    assert rank_after > rank_before


def test_it_takes_2024_wijk_income_from_the_same_wijk_on_indeling_2023(db):
    values = wijk_values(LOW_INCOME).select_related("region", "source_region")
    # 2935 with equal names, 42 more after the crosswalk's normalisation (prefix, 40 characters)
    assert values.count() == 2977
    for value in values:
        assert value.source_region.year == 2023
        assert value.source_region.code == value.region.code
        assert crosswalk.match(value.source_region.name, value.region.name).same
        assert value.period == 2020
    centrum = values.get(region__code="WK001400")
    assert (centrum.value, centrum.source_region.year) == (79.6, 2023)


def test_it_takes_no_income_from_2023_when_the_wijk_was_renamed(db):
    with_figure = set(wijk_values(LOW_INCOME, 2023).values_list("region__code", "region__name"))
    names_2023 = {code: name for code, name in with_figure}
    names_2023_plain = {code: norm_name(name) for code, name in with_figure}
    taken = set(wijk_values(LOW_INCOME).values_list("region__code", flat=True))
    for code, name in Region.objects.filter(level="wijk", year=2024).values_list("code", "name"):
        same = code in names_2023 and crosswalk.match(names_2023[code], name).same
        assert (code in taken) == same, code
    names_2023 = names_2023_plain
    # Doetinchem renamed "Wijk 02" (2023) to "Overstegen" (2024): same code, no borrowed figure.
    assert names_2023["WK022202"] == "wijk 02" and "WK022202" not in taken


def test_it_keeps_own_figures_unmarked(db):
    own = IndicatorValue.objects.filter(level="wijk", year=2023, indicator=LOW_INCOME)
    assert own.count() == 3022
    assert not own.filter(source_region__isnull=False).exists()


def test_it_says_which_part_of_the_country_a_partial_ranking_covers(client, db):
    body = client.get(f"{URL}?level=buurt").content.decode()
    assert "in 44 van de 342 gemeenten" in body
    assert "Leeuwarden, Leusden" in body  # the list of the gemeenten the buurten lie in
    assert "heel Nederland" not in body and "alle gemeenten." not in body
    whole = client.get(f"{URL}?level=gemeente").content.decode()
    assert "in Nederland, alle gemeenten." in whole


def test_it_shows_the_published_national_figure_beside_an_area_and_labels_a_median(client, db):
    body = client.get("/regio/2024/WK047912/").content.decode()  # Poelenburg, Zaanstad
    assert "40,0\u00a0%" in body  # the income table's own Nederland row, not a median of wijken
    assert "niet gepubliceerd; mediaan van" in body  # e.g. the share aged 15-25: no NL row
    assert "heel Nederland" not in body
