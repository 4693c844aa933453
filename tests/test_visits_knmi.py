"""KNMI daily mean temperatures: the pure parser, `buurtkompas degree_days` against a real HTTP
server on 127.0.0.1, and weighted degree days from the stored values.

The server answers with tests/fixtures/knmi/daggegevens-260-20240101-20240114.txt, a response
in the exact shape of KNMI's daggegevens service with KNMI's real daily means of De Bilt for
1-14 January 2024, one of them blanked to stand for a missing day (its README says where the
values come from). Nothing here touches the real network.
"""

import io
import socket
import threading
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtkompas.pipeline.archive import file_sha256
from buurtkompas.pipeline.models import RawFile
from buurtkompas.pipeline.sources.base import InputError
from buurtkompas.visits import knmi
from buurtkompas.visits.degree_days import WEIGHTS
from buurtkompas.visits.weather import DailyTemperature
from buurtkompas.visits.weather_selectors import weighted_degree_days_between

FIXTURE = Path(__file__).parent / "fixtures" / "knmi" / "daggegevens-260-20240101-20240114.txt"
PATH = "/klimatologie/daggegevens"
MEANS = [7.4, 10.5, 9.4, 7.6, None, 3.2, -0.2, -1.8, -3.2, -3.2, -1.9, 3.3, 3.5, 2.8]


class FakeKnmi(ThreadingHTTPServer):
    """Answers every POST with `body` (status `status`) and records the forms it was sent."""

    daemon_threads = True

    def __init__(self, body: bytes, status: int = 200, content_type: str = "text/plain"):
        super().__init__(("127.0.0.1", 0), KnmiHandler)
        self.body, self.status, self.content_type = body, status, content_type
        self.forms: list[dict[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}{PATH}"


class KnmiHandler(BaseHTTPRequestHandler):
    server: FakeKnmi

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        self.server.forms.append({name: values[0] for name, values in form.items()})
        self.send_response(self.server.status)
        self.send_header("Content-Type", self.server.content_type)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def no_proxy_for_the_local_server(monkeypatch):
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def knmi_server(settings):
    servers = []

    def start(body: bytes | None = None, **options) -> FakeKnmi:
        server = FakeKnmi(FIXTURE.read_bytes() if body is None else body, **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.KNMI_DAILY_URL = server.url
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def degree_days(*args: str) -> str:
    out = io.StringIO()
    call_command("degree_days", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def stored() -> dict[date, float]:
    return dict(DailyTemperature.objects.values_list("day", "mean_temp_c"))


# --- the parser ---------------------------------------------------------------------------


def test_it_reads_the_daily_means_of_a_knmi_answer_in_degrees():
    data = knmi.parse_daily(FIXTURE.read_text(encoding="utf-8"))
    assert [d.day for d in data.days] == [date(2024, 1, n) for n in range(1, 15)]
    assert [d.mean_temp_c for d in data.days] == MEANS
    assert {d.station for d in data.days} == {260}
    assert data.stations == {260: "De Bilt"}
    assert data.source_lines[0] == "BRON: KONINKLIJK NEDERLANDS METEOROLOGISCH INSTITUUT (KNMI)"


def test_it_reports_an_empty_value_as_missing_never_as_zero():
    data = knmi.parse_daily(FIXTURE.read_text(encoding="utf-8"))
    assert [d.day for d in data.missing] == [date(2024, 1, 5)]
    assert data.missing[0].mean_temp_c is None
    assert len(data.measured) == 13


def test_it_reads_the_older_answer_layout_too():
    text = (
        "# BRON: KONINKLIJK NEDERLANDS METEOROLOGISCH INSTITUUT (KNMI)\n"
        "# STN      LON(east)   LAT(north)     ALT(m)  NAME\n"
        "# 260:         5.177       52.101       2.00  DE BILT\n"
        "# STN,YYYYMMDD,   TG,   TN\n"
        "  260,20231231,   95,   60\n"
    )
    data = knmi.parse_daily(text)
    assert data.stations == {260: "DE BILT"}
    assert data.days == [knmi.DailyMean(260, date(2023, 12, 31), 9.5)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<html><body>Service unavailable</body></html>\n", "a data line before the '# STN"),
        ("# BRON: KNMI\n", "no '# STN,YYYYMMDD' header line"),
        ("", "no '# STN,YYYYMMDD' header line"),
        ("# STN,YYYYMMDD,   TN\n  260,20240101,   12\n", "line 1: the answer has no TG column"),
        ("# STN,YYYYMMDD,   TG\n  260,20240101,   12,  4\n", "line 2: 4 values where the header"),
        ("# STN,YYYYMMDD,   TG\n  260,20240101,  1,2\n", "line 2: 4 values where the header"),
        ("# STN,YYYYMMDD,   TG\n  260,20240101,  abc\n", "line 2, column 'TG': 'abc' is not"),
        ("# STN,YYYYMMDD,   TG\n  260,20240101,  999\n", "not a plausible daily mean"),
        ("# STN,YYYYMMDD,   TG\n  260,20240231,   12\n", "column 'YYYYMMDD': '20240231'"),
        ("# STN,YYYYMMDD,   TG\n  abc,20240101,   12\n", "column 'STN': 'abc' is not a station"),
        (
            "# STN,YYYYMMDD,   TG\n  260,20240101,   12\n  260,20240101,   13\n",
            "line 3: 2024-01-01 is listed twice (first on line 2)",
        ),
    ],
)
def test_it_refuses_what_is_not_a_knmi_daily_answer_naming_the_line(text, words):
    with pytest.raises(InputError) as caught:
        knmi.parse_daily(text, path="answer.txt")
    assert words in str(caught.value)
    assert str(caught.value).startswith("answer.txt")


def test_it_asks_the_service_for_tg_of_one_station_and_period():
    assert knmi.form(date(2024, 1, 1), date(2024, 1, 14)) == {
        "start": "20240101",
        "end": "20240114",
        "vars": "TG",
        "stns": "260",
    }


def test_it_names_knmi_and_the_licence_in_the_attribution():
    text = str(knmi.ATTRIBUTION)
    assert "KNMI" in text and "De Bilt" in text and "CC0" in text


def test_it_defaults_to_the_real_knmi_endpoint():
    assert knmi.DEFAULT_URL == "https://www.daggegevens.knmi.nl/klimatologie/daggegevens"


# --- the command against a local server ------------------------------------------------------


def test_it_downloads_archives_and_loads_a_period_from_knmi(knmi_server, db):
    server = knmi_server()
    out = degree_days("--online", "--from", "2024-01-01", "--to", "2024-01-14")
    assert server.forms == [{"start": "20240101", "end": "20240114", "vars": "TG", "stns": "260"}]
    means = stored()
    assert means == {date(2024, 1, n): m for n, m in enumerate(MEANS, 1) if m is not None}
    assert date(2024, 1, 5) not in means
    sha = file_sha256(FIXTURE)
    raw = RawFile.objects.get(sha256=sha)
    assert raw.origin == server.url
    assert (Path(django_settings.ARCHIVE_DIR) / sha[:2] / sha / raw.original_name).exists()
    assert "days read: 14; new 13, changed 0, unchanged 0" in out
    assert "no value published for 1 day(s): 2024-01-05" in out
    assert "KNMI" in out and "CC0" in out


def test_it_loads_the_same_answer_twice_without_changing_anything(knmi_server, db):
    knmi_server()
    degree_days("--online", "--from", "2024-01-01", "--to", "2024-01-14")
    first = list(DailyTemperature.objects.values_list("id", "day", "mean_temp_c", "raw_file"))
    out = degree_days("--online", "--from", "2024-01-01", "--to", "2024-01-14")
    assert "new 0, changed 0, unchanged 13" in out
    assert "already loaded: nothing changed" in out
    again = list(DailyTemperature.objects.values_list("id", "day", "mean_temp_c", "raw_file"))
    assert again == first
    assert RawFile.objects.filter(sha256=file_sha256(FIXTURE)).count() == 1


def test_it_updates_a_revised_value_and_keeps_an_earlier_one_for_a_gap(knmi_server, db, tmp_path):
    degree_days("--file", str(FIXTURE))
    revised = FIXTURE.read_text(encoding="utf-8")
    revised = revised.replace("  260,20240102,  105", "  260,20240102,  106")
    revised = revised.replace("  260,20240103,   94", "  260,20240103,     ")
    path = tmp_path / "revised.txt"
    path.write_text(revised, encoding="utf-8")
    out = degree_days("--file", str(path))
    assert "new 0, changed 1, unchanged 11" in out
    assert "kept an earlier value for 1 of them" in out
    assert stored()[date(2024, 1, 2)] == 10.6
    assert stored()[date(2024, 1, 3)] == 9.4


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (500, b"Internal error", "KNMI answered HTTP 500 Internal Server Error for http://"),
        (404, b"Not found", "KNMI answered HTTP 404"),
        (200, b"<html>Onderhoud</html>", "not a KNMI daily data answer"),
        (200, b"", "the server sent an empty file"),
    ],
)
def test_it_reports_an_error_answer_and_changes_nothing(knmi_server, db, status, body, words):
    knmi_server(body, status=status)
    with pytest.raises(CommandError) as caught:
        degree_days("--online", "--from", "2024-01-01", "--to", "2024-01-14")
    assert "degree days not loaded, nothing was changed" in str(caught.value)
    assert words in str(caught.value)
    assert DailyTemperature.objects.count() == 0


def test_it_says_it_cannot_reach_knmi_offline(settings, db):
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.KNMI_DAILY_URL = f"http://127.0.0.1:{port}{PATH}"
    with pytest.raises(CommandError, match=rf"cannot reach KNMI at http://127.0.0.1:{port}/"):
        degree_days("--online", "--from", "2024-01-01", "--to", "2024-01-14")
    assert DailyTemperature.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--online", "--from", "2024-01-01"], "--online needs --from YYYY-MM-DD and --to"),
        (["--online", "--from", "1-1-2024", "--to", "2024-01-14"], "'1-1-2024' is not a date"),
        (["--online", "--from", "2024-02-01", "--to", "2024-01-14"], "ends (2024-01-14) before"),
        (["--file", "/no/such/answer.txt"], "answer.txt: file not found"),
    ],
)
def test_it_refuses_incomplete_arguments(knmi_server, db, args, words):
    server = knmi_server()
    with pytest.raises(CommandError) as caught:
        degree_days(*args)
    assert words in str(caught.value)
    assert server.forms == []


# --- weighted degree days from the stored values ---------------------------------------------


def test_it_sums_weighted_degree_days_over_stored_days(db):
    degree_days("--file", str(FIXTURE))
    value, days_missing = weighted_degree_days_between(date(2024, 1, 1), date(2024, 1, 4))
    assert value == pytest.approx(sum(18 - m for m in MEANS[:4]) * WEIGHTS[1])
    assert days_missing == ()


def test_it_reports_missing_days_and_never_fills_them_with_zeros(db):
    degree_days("--file", str(FIXTURE))
    result = weighted_degree_days_between(date(2024, 1, 1), date(2024, 1, 16))
    value, days_missing = result
    assert value is None
    assert days_missing == (date(2024, 1, 5), date(2024, 1, 15), date(2024, 1, 16))
    measured = [m for m in MEANS if m is not None]
    expected = sum(max(0.0, 18 - m) for m in measured) * WEIGHTS[1]
    assert result.measured_value == pytest.approx(expected)
    assert result.days_measured == 13
    assert "KNMI" in result.attribution


def test_it_refuses_a_period_that_ends_before_it_starts(db):
    with pytest.raises(ValueError, match="ends"):
        weighted_degree_days_between(date(2024, 1, 2), date(2024, 1, 1))
