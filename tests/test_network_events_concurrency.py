"""Registration stays correct under real concurrency (issue 11): twenty members press
"register" at the same moment for an event with three places left, as separate HTTP requests to
a real server (gunicorn, 2 worker processes x 8 threads) on a SQLite file and on a PostgreSQL
database of its own. Exactly three get a place, the other seventeen the waitlist, and no request
fails. Nothing here is mocked or timed: a barrier lets all threads send at once."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
MEMBERS, PLACES = 20, 3
SETUP = """
import json
from django.test import Client
from buurtkompas.accounts.models import User
from buurtkompas.network import event_services
from buurtkompas.network.services import member_add, network_create
from tests.network_events_fixtures import make_event
boss = User.objects.create_user("boss@example.org", "x" * 20, name="Boss")
network = network_create(actor=boss, name="Race", coordinator=boss)
event = make_event(network, boss, capacity=%(places)d, public=False)
sessions = []
for n in range(%(members)d):
    user = User.objects.create_user(f"m{n}@example.org", "x" * 20, name=f"Lid {n}")
    member_add(actor=boss, network=network, user=user)
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
print(json.dumps({"slug": network.slug, "event": event.pk, "sessions": sessions}))
"""
COUNT = """
import json
from collections import Counter
from buurtkompas.network.models import Registration
print(json.dumps(Counter(Registration.objects.values_list("status", flat=True))))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(BIN / "buurtkompas"), *args], env=env, check=True, capture_output=True, text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout  # fmt: skip


def request(port, method, path, session, body=None, csrf=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookies = f"sessionid={session}" + (f"; csrftoken={csrf[0]}" if csrf else "")
    headers = {"Cookie": cookies}
    if body is not None:
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf[1]}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    conn.close()
    return response.status, content, set_cookie


def race(env: dict) -> tuple[list[int], dict]:
    cli(env, "migrate", "--noinput")
    setup = cli(env, "shell", "-c", SETUP % {"places": PLACES, "members": MEMBERS})
    setup = json.loads(setup.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "buurtkompas.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--threads", "8", "--log-level", "warning"],
        env=env, cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    try:
        page = f"/netwerken/{setup['slug']}/bijeenkomsten/{setup['event']}/"
        for _ in range(300):  # until the server answers (each try waits on the socket)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    break
            except OSError:
                time.sleep(0.05)
        tokens = []
        for session in setup["sessions"]:
            status, content, set_cookie = request(port, "GET", page, session)
            assert status == 200, content[:500]
            cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
            form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
            tokens.append((cookie, form))
        barrier = threading.Barrier(MEMBERS)
        statuses = [None] * MEMBERS

        def press(n):
            barrier.wait()
            statuses[n] = request(
                port, "POST", page + "aanmelden/", setup["sessions"][n], body="", csrf=tokens[n]
            )[0]

        threads = [threading.Thread(target=press, args=(n,)) for n in range(MEMBERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses, json.loads(cli(env, "shell", "-c", COUNT).strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait()


def base_env(tmp_path) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="true",
        SECRET_KEY="concurrency-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        BUURTKOMPAS_ARCHIVE_DIR=str(tmp_path / "archive"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    return env


@pytest.mark.skipif(shutil.which("gunicorn", path=str(BIN)) is None, reason="gunicorn missing")
def test_twenty_members_racing_for_three_places_on_sqlite(tmp_path):
    env = base_env(tmp_path) | {"DB": "sqlite", "SQLITE_PATH": str(tmp_path / "race.sqlite3")}
    env.pop("DATABASE_URL", None)
    statuses, counts = race(env)
    assert statuses == [302] * MEMBERS  # everyone answered, none failed
    assert counts == {"confirmed": PLACES, "waitlisted": MEMBERS - PLACES}


def postgres_reachable(env) -> bool:
    return (
        subprocess.run(["pg_isready", "-h", env.get("PGHOST", "127.0.0.1"), "-q"]).returncode == 0
    )


def test_twenty_members_racing_for_three_places_on_postgresql(tmp_path):
    env = base_env(tmp_path) | {"DB": "postgres", "PGDATABASE": f"race_{os.getpid()}"}
    env.pop("DATABASE_URL", None)
    env.setdefault("PGPASSWORD", "buurtkompas")
    if shutil.which("pg_isready") is None or not postgres_reachable(env):
        if os.getenv("CI") == "true":
            pytest.fail("PostgreSQL must run on CI")
        pytest.skip("no PostgreSQL server runs here")
    admin = [
        "psql", "-h", env.get("PGHOST", "127.0.0.1"), "-U", env.get("PGUSER", "buurtkompas"),
        "-d", "postgres", "-qc",
    ]  # fmt: skip
    name = env["PGDATABASE"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env=env, check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], env=env, check=True)
    try:
        statuses, counts = race(env)
    finally:
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env=env)
    assert statuses == [302] * MEMBERS
    assert counts == {"confirmed": PLACES, "waitlisted": MEMBERS - PLACES}
