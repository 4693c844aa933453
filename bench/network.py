"""The network under load (`make bench`): prints figures; it asserts nothing.

1. Pages: in a temporary SQLite database a network gets 2,000 members with profiles, 200 events
   and 20,000 registrations (100 per event; the popular event 400, checked in at the door for a
   quarter). Logged in as the network coordinator with Django's test client, it measures the
   directory, an event page and the check-in list of the popular event: p50/p95 over 30
   requests and the SQL queries per page (against the same pages of a network with a
   hundredth of that: the same number means no query per row).
2. Registrations per second: gunicorn (2 workers x 8 threads) serves the site on that database;
   50 concurrent clients (threads with keep-alive connections, one session per member: every
   request needs its own log-in, so a load generator with one cookie cannot do it) register
   1,000 members for one event with 300 places. Printed: registrations per second, the answers,
   and whether the event is overbooked (confirmed must be 300, the rest on the waitlist). The
   same on PostgreSQL (a throwaway database) when a server runs.

Data are invented (names "Lid 0001"), for load only. Record the results in docs/performance.md.
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, environment, free_port, get, run, start_server  # noqa: E402

MEMBERS, EVENTS, PER_EVENT, POPULAR = 2_000, 200, 100, 400
REQUESTS, TARGET_P95_MS = 30, 150
CLIENTS, RACERS, PLACES = 50, 1_000, 300
CSRF = "b" * 32  # a CSRF secret of our own: the cookie and the header carry the same value
DB_NAME = "buurtkompas_bench_network"


def fill(scale: float, name: str):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from buurtkompas.accounts.models import User
    from buurtkompas.network.models import (
        Event,
        MemberProfile,
        NetworkMember,
        ProgrammeItem,
        Registration,
    )
    from buurtkompas.network.services import network_create

    members = max(2, round(MEMBERS * scale))
    password = make_password("bench-" + "x" * 20)
    with transaction.atomic():
        boss = User.objects.create_user(f"boss-{name}@bench.local", "bench-" + "x" * 20, name="C")
        network = network_create(actor=boss, name=f"Netwerk {name}", coordinator=boss)
        users = User.objects.bulk_create(
            User(email=f"lid{n:04d}-{name}@bench.local", name=f"Lid {n:04d}", password=password)
            for n in range(members)
        )
        people = NetworkMember.objects.bulk_create(
            NetworkMember(network=network, user=u) for u in users
        )
        MemberProfile.objects.bulk_create(
            MemberProfile(
                member=m,
                profession="opbouwwerker",
                organisation=f"Welzijn {n % 40}",
                themes=["energy_poverty", "abcd"][: 1 + n % 2],
                open_to="energiearmoede",
                public_fields=["profession"] if n % 3 else [],
            )  # fmt: skip
            for n, m in enumerate(people)
        )
        start = timezone.now() + timedelta(days=30)
        events = Event.objects.bulk_create(
            Event(
                network=network,
                kind="werkbezoek",
                title=f"Werkbezoek {n}",
                status="published",
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=5),
                capacity=POPULAR,
                open_to_guests=True,
            )  # fmt: skip
            for n in range(max(2, round(EVENTS * scale)))
        )
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(
                event=e,
                title=f"Workshop {k}",
                starts_at=e.starts_at,
                ends_at=e.starts_at + timedelta(hours=1),
                capacity=50,
            )  # fmt: skip
            for e in events
            for k in range(2)
        )
        popular, rest = events[0], events[1:]
        rows = [
            Registration(
                event=popular,
                user=u,
                status="confirmed",
                checked_in_at=start if n % 4 == 0 else None,
            )  # fmt: skip
            for n, u in enumerate(users[: max(1, round(POPULAR * scale))])
        ]
        per_event = max(1, round(PER_EVENT * scale))
        for k, event in enumerate(rest):
            rows += [
                Registration(event=event, user=users[(k * 7 + n) % len(users)], status="confirmed")
                for n in range(per_event)
            ]
        Registration.objects.bulk_create(rows, batch_size=2000)
    return boss, network, popular


def measure(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = len(queries)  # now: the next request clears the connection's query log
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "status": response.status_code,
        "p50": statistics.median(times),
        "p95": statistics.quantiles(times, n=20)[18],
        "queries": count,
    }


def pages(boss, small_boss, big, small) -> None:
    from django.test import Client
    from django.urls import reverse

    (network, popular), (tiny, tiny_popular) = big, small
    client, tiny_client = Client(), Client()
    client.force_login(boss)
    tiny_client.force_login(small_boss)
    print(
        f"\nnetwork pages on SQLite, Django test client, {REQUESTS} requests each, DEBUG=false;"
        f" {MEMBERS:,} members, {EVENTS} events, about {EVENTS * PER_EVENT:,} registrations"
    )
    print(f"{'page':30} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'small':>6}")
    for label, name, args, small_args in (
        ("directory (page 1)", "network:directory", [network.slug], [tiny.slug]),
        ("event page (popular)", "network:event", [network.slug, popular.pk],
         [tiny.slug, tiny_popular.pk]),
        ("check-in list (popular)", "network:door", [network.slug, popular.pk],
         [tiny.slug, tiny_popular.pk]),
    ):  # fmt: skip
        full = measure(client, reverse(name, args=args))
        few = measure(tiny_client, reverse(name, args=small_args))
        verdict = "ok" if full["p95"] < TARGET_P95_MS else "SLOW"
        print(f"{label:30} {full['status']:>6} {full['p50']:8.1f} {full['p95']:8.1f}"
              f" {full['queries']:8d} {few['queries']:6d}  {verdict}")  # fmt: skip
    print(f"target: p95 < {TARGET_P95_MS} ms on SQLite")


def race_setup() -> tuple[str, int, list[str]]:
    """A fresh event with PLACES places and RACERS members logged in (their session keys)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from buurtkompas.accounts.models import User
    from buurtkompas.network.models import Event, Network

    network = Network.objects.get(name="Netwerk big")
    start = timezone.now() + timedelta(days=60)
    event = Event.objects.create(
        network=network, kind="landelijk", title="Populaire landelijke dag", status="published",
        starts_at=start, ends_at=start + timedelta(hours=6), capacity=PLACES,
    )  # fmt: skip
    sessions = []
    for user in User.objects.filter(email__startswith="lid", email__endswith="-big@bench.local")[
        :RACERS
    ]:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return network.slug, event.pk, sessions


def race(port: int, slug: str, event_id: int, sessions: list[str]) -> dict:
    path = f"/netwerken/{slug}/bijeenkomsten/{event_id}/aanmelden/"
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(mine: list[str]):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        for session in mine:
            headers = {
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            }
            conn.request("POST", path, body="", headers=headers)
            response = conn.getresponse()
            response.read()
            with lock:
                statuses.append(response.status)
        conn.close()

    threads = [
        threading.Thread(target=client, args=(sessions[n::CLIENTS],)) for n in range(CLIENTS)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "statuses": statuses}


def counted(event_id: int) -> dict:
    from collections import Counter

    from buurtkompas.network.models import Registration

    return dict(
        Counter(Registration.objects.filter(event_id=event_id).values_list("status", flat=True))
    )


def report_race(database: str, result: dict, counts: dict) -> None:
    from collections import Counter

    answers = dict(Counter(result["statuses"]))
    per_second = len(result["statuses"]) / result["seconds"]
    overbooked = counts.get("confirmed", 0) > PLACES
    print(
        f"{database}: {RACERS:,} members register for {PLACES} places, {CLIENTS} concurrent"
        f" clients: {per_second:.0f} registrations/s ({result['seconds']:.1f} s); answers"
        f" {answers}; confirmed {counts.get('confirmed', 0)}, waitlisted"
        f" {counts.get('waitlisted', 0)}: {'OVERBOOKED' if overbooked else 'no overbooking'}"
    )


def serve_and_race(env: dict, database: str) -> None:
    slug, event_id, sessions = race_setup()
    port = free_port()
    server = start_server(env, port)
    try:
        assert get(port, "/healthz")[0] == 200
        result = race(port, slug, event_id, sessions)
    finally:
        server.terminate()
        server.wait()
    report_race(database, result, counted(event_id))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bk-bench-network-") as tmp:
        env = environment(Path(tmp))
        env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
        # E-mails are rendered as in production and kept in memory: no mail server is measured.
        env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        if os.getenv("BENCH_DATABASE") == "postgres":
            env.update(DB="postgres", PGDATABASE=DB_NAME)
        run([str(BIN / "buurtkompas"), "migrate", "--noinput"], env)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkompas.settings"
        import django

        django.setup()
        start = time.perf_counter()
        boss, network, popular = fill(1, "big")
        small_boss, *small = fill(0.01, "small")
        print(f"filled in {time.perf_counter() - start:.1f} s")
        database = "PostgreSQL" if env.get("DB") == "postgres" else "SQLite"
        if database == "SQLite":
            pages(boss, small_boss, (network, popular), small)
        serve_and_race(env, database)


def with_postgres() -> None:
    """Run main() again in a child process on a throwaway PostgreSQL database."""
    if subprocess.run(["pg_isready", "-h", os.getenv("PGHOST", "127.0.0.1"), "-q"]).returncode:
        print("PostgreSQL: SKIPPED, no server runs")
        return
    env = {
        **os.environ,
        "BENCH_DATABASE": "postgres",
        "PGPASSWORD": os.getenv("PGPASSWORD", "buurtkompas"),
    }
    admin = [
        "psql",
        "-h",
        "127.0.0.1",
        "-U",
        os.getenv("PGUSER", "buurtkompas"),
        "-d",
        "postgres",
        "-qc",
    ]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], env=env, check=True)
    subprocess.run([*admin, f"CREATE DATABASE {DB_NAME}"], env=env, check=True)
    try:
        subprocess.run([sys.executable, __file__], env=env, check=True)
    finally:
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], env=env)


if __name__ == "__main__":
    main()
    if not os.getenv("BENCH_DATABASE"):
        with_postgres()
