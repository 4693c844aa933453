"""Two app servers against one PostgreSQL (issue 13): each with its own cache folder, as on two
machines. Both keep the public answer about a wijk; a team's public listing is approved
through the first server's code; the second server's atlas API says so on its very next
request, because the public version lives in the shared database, not in either server's
cache.

Runs once, in the SQLite session (it makes its own PostgreSQL database); on CI it fails when
no PostgreSQL server runs, elsewhere it is skipped with the reason."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = "buurtkompas_two_servers_" + os.getenv("PYTEST_XDIST_WORKER", "main")
PAGE = "/api/regions/2024/WK059915"  # the atlas API: is community work active here?

pytestmark = pytest.mark.skipif(
    os.getenv("DB") == "postgres", reason="runs once, in the SQLite session"
)

MAKE_AREA = """
from buurtkompas.regions.models import Region
gemeente = Region.objects.create(code="GM0599", year=2024, level="gemeente", name="Rotterdam",
                                 gemeente_code="GM0599")
Region.objects.create(code="WK059915", year=2024, level="wijk", name="Charlois",
                      gemeente_code="GM0599", parent=gemeente)
"""

APPROVE = """
from buurtkompas.accounts.models import Organisation, User
from buurtkompas.regions.models import Region
from buurtkompas.workspaces.services import listing_approve, workspace_create
coordinator = User.objects.create_user("team@example.org", "x" * 20, name="Team")
approver = User.objects.create_user("platform@example.org", "x" * 20, name="Platform",
                                    is_platform_coordinator=True)
organisation = Organisation.objects.create(name="Welzijn Zuid", kind="welzijnsorganisatie")
team = workspace_create(actor=coordinator, name="Energieteam Charlois",
                        lead_organisation=organisation, is_public=True,
                        regions=[Region.objects.get(code="WK059915", year=2024)])
listing_approve(actor=approver, workspace=team, verify_organisation=True)
"""


def psql(sql: str, env: dict) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "buurtkompas", "-d", "postgres", "-qc", sql],
        env=env,
        check=True,
        capture_output=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, body, dict(response.getheaders())


def start(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "buurtkompas.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)  # the server is still starting: poll again, never a fixed wait
    server.terminate()
    raise AssertionError(f"the server did not start: {log.read_text()}")


@pytest.fixture
def database(tmp_path):
    env = {**os.environ, "PGPASSWORD": os.getenv("PGPASSWORD", "buurtkompas")}
    if (
        shutil.which("pg_isready") is None
        or subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode
    ):
        if os.getenv("CI"):
            pytest.fail("CI needs a running PostgreSQL for the two-server test")
        pytest.skip("no PostgreSQL server runs here")
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", env)
    psql(f"CREATE DATABASE {DB_NAME}", env)
    env.update(
        DB="postgres",
        PGDATABASE=DB_NAME,
        DEBUG="false",
        SECRET_KEY="two-servers-test-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        BUURTKOMPAS_ARCHIVE_DIR=str(tmp_path / "archive"),
    )
    env.pop("REDIS_URL", None)
    cli = [str(BIN / "buurtkompas")]
    subprocess.run(
        [*cli, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    subprocess.run([*cli, "collectstatic", "--noinput"], env=env, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([*cli, "shell", "-c", MAKE_AREA], env=env, cwd=ROOT, check=True)
    yield env
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", env)


def test_two_app_servers_see_each_others_listing_change_at_once(database, tmp_path):
    servers, ports = [], []
    try:
        for name in ("a", "b"):
            env = {**database, "CACHE_DIR": str(tmp_path / f"cache-{name}")}
            port = free_port()
            servers.append(start(env, port, tmp_path / f"{name}.log"))
            ports.append(port)
        a, b = ports
        for port in (a, b):
            status, body, headers = get(port, PAGE)
            assert status == 200 and json.loads(body)["community_work_active"] is False
            assert headers["Cache-Control"].startswith("public")
            assert get(port, PAGE)[2]["ETag"] == headers["ETag"]  # kept by each server
        # the listing is approved with server a's code and settings (its cache folder)
        env_a = {**database, "CACHE_DIR": str(tmp_path / "cache-a")}
        subprocess.run(
            [str(BIN / "buurtkompas"), "shell", "-c", APPROVE], env=env_a, cwd=ROOT, check=True
        )
        for port in (b, a):
            status, body, _headers = get(port, PAGE)
            assert status == 200 and json.loads(body)["community_work_active"] is True, port
    finally:
        for server in servers:
            server.terminate()
            server.wait()
