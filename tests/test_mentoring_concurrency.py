"""A master never gets more rookies than offered, under real concurrency: a coordinator presses
"propose" for eight rookies at the same moment, all with the same master who has three places,
as separate HTTP requests to a real server (gunicorn, 2 worker processes x 8 threads) on a
SQLite file. Exactly three pairs are proposed, the other five requests get the form back with
"This master has no free place.", and none fails. A barrier lets all threads send at once."""

import json
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.test_network_events_concurrency import BIN, base_env, cli, free_port, request

ROOKIES, PLACES = 8, 3
SETUP = """
import json
from django.test import Client
from buurtkompas.accounts.models import User
from buurtkompas.mentoring import services
from buurtkompas.network.services import member_add, network_create
from buurtkompas.regions.models import Region
rotterdam = Region.objects.create(code="GM0599", year=2024, level="gemeente", name="Rotterdam",
                                  gemeente_code="GM0599", bbox=[4.0, 51.8, 4.6, 52.0])
boss = User.objects.create_user("boss@example.org", "x" * 20, name="Boss")
network = network_create(actor=boss, name="Race", coordinator=boss)
master = User.objects.create_user("master@example.org", "x" * 20, name="Master")
member_add(actor=boss, network=network, user=master)
offer = services.offer_save(actor=master, network=network, themes=["abcd"], regions=[rotterdam],
                            capacity=%(places)d, years_experience=10, retired=False)
requests = []
for n in range(%(rookies)d):
    user = User.objects.create_user(f"r{n}@example.org", "x" * 20, name=f"Rookie {n}")
    member_add(actor=boss, network=network, user=user)
    requests.append(services.request_save(actor=user, network=network, learning_goals="Leren",
                    themes=["abcd"], region=rotterdam, availability="maandag").pk)
client = Client()
client.force_login(boss)
print(json.dumps({"slug": network.slug, "offer": offer.pk, "requests": requests,
                  "session": client.cookies["sessionid"].value}))
"""
COUNT = """
from buurtkompas.mentoring.models import Trajectory
print(Trajectory.objects.filter(status="proposed").count())
"""


def wait_for(port: int) -> None:
    for _ in range(300):  # until the server answers (each try waits on the socket)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.05)


def race(env: dict) -> tuple[list[tuple[int, str]], int]:
    cli(env, "migrate", "--noinput")
    setup = cli(env, "shell", "-c", SETUP % {"places": PLACES, "rookies": ROOKIES})
    setup = json.loads(setup.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "buurtkompas.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--threads", "8", "--log-level", "warning"],
        env=env, cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    try:
        wait_for(port)
        pages = [f"/netwerken/{setup['slug']}/mentoring/koppelen/{r}/" for r in setup["requests"]]
        tokens = []
        for page in pages:
            status, content, set_cookie = request(port, "GET", page, setup["session"])
            assert status == 200, content[:500]
            cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
            form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
            tokens.append((cookie, form))
        barrier = threading.Barrier(ROOKIES)
        answers = [None] * ROOKIES

        def press(n):
            barrier.wait()
            body = f"offer={setup['offer']}"
            status, content, _ = request(port, "POST", pages[n], setup["session"], body, tokens[n])
            answers[n] = (status, content)

        threads = [threading.Thread(target=press, args=(n,)) for n in range(ROOKIES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers, int(cli(env, "shell", "-c", COUNT).strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait()


@pytest.mark.skipif(shutil.which("gunicorn", path=str(BIN)) is None, reason="gunicorn missing")
def test_eight_proposals_racing_for_three_places_on_sqlite(tmp_path):
    env = base_env(tmp_path) | {"DB": "sqlite", "SQLITE_PATH": str(tmp_path / "race.sqlite3")}
    env.pop("DATABASE_URL", None)
    answers, proposed = race(env)
    statuses = sorted(status for status, _content in answers)
    assert statuses == [200] * (ROOKIES - PLACES) + [302] * PLACES  # none failed
    assert proposed == PLACES
    refused = [content for status, content in answers if status == 200]
    assert all("Deze master heeft geen plaats vrij." in content for content in refused)
