"""The read-only open data API under /api/: JSON answers, JSON errors, the same rows as the
ranking page, on the real shared data imported once per session (see conftest.py)."""

import pytest

from buurtkompas.atlas.indicators import INDICATORS
from buurtkompas.atlas.models import IndicatorValue
from buurtkompas.regions.models import Region
from tests.test_atlas_ranking import BAD_PARAMETERS, INCOME, LOW_INCOME, ROTTERDAM, get_csv

ENDPOINTS = [
    "/api/",
    "/api/openapi.json",
    "/api/indicators",
    "/api/regions",
    "/api/regions/2024/WK001400",
    f"/api/values?indicator={LOW_INCOME}",
    "/api/index",
]


def get_json(client, url: str, status: int = 200, **query) -> dict:
    response = client.get(url, query)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def all_index_rows(client, **query) -> list[dict]:
    rows, page = [], 1
    while True:
        data = get_json(client, "/api/index", page=page, **query)
        rows += data["results"]
        if page == data["pages"]:
            return rows
        page += 1


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "name"), BAD_PARAMETERS)
def test_it_answers_a_bad_parameter_with_a_json_400_that_names_it(client, db, query, name):
    data = get_json(client, f"/api/index?{query}", status=400)
    assert data["error"] == "bad_parameter"
    assert data["parameter"] == name
    assert data["reason"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/values", "indicator"),
        ("/api/values?indicator=no_such_indicator", "indicator"),
        (f"/api/values?indicator={LOW_INCOME}&page=999", "page"),
        ("/api/regions?level=provincie", "level"),
        ("/api/regions?gemeente=0599", "gemeente"),
        ("/api/regions?per_page=1000", "per_page"),
        (f"/api/regions?gemeente={ROTTERDAM}&page=2", "page"),
        ("/api/indicators?format=csv", "format"),
    ],
)
def test_it_answers_bad_parameters_of_the_other_endpoints_with_a_json_400(client, db, url, name):
    data = get_json(client, url, status=400)
    assert (data["error"], data["parameter"]) == ("bad_parameter", name)


def test_it_never_answers_odd_parameter_values_with_a_server_error(client, db):
    names = ["level", "year", "gemeente", "sort", "order", "page", "per_page", "indicator", "q"]
    names += ["format", f"w_{LOW_INCOME}", f"max_{LOW_INCOME}", "w_population_count"]
    odd = ["", " ", "-1", "0", "1e999", "NaN", "abc", "\x00", "GM0599", "10,5", "١", "WK"]
    for url in ("/api/index", "/api/regions", "/api/values"):
        for name in names:
            for value in odd:
                response = client.get(url, {name: value, "per_page": "5"})
                assert response.status_code in (200, 400), (url, name, value)
                assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/no/such/thing"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_anything_but_get_with_a_json_405(client, db, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_it_refuses_a_post_even_with_csrf_checks_on(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/index", {"w_x": "1"})
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize(
    "url", ["/api/regions/2024/WK009999", "/api/regions/1999/WK001400", "/api/no/such/thing"]
)
def test_it_answers_an_unknown_resource_with_a_json_404(client, db, url):
    assert get_json(client, url, status=404)["error"] == "not_found"


# --- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ENDPOINTS)
def test_it_answers_every_endpoint(client, db, url):
    response = client.get(url)
    assert response.status_code == 200


def test_it_answers_every_path_of_its_openapi_description(client, db):
    spec = get_json(client, "/api/openapi.json")
    for path in spec["paths"]:
        url = "/api" + path.replace("{year}", "2024").replace("{code}", "WK001400")
        query = {"indicator": LOW_INCOME} if path == "/values" else {}
        get_json(client, url, **query)


def test_it_accepts_every_index_parameter_its_openapi_description_lists(client, db):
    spec = get_json(client, "/api/openapi.json")
    examples = {"level": "wijk", "gemeente": ROTTERDAM, "q": "Centrum", "order": "asc"}
    examples |= {"sort": "name", "page": "1", "per_page": "5", "year": "2024"}
    for parameter in spec["paths"]["/index"]["get"]["parameters"]:
        name = parameter["name"]
        get_json(client, "/api/index", **{name: examples.get(name, "1")})


def test_it_lists_every_indicator_of_the_registry(client, db):
    data = get_json(client, "/api/indicators")
    assert [i["key"] for i in data["results"]] == [i.key for i in INDICATORS]


def test_it_gives_the_same_index_rows_as_the_csv_download(client, db):
    query = {f"w_{INCOME}": "2", "gemeente": ROTTERDAM, "per_page": "7"}
    rows = all_index_rows(client, **query)
    csv_rows = get_csv(client, "&".join(f"{k}={v}" for k, v in query.items()))
    assert [r["code"] for r in rows] == [r["code"] for r in csv_rows]
    assert [str(r["rank"] or "") for r in rows] == [r["rank"] for r in csv_rows]
    data = get_json(client, "/api/index", **query)
    assert (data["count"], data["pages"]) == (len(csv_rows), -(-len(csv_rows) // 7))
    assert data["weights"][INCOME] == 2


def test_it_ranks_the_same_wijken_as_the_ranking_page(client, db):
    rows = all_index_rows(client, year="2024", per_page="500")
    page = client.get("/atlas/ranglijst/?year=2024&format=csv").content.decode("utf-8")
    assert len(rows) == Region.objects.filter(level="wijk", year=2024).count()
    ranked = {line.split(",")[1] for line in page.splitlines()[1:] if line.split(",")[0]}
    assert {r["code"] for r in rows if r["rank"]} == ranked
    assert all(r["index_basis"] == "one indicator" for r in rows if r["rank"])


def test_it_says_what_the_index_rests_on_and_where_the_ranked_areas_lie(client, db):
    data = get_json(client, "/api/index?level=buurt&per_page=5")
    assert data["index_rests_on"] and "low_income_households_pct" in data["weighted_but_not_loaded"]
    scope = data["ranked_areas_lie_in"]
    assert scope["whole_country"] is False and scope["gemeenten"] < scope["of_gemeenten"]


def test_it_says_which_indeling_a_borrowed_figure_was_published_on(client, db):
    data = get_json(client, "/api/regions/2024/wk001400")  # codes are case-insensitive
    assert (data["code"], data["year"], data["name"]) == ("WK001400", 2024, "Centrum")
    income = next(i for i in data["indicators"] if i["indicator"] == LOW_INCOME)
    assert (income["value"], income["period"], income["published_on_indeling"]) == (
        79.6,
        2020,
        2023,
    )
    population = next(i for i in data["indicators"] if i["indicator"] == "population_count")
    assert population["published_on_indeling"] == 2024
    assert data["parent_code"] == "GM0014"


def test_it_pages_the_values_of_one_indicator(client, db):
    data = get_json(client, "/api/values", indicator=LOW_INCOME, per_page=500)
    expected = IndicatorValue.objects.filter(indicator=LOW_INCOME, level="wijk", year=2024)
    assert (data["year"], data["count"], data["pages"]) == (2024, expected.count(), 6)
    assert len(data["results"]) == 500
    codes = [r["region__code"] for r in data["results"]]
    assert codes == sorted(codes)


def test_it_filters_regions_by_gemeente(client, db):
    data = get_json(client, "/api/regions", gemeente=ROTTERDAM, year=2024, per_page=100)
    expected = Region.objects.filter(level="wijk", year=2024, gemeente_code=ROTTERDAM)
    assert sorted(r["code"] for r in data["results"]) == sorted(
        expected.values_list("code", flat=True)
    )
    assert all(r["url"] == f"/api/regions/2024/{r['code']}" for r in data["results"])
