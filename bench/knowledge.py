"""The knowledge base under load (`make bench`): prints figures; it asserts nothing.

In a temporary database (SQLite; then PostgreSQL in a throwaway database when a server runs)
a network gets 20,000 published public items, each with two versions, two or three themes, a
region for a third of them, and about 80 words of Dutch text drawn from the field's vocabulary
(invented, for load only). Every item is in the full-text index of its database.

gunicorn (2 workers x 8 threads, DEBUG=false) serves the site; Debian's `wrk` measures, for
the bare view `/healthz` and for each page below, the latency with one connection (p50/p95)
and the throughput with 16 connections, and prints the throughput as a ratio to the bare
view in the same run:

- search with two words in other forms ("tochtstrips huurders"), a common word ("energie"),
  a search with a facet chosen, and the list without a query;
- an item page.

Target (issue 12): p95 of search and of an item page under 150 ms. Record the figures in
docs/performance.md.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wrk  # noqa: E402
from run import BIN, environment, free_port, run, start_server  # noqa: E402

ITEMS, WORDS_PER_ITEM, TARGET_P95_MS = 20_000, 80, 150
DB_NAME = "buurtkompas_bench_knowledge"
VOCABULARY = """
huurder huurders tochtstrip tochtstrips radiatorfolie isolatie isoleren energiecoach
energiecoaches fixbrigade fixteam bewonersavond bewoners buurthuis portiekflat corporatie
gemeente wijkaanpak warmtenet aardgasvrij energierekening energiearmoede besparen geveltuin
geveltuinen vergroening regenton tegels groen keukentafelgesprek vrijwilligers buren
opbouwwerker opbouwwerkers werkbezoek kennis netwerk wijkuitvoeringsplan warmtevisie
zonnepanelen ventilatie vocht schimmel ledlampen waterbesparende douchekop deurdranger
brievenbusborstel kierdichting thermostaat meterstand verbruik inkomen schulden armoede
taal vertrouwen buurtkracht talenten krachten initiatief initiatieven agenda stappen keten
klimaat hitte wateroverlast boom bomen speeltuin school moskee kerk winkel markt koffie
gesprek deur flyer huisbezoek huishoudens woning woningen verhuurder onderhoud klachten
""".split()
rng_order = random.Random(3).sample(VOCABULARY, len(VOCABULARY))
# word frequencies as in real text (Zipf): a few words everywhere, most words in few items
ZIPF = [1 / (rng_order.index(word) + 1) for word in VOCABULARY]


def fill(scale: float = 1.0):
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from buurtkompas.accounts.models import User
    from buurtkompas.knowledge import search
    from buurtkompas.knowledge.models import Item, ItemTheme, ItemVersion, Theme
    from buurtkompas.network.services import network_create
    from buurtkompas.regions.models import Region

    rng = random.Random(12)
    count = max(10, round(ITEMS * scale))
    themes = Theme.values
    regions = list(Region.objects.filter(level="gemeente").order_by("code")[:300])
    with transaction.atomic():
        author = User.objects.create_user("auteur@bench.local", "bench-" + "x" * 20, name="Auteur")
        User.objects.filter(pk=author.pk).update(password=make_password("bench-" + "x" * 20))
        network = network_create(actor=author, name="Netwerk kennisbank", coordinator=author)
        now = timezone.now()
        items = []
        for n in range(count):
            words = rng.choices(VOCABULARY, weights=ZIPF, k=WORDS_PER_ITEM)
            items.append(
                Item(
                    network=network,
                    kind=rng.choice(["case", "method", "instrument", "background"]),
                    title=" ".join(words[:5]).capitalize() + f" {n}",
                    summary=" ".join(words[5:25]) + ".",
                    approach=" ".join(words[25:]) + ".",
                    goal="Minder energiekosten.",
                    chain_stage=rng.choice(["saving", "greening", "transition", "other"]),
                    status="published",
                    visibility="public",
                    author=author,
                    published_at=now - timedelta(minutes=n),
                    quality_level=rng.choice(["not_assessed", "well_described"]),
                )
            )
        items = Item.objects.bulk_create(items, batch_size=1000)
        ItemTheme.objects.bulk_create(
            (ItemTheme(item=i, theme=t)
             for i in items for t in rng.sample(themes, rng.randint(2, 3))),
            batch_size=5000,
        )  # fmt: skip
        through = Item.regions.through
        through.objects.bulk_create(
            (through(item_id=i.pk, region_id=rng.choice(regions).pk) for i in items[::3]),
            batch_size=5000,
        )  # fmt: skip
        ItemVersion.objects.bulk_create(
            (ItemVersion(item=i, number=v, author=author, data={"title": i.title, "v": v})
             for i in items for v in (1, 2)),
            batch_size=5000,
        )  # fmt: skip
        with connection.cursor() as cursor:
            if search.is_postgres():
                cursor.executemany(
                    "INSERT INTO knowledge_item_search (item_id, vector) VALUES (%s, "
                    "setweight(to_tsvector('dutch', %s), 'A') || "
                    "setweight(to_tsvector('dutch', %s), 'B') || "
                    "setweight(to_tsvector('dutch', %s), 'C'))",
                    [(i.pk, *map(search.fold, search.parts(i))) for i in items],
                )
            else:
                cursor.executemany(
                    "INSERT INTO knowledge_item_fts (rowid, title, summary, rest) "
                    "VALUES (%s, %s, %s, %s)",
                    [(i.pk, *map(search.stems, search.parts(i))) for i in items],
                )
    if search.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return items[len(items) // 2]


def pages(item) -> list[tuple[str, str]]:
    return [
        ("search: tochtstrips huurders", "/kennisbank/?q=" + quote("tochtstrips huurders")),
        ("search: energie", "/kennisbank/?q=energie"),
        ("search + facet", "/kennisbank/?q=isolatie&thema=energy_poverty&soort=method"),
        ("list without a query", "/kennisbank/"),
        ("item page", f"/kennisbank/{item.pk}/"),
    ]


def measure(port: int, database: str, item) -> None:
    base = f"http://127.0.0.1:{port}"
    bare = wrk.measure(base + "/healthz")
    print(
        f"\nknowledge base on {database}, {ITEMS:,} items with 2 versions each; gunicorn 2x8, "
        f"wrk (16 connections for throughput, 1 for latency), 10 s each"
    )
    print(f"bare view /healthz: {bare['req_per_s']:.0f} req/s, p95 {bare['p95_ms']:.1f} ms")
    print(
        f"{'page':30} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7} {'ratio':>6} {'p95@16':>7}"
        f" {'non2xx':>6}"
    )
    for label, path in pages(item):
        single = wrk.measure(base + path, threads=1, connections=1)
        many = wrk.measure(base + path)
        verdict = "ok" if single["p95_ms"] < TARGET_P95_MS else "SLOW"
        print(
            f"{label:30} {single['p50_ms']:7.1f} {single['p95_ms']:7.1f} "
            f"{many['req_per_s']:7.0f} {many['req_per_s'] / bare['req_per_s']:6.3f} "
            f"{many['p95_ms']:7.1f} {many['non_2xx'] + single['non_2xx']:6d}  {verdict}"
        )
    # searches that differ on every request: no answer is reused, each one is computed
    words = [quote(w) for w in VOCABULARY]
    lua = (
        "math.randomseed(7)\nlocal words = {"
        + ", ".join(f'"{w}"' for w in words)
        + "}\nrequest = function()\n  local a = words[math.random(#words)]\n"
        + "  local b = words[math.random(#words)]\n"
        + '  return wrk.format(nil, "/kennisbank/?q=" .. a .. "+" .. b .. "&pagina=" .. '
        + "math.random(3))\nend\n"
    )
    single = wrk.measure(base + "/kennisbank/", threads=1, connections=1, lua=lua)
    many = wrk.measure(base + "/kennisbank/", lua=lua)
    print(
        f"{'search: random 2 words':30} {single['p50_ms']:7.1f} {single['p95_ms']:7.1f} "
        f"{many['req_per_s']:7.0f} {many['req_per_s'] / bare['req_per_s']:6.3f} "
        f"{many['p95_ms']:7.1f} {many['non_2xx'] + single['non_2xx']:6d}  "
        f"{'ok' if single['p95_ms'] < TARGET_P95_MS else 'SLOW'}"
    )
    print(f"target: p95 < {TARGET_P95_MS} ms (one client)")


def main() -> None:
    if not wrk.available():
        print("knowledge bench: SKIPPED, wrk is not installed (apt-get install wrk)")
        return
    with tempfile.TemporaryDirectory(prefix="bk-bench-knowledge-") as tmp:
        env = environment(Path(tmp))
        if os.getenv("BENCH_DATABASE") == "postgres":
            env.update(DB="postgres", PGDATABASE=DB_NAME)
        run([str(BIN / "buurtkompas"), "migrate", "--noinput"], env)
        run([str(BIN / "buurtkompas"), "import", "all"], env)  # gemeenten for the regions
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkompas.settings"
        import django

        django.setup()
        start = time.perf_counter()
        item = fill()
        print(f"filled {ITEMS:,} items in {time.perf_counter() - start:.1f} s")
        database = "PostgreSQL" if env.get("DB") == "postgres" else "SQLite"
        port = free_port()
        server = start_server(env, port)
        try:
            measure(port, database, item)
        finally:
            server.terminate()
            server.wait()


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
    user = os.getenv("PGUSER", "buurtkompas")
    admin = ["psql", "-h", "127.0.0.1", "-U", user, "-d", "postgres", "-qc"]
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
