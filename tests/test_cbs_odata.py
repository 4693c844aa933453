"""`import kwb --online` against a real HTTP server on 127.0.0.1 that answers like CBS OData v3.

The answers are RECONSTRUCTED in the shape of the CBS API, not recorded from it: TableInfos and
DataProperties are the real files of 85984NED from the shared data, wrapped in the API's
envelope; the rows and the WijkenEnBuurten dimension are a hand-made excerpt in
tests/fixtures/odata/ (its README says which values are real CBS figures: gemeenten and wijken
yes, buurten all null). The server pages like CBS (at most `max_rows` per answer) and records
every URL it was asked for. Nothing here touches the real network.
"""

import io
import json
import re
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from buurtkompas.pipeline.models import ImportRun, RawFile
from buurtkompas.pipeline.sources import cbs_odata
from buurtkompas.regions.models import Dataset, Observation, Region, Variable

TABLE = "85984NED"
PREFIX = "/ODataApi/odata"
FILTER = re.compile(r"^startswith\((\w+),'([^']*)'\)$")
DUMP_FIELDS = (
    "AantalInwoners_5",
    "Mannen_6",
    "Vrouwen_7",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteTotaal_122",
    "OppervlakteLand_123",
    "OppervlakteWater_124",
)


class FakeCbs(ThreadingHTTPServer):
    """Serves {table: {collection: rows}} as CBS OData v3 JSON and records the requested URLs.

    At most `max_rows` rows per answer (CBS: 10,000). With `next_links` the server pages by
    itself and adds `odata.nextLink`; without, a query for more rows is refused with HTTP 500
    as CBS does, so the client has to page with $top/$skip. `fail` maps a text in the URL to
    the HTTP status to answer instead.
    """

    daemon_threads = True

    def __init__(self, tables, *, max_rows=10_000, next_links=False, fail=None):
        super().__init__(("127.0.0.1", 0), CbsHandler)
        self.tables, self.max_rows, self.next_links = tables, max_rows, next_links
        self.fail = fail or {}
        self.requested: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}{PREFIX}"

    def requests_for(self, collection: str) -> list[str]:
        """The requested URLs (path and query, unquoted) of one collection."""
        return [url for url in self.requested if f"/{collection}?" in url]


class CbsHandler(BaseHTTPRequestHandler):
    server: FakeCbs

    def do_GET(self):
        url = urllib.parse.unquote(self.path)
        self.server.requested.append(url)
        failure = next((code for text, code in self.server.fail.items() if text in url), None)
        parts = urllib.parse.urlsplit(self.path)
        table, _, collection = parts.path.removeprefix(PREFIX + "/").partition("/")
        rows = self.server.tables.get(table, {}).get(collection)
        if failure:
            return self.odata_error(failure, "Er is een fout opgetreden.")
        if rows is None:
            return self.reply(404, b"<html><body>404 - Not Found</body></html>", "text/html")
        query = {key: values[0] for key, values in urllib.parse.parse_qs(parts.query).items()}
        rows = self.filtered(rows, query.get("$filter"))
        if rows is None:
            return self.odata_error(400, f"Unsupported $filter {query['$filter']!r}")
        self.page(table, collection, rows, query)

    def filtered(self, rows, expression):
        if not expression:
            return rows
        match = FILTER.match(expression)
        if not match:
            return None
        field, prefix = match.groups()
        return [row for row in rows if str(row.get(field, "")).startswith(prefix)]

    def page(self, table, collection, rows, query):
        skip, top = int(query.get("$skip", 0)), int(query.get("$top", len(rows)))
        wanted, cap = rows[skip : skip + top], self.server.max_rows
        if len(wanted) > cap and not self.server.next_links:
            return self.odata_error(500, f"Query returns more than {cap} records.")
        body = {
            "odata.metadata": f"{self.server.base}/{table}/$metadata#Cbs.OData.WebAPI.{collection}",
            "value": wanted[:cap],
        }
        if len(wanted) > cap:
            rest = {**query, "$skip": str(skip + cap)}
            if "$top" in query:
                rest["$top"] = str(top - cap)
            link = urllib.parse.urlencode(rest, safe="$'(),", quote_via=urllib.parse.quote)
            body["odata.nextLink"] = f"{self.server.base}/{table}/{collection}?{link}"
        self.reply(200, json.dumps(body).encode(), "application/json;odata=minimalmetadata")

    def odata_error(self, status, message):
        body = {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": message}}}
        self.reply(status, json.dumps(body).encode(), "application/json")

    def reply(self, status, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type};charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


def collections_of_85984ned(data_dir, fixture_path) -> dict[str, list[dict]]:
    """Real metadata from the shared data plus the reconstructed excerpt of rows and names."""
    real = data_dir / "cbs" / "kwb-2024-85984NED"
    excerpt = fixture_path("odata") / TABLE
    return {
        "TableInfos": json.loads((real / "TableInfos.json").read_text(encoding="utf-8")),
        "DataProperties": json.loads((real / "DataProperties.json").read_text(encoding="utf-8")),
        **{
            name: json.loads((excerpt / f"{name}.json").read_text(encoding="utf-8"))["value"]
            for name in ("WijkenEnBuurten", "TypedDataSet")
        },
    }


@pytest.fixture(autouse=True)
def no_proxy_for_the_local_server(monkeypatch):
    """An http_proxy in the environment must not catch requests meant for 127.0.0.1."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def cbs(settings, data_dir, fixture_path):
    """Start a FakeCbs (options as keyword arguments) and point CBS_ODATA_URL at it."""
    servers = []

    def start(**options) -> FakeCbs:
        server = FakeCbs({TABLE: collections_of_85984ned(data_dir, fixture_path)}, **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.CBS_ODATA_URL = server.base
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def import_online(*args: str) -> str:
    out = io.StringIO()
    call_command("import", "kwb", "--online", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def figures(code: str) -> dict[str, float]:
    rows = Observation.objects.filter(
        region__code=code, region__year=2024, period=2024, dataset__table_id=TABLE
    )
    return dict(rows.values_list("variable__key", "value"))


def database_state() -> dict:
    models = (Region, Observation, Variable, Dataset, ImportRun, RawFile)
    state = {model.__name__: model.objects.count() for model in models}
    state["sum of values"] = Observation.objects.aggregate(total=Sum("value"))["total"]
    return state


def test_it_serves_real_cbs_figures_for_gemeenten_and_wijken_in_the_excerpt(data_dir, fixture_path):
    dump_path = data_dir / "cbs" / "kwb-2024-85984NED" / "gemeenten-wijken-selectie.json"
    dump = json.loads(dump_path.read_text(encoding="utf-8"))
    rows = collections_of_85984ned(data_dir, fixture_path)["TypedDataSet"]
    checked = [row for row in rows if row["WijkenEnBuurten"].strip()[:2] in ("GM", "WK")]
    assert len(checked) == 6
    for row in checked:
        code = row["WijkenEnBuurten"].strip()
        assert {f: row[f] for f in DUMP_FIELDS} == {f: dump[code][f] for f in DUMP_FIELDS}, code


@pytest.mark.parametrize(("page_size", "skips"), [(3, [0, 3, 6, 9]), (5, [0, 5, 10])])
def test_it_pages_with_top_and_skip_until_a_short_page(cbs, tmp_path, page_size, skips):
    server = cbs()
    folder = cbs_odata.download_table(server.base, TABLE, tmp_path / "dl", page_size=page_size)

    assert server.requests_for("TypedDataSet") == [
        f"{PREFIX}/{TABLE}/TypedDataSet?$top={page_size}&$skip={skip}" for skip in skips
    ]
    assert server.requests_for("WijkenEnBuurten") == [
        f"{PREFIX}/{TABLE}/WijkenEnBuurten?$top={page_size}&$skip={skip}" for skip in skips
    ]
    rows = json.loads((folder / "TypedDataSet.json").read_text(encoding="utf-8"))["value"]
    assert [row["ID"] for row in rows] == list(range(10))
    properties = json.loads((folder / "DataProperties.json").read_text(encoding="utf-8"))
    assert len(properties) == 172  # all of the real DataProperties, over many pages


def test_it_follows_odata_next_link_when_cbs_pages_by_itself(cbs, db):
    server = cbs(max_rows=4, next_links=True)
    report = import_online("--year", "2024")

    assert server.requests_for("TypedDataSet") == [
        f"{PREFIX}/{TABLE}/TypedDataSet?$top=10000&$skip=0",
        f"{PREFIX}/{TABLE}/TypedDataSet?$top=9996&$skip=4",
        f"{PREFIX}/{TABLE}/TypedDataSet?$top=9992&$skip=8",
    ]
    assert len(server.requests_for("DataProperties")) == 43  # 172 properties, 4 per answer
    assert "rows read: 10" in report
    assert "national figures (the source's own Nederland row): 1" in report
    assert figures("WK001413")["population_count"] == 1075.0  # a row of the last page


def test_it_trims_the_padded_region_keys(cbs, db):
    cbs()
    report = import_online("--year", "2024")

    assert "codes that did not join: 0" in report
    assert not Region.objects.filter(code__contains=" ").exists()
    assert figures("WK001400")["population_count"] == 24920.0
    assert figures("GM0014")["population_count"] == 243768.0


def test_it_keeps_null_as_missing_never_zero(cbs, db):
    cbs()
    import_online("--year", "2024")

    vathorst = figures("WK030732")  # CBS publishes no density, dwellings or household size
    for missing in ("population_density_per_km2", "dwellings_count", "household_size_avg_persons"):
        assert missing not in vathorst
    assert vathorst["population_count"] == 0.0  # a published zero stays a zero
    assert not Observation.objects.filter(region__code__startswith="BU0014").exists()


def test_it_maps_fields_by_the_data_properties(cbs, db):
    cbs()
    import_online("--year", "2024")

    density = Variable.objects.get(source_field="Bevolkingsdichtheid_34")
    assert (density.key, density.label_nl, density.unit) == (
        "population_density_per_km2",
        "Bevolkingsdichtheid",
        "aantal inwoners per km²",
    )
    cars = Variable.objects.get(source_field="PersonenautoSTotaal_111")  # no alias: generated
    assert (cars.key, cars.label_nl, cars.unit) == (
        "kwb_personenauto_s_personenauto_s_totaal_count",
        "Motorvoertuigen – Personenauto's – Personenauto's totaal",
        "aantal",
    )
    groningen = figures("GM0014")
    assert groningen[cars.key] == 99880.0
    assert groningen["household_size_avg_persons"] == 1.7  # a Double field
    dataset = Dataset.objects.get(table_id=TABLE)
    assert dataset.title == "Kerncijfers wijken en buurten 2024"
    assert dataset.notes == "Modified 2025-03-27T02:00:00"


def test_it_creates_buurt_regions_named_by_the_wijken_en_buurten_dimension(cbs, db):
    cbs()
    report = import_online("--year", "2024")

    assert "regions: 3 new, 6 updated" in report
    buurten = Region.objects.filter(code__startswith="BU0014", year=2024).order_by("code")
    assert [(b.code, b.level, b.name, b.parent.code, b.parent.year) for b in buurten] == [
        ("BU00140000", "buurt", "Binnenstad-Noord", "WK001400", 2024),
        ("BU00140001", "buurt", "Binnenstad-Zuid", "WK001400", 2024),
        ("BU00140002", "buurt", "Binnenstad-Oost", "WK001400", 2024),
    ]
    assert Region.objects.get(code="WK001400", year=2024).name == "Centrum"


def test_it_passes_the_filter_to_cbs(cbs, db):
    server = cbs()
    import_online("--year", "2024", "--filter", "startswith(WijkenEnBuurten,'WK0014')")

    expected = "$filter=startswith(WijkenEnBuurten,'WK0014')"
    assert all(expected in url for url in server.requests_for("TypedDataSet"))
    run = ImportRun.objects.filter(source="kwb").latest("id")
    loaded = set(run.observations.values_list("region__code", flat=True))
    assert loaded == {"WK001400", "WK001401", "WK001413"}


def test_it_refuses_a_filter_that_matches_no_rows(cbs, db):
    cbs()
    before = database_state()
    with pytest.raises(CommandError, match=r"CBS returned no rows of 85984NED for \$filter"):
        import_online("--year", "2024", "--filter", "startswith(WijkenEnBuurten,'XX')")
    assert database_state() == before


def test_it_reports_http_404_and_changes_nothing(cbs, db):
    cbs()  # knows 85984NED only, so 85618NED (2023) is not found
    before = database_state()
    with pytest.raises(CommandError) as error:
        import_online("--year", "2023")

    message = str(error.value)
    assert message.startswith("import failed, nothing was changed: CBS OData API:")
    assert "CBS answered HTTP 404 Not Found for http://127.0.0.1:" in message
    assert "/85618NED/TableInfos?$top=10000&$skip=0" in message
    assert database_state() == before


def test_it_reports_http_500_halfway_through_the_pages_and_changes_nothing(cbs, db):
    server = cbs(max_rows=4, next_links=True, fail={"TypedDataSet?$top=9996&$skip=4": 500})
    before = database_state()
    with pytest.raises(CommandError) as error:
        import_online("--year", "2024")

    assert len(server.requests_for("TypedDataSet")) == 2  # the first page came, the second not
    message = str(error.value)
    assert "import failed, nothing was changed" in message
    assert "HTTP 500 Internal Server Error: Er is een fout opgetreden." in message
    assert "/TypedDataSet?$top=9996&$skip=4" in message
    assert database_state() == before


def test_it_reports_an_unreachable_server_and_changes_nothing(settings, db):
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CBS_ODATA_URL = f"http://127.0.0.1:{port}{PREFIX}"
    before = database_state()
    with pytest.raises(CommandError, match=rf"no connection to 127.0.0.1:{port}: "):
        import_online("--year", "2024")
    assert database_state() == before


def test_it_refuses_a_year_without_a_known_table(cbs, db):
    server = cbs()
    with pytest.raises(CommandError, match=r"no known Kerncijfers table for 2018 \(known years:"):
        import_online("--year", "2018")
    assert server.requested == []


def test_it_needs_a_year_to_download(cbs, db):
    server = cbs()
    with pytest.raises(CommandError, match="--online needs the kwb source and --year"):
        import_online()
    assert server.requested == []
