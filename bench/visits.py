"""Household visits under load (`make bench`): prints figures and ratios; it asserts nothing.

In a temporary SQLite database (WAL) one team gets 20,000 household visits with their measures,
referrals and housing problems (`bench/pages/visits.py`). gunicorn serves the site (2 workers x
8 threads, DEBUG=false) and Debian's `wrk` loads, logged in as the team's coordinator, the
visit list (planned, and all visits), and the team totals; the baseline is the bare `/healthz`
view on the same server in the same run. Printed: p50/p95/p99, requests per second, and the
ratios p95 / bare and req/s / bare. Target: p95 under 150 ms.

The national totals per gemeente over 1,000,000 visits are measured on PostgreSQL by
`bench/visits_national.py`.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wrk  # noqa: E402  (bench/wrk.py)
from buurtwerk import fill_residents, team_with_members  # noqa: E402
from run import BIN, environment, free_port, get, run, start_server  # noqa: E402

TARGET_P95_MS = 150
RESIDENTS = 2_000


def make_team():
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from pages import visits

    from buurtkompas.accounts.models import User

    rng, today = random.Random(10), timezone.localdate()
    password = "bench-" + "x" * 20
    coordinator = User.objects.create_user("coordinator@bench.local", password, name="Coördinator")
    workers = [
        User.objects.create_user(f"coach{i}@bench.local", password, name=f"Coach {i}")
        for i in range(3)
    ]
    team = team_with_members("Huisbezoekteam", coordinator, {"opbouwwerker": workers[0]}, areas=[])
    with transaction.atomic():
        contacts = fill_residents(team, RESIDENTS, rng, today)
        made = visits.fill(
            team, scale=1, rng=rng, today=today, members=[coordinator, *workers], contacts=contacts
        )
    client = Client()
    client.force_login(coordinator)
    return team, len(made), client.cookies["sessionid"].value


def main() -> None:
    if not wrk.available():
        sys.exit("bench/visits.py needs wrk (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="bk-bench-visits-") as tmp:
        env = environment(Path(tmp))
        env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
        run([str(BIN / "buurtkompas"), "migrate", "--noinput"], env)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkompas.settings"
        import django

        django.setup()
        from django.conf import settings

        start = time.perf_counter()
        team, count, session = make_team()
        print(f"filled one team with {count:,} visits in {time.perf_counter() - start:.1f} s")
        port = free_port()
        server = start_server(env, port)
        try:
            cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
            base = f"/teams/{team.pk}/huisbezoeken/"
            pages = {
                "bare view (/healthz)": "/healthz",
                "visit list (planned, page 1)": base,
                "visit list (all, page 1)": base + "?toon=alle",
                "visit list (all, page 200)": base + "?toon=alle&pagina=200",
                "team totals (overzicht)": base + "overzicht/",
            }
            for name, path in pages.items():
                status, _body = get(port, path, cookie)
                if status != 200:
                    raise SystemExit(f"{name}: {path} answered {status}, not 200")
            print(
                f"\nwrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{wrk.SECONDS}s on loopback,"
                " gunicorn 2 workers x 8 threads, SQLite WAL, DEBUG=false, logged in"
            )
            print(
                f"{'page':30} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}"
                f" {'non2xx':>6} {'p95/bare':>8} {'req/s/bare':>10}  verdict"
            )
            bare = None
            for name, path in pages.items():
                figures = wrk.measure(f"http://127.0.0.1:{port}{path}", headers=cookie)
                bare = bare or figures
                ok = figures["p95_ms"] < TARGET_P95_MS and figures["non_2xx"] == 0
                print(
                    f"{name:30} {figures['p50_ms']:7.1f} {figures['p95_ms']:7.1f}"
                    f" {figures['p99_ms']:7.1f} {figures['req_per_s']:7.0f}"
                    f" {figures['non_2xx']:6d} {figures['p95_ms'] / bare['p95_ms']:8.1f}"
                    f" {figures['req_per_s'] / bare['req_per_s']:10.2f}"
                    f"  {'ok' if ok else 'SLOW'}"
                )
            print(f"target: p95 < {TARGET_P95_MS} ms with 16 concurrent clients\n")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
