"""Household visits under load (`make bench`): prints figures and ratios; it asserts nothing.

In a temporary SQLite database (WAL) one team gets 20,000 household visits with their measures,
referrals and housing problems (`bench/pages/visits.py`). gunicorn serves the site (2 workers x
8 threads, DEBUG=false) and Debian's `wrk` loads, logged in as the team's coordinator, the
visit list (planned, and all visits), and the team totals; the baseline is the bare `/healthz`
view on the same server in the same run. Latency (p50/p95/p99) with one client at a time, and
requests per second under 16 concurrent clients, each with its ratio to the bare view.
Target: p95 under 150 ms.

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
                f"\nwrk on loopback, {wrk.SECONDS} s per run, gunicorn 2 workers x 8 threads,"
                " SQLite WAL, DEBUG=false, logged in as the coordinator. Latency: one client"
                f" (wrk -t1 -c1); throughput: {wrk.CONNECTIONS} concurrent clients"
                f" (wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS})"
            )
            print(
                f"{'page':30} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95/bare':>8}"
                f" {'req/s':>7} {'req/s/bare':>10} {'non2xx':>6}  verdict"
            )
            urls = {name: f"http://127.0.0.1:{port}{path}" for name, path in pages.items()}
            # Every latency run first: after a run of 16 clients the server is still working
            # off their last requests, which would land in the next one-client run.
            ones = {
                n: wrk.measure(u, headers=cookie, threads=1, connections=1) for n, u in urls.items()
            }
            manys = {n: wrk.measure(u, headers=cookie) for n, u in urls.items()}
            bare = None
            for name in pages:
                one, many = ones[name], manys[name]
                bare = bare or (one, many)
                ok = one["p95_ms"] < TARGET_P95_MS and many["non_2xx"] + one["non_2xx"] == 0
                print(
                    f"{name:30} {one['p50_ms']:7.1f} {one['p95_ms']:7.1f} {one['p99_ms']:7.1f}"
                    f" {one['p95_ms'] / bare[0]['p95_ms']:8.1f} {many['req_per_s']:7.0f}"
                    f" {many['req_per_s'] / bare[1]['req_per_s']:10.3f}"
                    f" {many['non_2xx'] + one['non_2xx']:6d}  {'ok' if ok else 'SLOW'}"
                )
            print(
                f"target: p95 < {TARGET_P95_MS} ms for one client; under {wrk.CONNECTIONS}"
                " concurrent clients latency is queueing on two cores: see req/s\n"
            )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
