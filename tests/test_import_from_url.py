"""`buurtkompas import <source> --from https://…` downloads the file first (e.g. the CBS/PDOK
wijk- en buurtkaart). Tested against a real HTTP server on loopback, never the network."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from buurtkompas.pipeline.models import ImportRun
from buurtkompas.regions.models import Observation, Region
from tests.conftest import FIXTURES


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def file_server():
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(FIXTURES / "good"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def counts():
    return (Region.objects.count(), Observation.objects.count(), ImportRun.objects.count())


def test_it_downloads_and_imports_a_file_from_a_url(db, file_server):
    call_command(
        "import",
        "income",
        "--from",
        f"{file_server}/income_2020_small.csv",
        stdout=open("/dev/null", "w"),
        stderr=open("/dev/null", "w"),
    )
    run = ImportRun.objects.get(source="income", raw_file__original_name="income_2020_small.csv")
    assert run.rows_read > 0
    assert run.raw_file.origin == f"{file_server}/income_2020_small.csv"


def test_it_refuses_a_missing_file_with_the_http_status_and_changes_nothing(db, file_server):
    before = counts()
    with pytest.raises(CommandError, match="HTTP 404"):
        call_command(
            "import", "income", "--from", f"{file_server}/nope.csv", stderr=open("/dev/null", "w")
        )
    assert counts() == before


def test_it_refuses_a_url_without_a_file_name(db, file_server):
    with pytest.raises(CommandError, match="does not end in a file name"):
        call_command(
            "import", "boundaries", "--from", f"{file_server}/", stderr=open("/dev/null", "w")
        )


def test_it_says_when_the_server_cannot_be_reached(db, file_server):
    closed = file_server.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens there
    with pytest.raises(CommandError, match="could not download"):
        call_command(
            "import",
            "income",
            "--from",
            f"{closed}/income_2020_small.csv",
            stderr=open("/dev/null", "w"),
        )
