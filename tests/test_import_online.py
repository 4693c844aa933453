"""`buurtkompas import all --online --year YEAR` against real HTTP servers on 127.0.0.1.

CBS OData v3 is served by `FakeCbs` from tests/test_cbs_odata.py (its paging: `$top`/`$skip`,
`odata.nextLink`, HTTP 500 with an OData error body, 404). PDOK's OGC API Features is served
below in GoKoala's shape (PDOK/gokoala testdata: `links` with rel self/next, `cursor` paging,
`numberReturned`, no `numberMatched`; errors as RFC 7807 problems). The answers are slices of
real files: see tests/fixtures/online/README.md. Nothing here touches the real network.
"""

import io
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtkompas.pipeline import downloads
from buurtkompas.pipeline.models import ImportRun
from buurtkompas.pipeline.sources import cbs_odata, pdok_features, provinces
from buurtkompas.pipeline.sources.base import InputError
from buurtkompas.regions.models import GemeenteProvince, Observation, Region
from tests.test_cbs_odata import TABLE, FakeCbs, collections_of_85984ned, database_state

GEBIEDEN = "85755NED"
PDOK_PREFIX = "/cbs/wijken-en-buurten-{year}/ogc/v1"


class FakePdok(ThreadingHTTPServer):
    """Serves {collection: features} as PDOK's OGC API Features (GoKoala) and records URLs.

    At most `max_limit` features per page whatever `limit` asks (GoKoala caps it too); the
    cursor is the offset. `fail` maps a text in the URL to an HTTP status. `files` serves plain
    files under /files/.
    """

    daemon_threads = True

    def __init__(self, collections, *, max_limit=1000, fail=None, files=None):
        super().__init__(("127.0.0.1", 0), PdokHandler)
        self.collections, self.max_limit = collections, max_limit
        self.fail, self.files = fail or {}, files or {}
        self.requested: list[str] = []

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def requests_for(self, collection: str) -> list[str]:
        return [url for url in self.requested if f"/collections/{collection}/" in url]


class PdokHandler(BaseHTTPRequestHandler):
    server: FakePdok

    def do_GET(self):
        self.server.requested.append(urllib.parse.unquote(self.path))
        parts = urllib.parse.urlsplit(self.path)
        if parts.path.startswith("/files/") and parts.path[7:] in self.server.files:
            return self.reply(200, self.server.files[parts.path[7:]], "text/csv")
        failure = next((c for text, c in self.server.fail.items() if text in self.path), None)
        if failure:
            return self.problem(failure, "Internal Server Error", "query failed")
        collection = parts.path.rsplit("/collections/", 1)[-1].removesuffix("/items")
        features = self.server.collections.get(collection)
        if features is None:
            return self.problem(404, "Not Found", f"collection '{collection}' does not exist")
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
        self.page(parts.path, features, query)

    def page(self, path, features, query):
        start = int(query.get("cursor", 0))
        limit = min(int(query.get("limit", 10)), self.server.max_limit)
        chosen = features[start : start + limit]

        def link(rel, title, offset):
            params = {**query, "cursor": str(offset), "f": "json", "limit": str(limit)}
            href = f"{self.server.root}{path}?{urllib.parse.urlencode(params)}"
            return {"rel": rel, "title": title, "type": "application/geo+json", "href": href}

        links = [link("self", "This document as GeoJSON", start)]
        if start + limit < len(features):
            links.append(link("next", "Next page", start + limit))
        body = {
            "links": links,
            "numberReturned": len(chosen),
            "timeStamp": "2025-01-01T00:00:00Z",
            "type": "FeatureCollection",
            "features": chosen,
        }
        self.reply(200, json.dumps(body).encode(), "application/geo+json")

    def problem(self, status, title, detail):
        body = {
            "detail": detail,
            "status": status,
            "timestamp": "2025-01-01T00:00:00Z",
            "title": title,
        }
        self.reply(status, json.dumps(body).encode(), "application/problem+json")

    def reply(self, status, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def fixture_json(fixture_path, *parts):
    return json.loads(fixture_path("online").joinpath(*parts).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_proxy_and_own_downloads(monkeypatch, settings, tmp_path):
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    settings.DOWNLOAD_DIR = tmp_path / "downloads"
    settings.ENERGY_POVERTY_URL = ""


@pytest.fixture
def services(settings, data_dir, fixture_path):
    """Start the CBS and PDOK servers (options per server) and point the settings at them."""
    started = []

    def start(cbs=None, pdok=None):
        gebieden = {
            name: fixture_json(fixture_path, f"gebieden-{GEBIEDEN}", f"{name}.json")["value"]
            for name in ("TableInfos", "DataProperties", "TypedDataSet")
        }
        tables = {TABLE: collections_of_85984ned(data_dir, fixture_path), GEBIEDEN: gebieden}
        odata = FakeCbs(tables, **(cbs or {}))
        collections = {
            name: fixture_json(fixture_path, "pdok-wijken-en-buurten-2024", f"{name}.json")[
                "features"
            ]
            for name in ("gemeenten", "wijken", "buurten")
        }
        csv = fixture_path("online").joinpath("energiearmoede-schiermonnikoog.csv").read_bytes()
        files = {"energiearmoede-schiermonnikoog.csv": csv}
        ogc = FakePdok(collections, files=files, **(pdok or {}))
        for server in (odata, ogc):
            threading.Thread(target=server.serve_forever, daemon=True).start()
            started.append(server)
        settings.CBS_ODATA_URL = odata.base
        settings.PDOK_OGC_URL = ogc.root + PDOK_PREFIX
        return odata, ogc

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def import_all_online(year="2024") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "all", "--online", "--year", year, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_a_tiny_national_set_with_one_command(services, db):
    services()
    report, progress = import_all_online()

    assert list(
        GemeenteProvince.objects.filter(year=2024)
        .order_by("gemeente_code")
        .values_list("gemeente_code", "province_code", "province_name")
    ) == [
        ("GM0014", "PV20", "Groningen"),
        ("GM0088", "PV21", "Fryslân"),
        ("GM0307", "PV26", "Utrecht"),
    ]
    buurt = Region.objects.get(code="BU00880000", year=2024)
    assert (buurt.level, buurt.name, buurt.parent.code) == ("buurt", "Schiermonnikoog", "WK008800")
    assert buurt.geometry["type"] in ("Polygon", "MultiPolygon")
    assert Region.objects.get(code="WK008800", year=2024).parent.code == "GM0088"
    named = Region.objects.get(code="BU00140001", year=2024)  # from the KWB names dimension
    assert named.name == "Binnenstad-Zuid"
    population = Observation.objects.get(
        region__code="WK001413",
        region__year=2024,
        variable__key="population_count",
        dataset__table_id=TABLE,
    )
    assert population.value == 1075.0
    for step in ("provinces", "boundaries gemeenten", "boundaries wijken", "boundaries buurten"):
        assert f"  {step}" in report
    assert "3 gemeenten with their province" in report
    assert "energy poverty         skipped: ENERGY_POVERTY_URL is not set" in report
    assert "derived indicators recomputed" in report
    assert "PDOK gemeenten 2024: 3 rows, 1 pages" in progress
    assert f"{TABLE} TypedDataSet: 10 rows, 1 pages" in progress


def test_it_does_nothing_on_a_rerun_and_downloads_nothing_again(services, db):
    odata, ogc = services()
    import_all_online()
    asked = len(odata.requested) + len(ogc.requested)
    before = database_state()

    report, _ = import_all_online()

    assert len(odata.requested) + len(ogc.requested) == asked  # every page came from the folder
    assert report.count("already loaded") == 5
    assert "derived indicators recomputed" not in report
    assert database_state() == before


def test_it_resumes_after_an_interrupted_run(services, db):
    odata, ogc = services(pdok={"fail": {"/collections/buurten/": 500}, "max_limit": 2})
    with pytest.raises(CommandError) as error:
        import_all_online()
    message = str(error.value)
    assert "import failed at step 4, which changed nothing" in message
    assert "loaded before it: provinces, boundaries gemeenten, boundaries wijken" in message
    assert "PDOK answered HTTP 500 Internal Server Error: query failed" in message
    assert GemeenteProvince.objects.filter(year=2024).count() == 3
    assert not Region.objects.filter(code="BU00880000", year=2024).exists()
    gemeente_pages = len(ogc.requests_for("gemeenten"))
    assert gemeente_pages == 2  # three features, at most two per page
    ogc.fail.clear()

    report, _ = import_all_online()

    assert len(ogc.requests_for("gemeenten")) == gemeente_pages  # not fetched again
    assert len(odata.requests_for("DataProperties")) == 2  # Gebieden and KWB, once each
    assert Region.objects.filter(code="BU00880000", year=2024).exists()
    assert report.count("already loaded") == 3


def test_it_follows_pdok_next_links(services, tmp_path):
    _, ogc = services(pdok={"max_limit": 2})
    store = downloads.PageStore(tmp_path / "pages")
    base = ogc.root + PDOK_PREFIX.format(year=2024)
    path, water = pdok_features.download_collection(
        base, "wijken", tmp_path / "wijken_2024.geojson", year=2024, store=store, limit=2
    )

    assert [urllib.parse.urlsplit(u).query for u in ogc.requests_for("wijken")] == [
        "f=json&limit=2",
        "f=json&limit=2&cursor=2",
        "f=json&limit=2&cursor=4",
    ]
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["metadata"] == {"year": 2024}
    assert len(written["features"]) == 5 and water == 0
    assert store.fetched == 3


def test_it_leaves_out_the_water_parts_of_gemeenten(services, tmp_path, fixture_path):
    _, ogc = services()
    land = ogc.collections["gemeenten"][0]
    ogc.collections["gemeenten"].append(
        {**land, "properties": {**land["properties"], "water": "JA"}}
    )
    store = downloads.PageStore(tmp_path / "pages")
    base = ogc.root + PDOK_PREFIX.format(year=2024)
    path, water = pdok_features.download_collection(
        base, "gemeenten", tmp_path / "g.geojson", year=2024, store=store
    )
    assert water == 1
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == 3


def test_it_reports_a_pdok_problem_answer(services, tmp_path):
    _, ogc = services()
    store = downloads.PageStore(tmp_path / "pages")
    with pytest.raises(InputError, match="PDOK answered HTTP 404 Not Found: collection 'x'"):
        pdok_features.download_collection(
            ogc.root + "/ogc/v1", "x", tmp_path / "x.geojson", year=2024, store=store
        )


@pytest.mark.parametrize(("page_size", "skips"), [(3, [0, 3, 6, 9])])
def test_it_pages_by_skip_and_reuses_every_page_it_has(services, tmp_path, page_size, skips):
    odata, _ = services()
    store = downloads.PageStore(tmp_path / "pages")
    cbs_odata.download_table(odata.base, TABLE, tmp_path / "a", page_size=page_size, store=store)
    asked = list(odata.requested)
    assert [u for u in asked if "/TypedDataSet?" in u] == [
        f"/ODataApi/odata/{TABLE}/TypedDataSet?$top=3&$skip={skip}" for skip in skips
    ]

    again = downloads.PageStore(tmp_path / "pages")
    cbs_odata.download_table(odata.base, TABLE, tmp_path / "b", page_size=page_size, store=again)

    assert odata.requested == asked  # the second download asked for nothing
    assert (again.fetched, again.reused) == (0, store.fetched)
    assert (tmp_path / "a" / "TypedDataSet.json").read_bytes() == (
        tmp_path / "b" / "TypedDataSet.json"
    ).read_bytes()


def test_it_never_keeps_half_a_page(tmp_path):
    store = downloads.PageStore(tmp_path)
    url = "http://127.0.0.1:9/never"
    store.path_for(url).with_suffix(".part").write_text('{"value": [', encoding="utf-8")
    assert not store.path_for(url).exists()  # an interrupted write is not a page


def test_it_follows_next_links_of_cbs_in_the_online_run(services, db):
    odata, _ = services(cbs={"max_rows": 4, "next_links": True})
    import_all_online()
    assert odata.requests_for("TypedDataSet")[-3:] == [
        f"/ODataApi/odata/{TABLE}/TypedDataSet?$top=10000&$skip=0",
        f"/ODataApi/odata/{TABLE}/TypedDataSet?$top=9996&$skip=4",
        f"/ODataApi/odata/{TABLE}/TypedDataSet?$top=9992&$skip=8",
    ]


def test_it_reports_an_odata_500_and_keeps_the_steps_before(services, db):
    services(cbs={"fail": {f"{TABLE}/TypedDataSet": 500}})
    with pytest.raises(CommandError) as error:
        import_all_online()
    message = str(error.value)
    assert "import failed at step 5" in message
    assert "HTTP 500 Internal Server Error: Er is een fout opgetreden." in message
    assert not ImportRun.objects.filter(source="kwb", raw_file__original_name=f"kwb-{TABLE}")


def test_it_reports_a_year_without_tables(services, db):
    odata, ogc = services()
    with pytest.raises(CommandError, match=r"no known table for 2018 \(known years: 2019"):
        import_all_online("2018")
    assert odata.requested == [] and ogc.requested == []


def test_it_stops_with_a_clear_message_offline(settings, db):
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CBS_ODATA_URL = f"http://127.0.0.1:{port}/ODataApi/odata"
    settings.PDOK_OGC_URL = f"http://127.0.0.1:{port}" + PDOK_PREFIX
    before = database_state()
    with pytest.raises(CommandError) as error:
        import_all_online()
    message = str(error.value)
    assert message.startswith(f"no connection to 127.0.0.1:{port}: ")
    assert message.endswith(
        "— the offline data in BUURTKOMPAS_DATA_DIR loads with `buurtkompas import all`"
    )
    assert database_state() == before


def test_it_loads_energy_poverty_from_the_configured_file(services, settings, db):
    _, ogc = services()
    settings.ENERGY_POVERTY_URL = ogc.root + "/files/energiearmoede-schiermonnikoog.csv"
    report, _ = import_all_online()
    share = Observation.objects.get(
        region__code="BU00880000", region__year=2024, variable__key="energy_poverty_households_pct"
    )
    assert share.value == pytest.approx(5.7)
    assert "skipped: ENERGY_POVERTY_URL" not in report


def test_it_finds_the_province_fields_by_their_group(fixture_path):
    folder = fixture_path("online") / f"gebieden-{GEBIEDEN}"
    extract = provinces.extract(folder, year=None)
    assert extract.indeling_year == 2024
    assert extract.gemeente_provinces[0] == ("GM0014", "PV20", "Groningen")
    properties = fixture_json(fixture_path, f"gebieden-{GEBIEDEN}", "DataProperties.json")["value"]
    without = [p for p in properties if p.get("Title") != "Provincies"]
    with pytest.raises(InputError, match="no topic group 'Provincies'"):
        provinces.province_fields(folder, without)
