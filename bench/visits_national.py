"""National totals of household visits per gemeente on PostgreSQL (`make bench-national`):
prints figures; it asserts nothing.

In a throwaway PostgreSQL database (created and dropped here) with the migrations applied and
the shared data imported (real gemeenten and buurten), 300 teams get 500,000 households and
1,000,000 household visits (two per household: a first visit and a follow-up), and every done
first visit two fitted measures and one advised (real catalogue snapshots), inserted with
INSERT ... SELECT over generate_series. After VACUUM ANALYZE it times the rebuild of the
derived table (`services.national_totals_refresh()`, which adds up every visit: the
scheduler's daily job) and what a national report reads
(`selectors_national.national_totals_by_gemeente()`), and prints PostgreSQL's own execution
time of the rebuild's two grouped queries (EXPLAIN ANALYZE).
Target for the read: under 1 s.

The invented mix (for load only): 90 % of households have a buurt (spread over the imported
buurten), 85 % of visits are done, 10 % planned, 5 % cancelled.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, environment, run  # noqa: E402

DATABASE = "buurtkompas_bench_national"
TEAMS, HOUSEHOLDS = 300, 500_000
RUNS, REFRESH_RUNS, TARGET_S = 20, 5, 1.0


def psql(sql: str, env: dict) -> None:
    subprocess.run(
        ["psql", "-h", env["PGHOST"], "-p", env["PGPORT"], "-U", env["PGUSER"], "-d", "postgres"]
        + ["-v", "ON_ERROR_STOP=1", "-qc", sql],
        env=env,
        check=True,
    )


def make_teams() -> list[int]:
    from buurtkompas.accounts.models import Organisation, User
    from buurtkompas.workspaces.services import workspace_create

    coordinator = User.objects.create_user("national@bench.local", "bench-" + "x" * 20, name="C")
    organisation = Organisation.objects.create(name="Welzijn (bench)", kind="welzijnsorganisatie")
    return [
        workspace_create(actor=coordinator, name=f"Team {i:03d}", lead_organisation=organisation).pk
        for i in range(TEAMS)
    ]


def fill(team_ids: list[int]) -> dict:
    from django.db import connection

    from buurtkompas.regions.models import Region
    from buurtkompas.visits.catalogue import load_measures
    from buurtkompas.visits.services import _snapshot_catalogue

    buurten = list(Region.objects.filter(level="buurt").values_list("pk", flat=True))
    measures = load_measures()
    picks = [
        _snapshot_catalogue(measures[key]) | {"key": key, "quantity": quantity, "status": status}
        for key, quantity, status in (
            ("waterbesparende_douchekop", 1, "fitted"),
            ("led_vervangt_gloeilamp_40w", 3, "fitted"),
            ("tochtstrips", 4, "advised"),
        )
    ]
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO residents_contact
                (workspace_id, name, reach, notes, created_at, last_activity_at, buurt_id)
            SELECT (%(teams)s::bigint[])[1 + i %% cardinality(%(teams)s::bigint[])],
                   'Huishouden ' || i, '', '', now(), now(),
                   CASE WHEN i %% 10 = 0 THEN NULL
                        ELSE (%(buurten)s::bigint[])
                             [1 + (i * 7919) %% cardinality(%(buurten)s::bigint[])]
                   END
            FROM generate_series(0::bigint, %(n)s - 1) AS i
            """,
            {"teams": team_ids, "buurten": buurten, "n": HOUSEHOLDS},
        )
        cur.execute(
            """
            INSERT INTO visits_householdvisit
                (workspace_id, contact_id, planned_for, status, done_on, kind, created_at,
                 build_period, complex, corporation_name, dwelling_type, energy_label,
                 income_bracket, last_step, savings_below_limit, tenure, wishes, advice,
                 measured_m3_correction)
            SELECT c.workspace_id, c.id, d.day, s.status,
                   CASE WHEN s.status = 'done' THEN d.day END,
                   CASE WHEN g = 0 THEN 'first' ELSE 'follow_up' END, now(),
                   '', '', '', '', '', '', '', '', '', '', '', ''
            FROM residents_contact c
            CROSS JOIN generate_series(0, 1) AS g
            CROSS JOIN LATERAL (SELECT date '2023-01-01' + ((c.id * 13 + g * 97) %% 1000)::int
                                AS day) d
            CROSS JOIN LATERAL (SELECT CASE WHEN (c.id * 3 + g) %% 20 < 17 THEN 'done'
                                            WHEN (c.id * 3 + g) %% 20 < 19 THEN 'planned'
                                            ELSE 'cancelled' END AS status) s
            """,
            {},
        )
        for pick in picks:
            cur.execute(
                """
                INSERT INTO visits_fittedmeasure
                    (workspace_id, visit_id, created_at, catalogue_key, name_nl, name_en, unit,
                     quantity, status, saving_kwh, saving_m3, saving_eur, saving_status,
                     reference_household, saving_source, saving_source_url, saving_year)
                SELECT v.workspace_id, v.id, now(), %(key)s, %(name_nl)s, %(name_en)s, %(unit)s,
                       %(quantity)s, %(status)s, %(saving_kwh)s, %(saving_m3)s, %(saving_eur)s,
                       %(saving_status)s, %(reference_household)s, %(saving_source)s,
                       %(saving_source_url)s, %(saving_year)s
                FROM visits_householdvisit v WHERE v.kind = 'first' AND v.status = 'done'
                """,
                pick,
            )
        cur.execute("VACUUM ANALYZE")
        counts = {}
        for table in ("residents_contact", "visits_householdvisit", "visits_fittedmeasure"):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            counts[table] = cur.fetchone()[0]
    return counts


def execution_ms(queryset) -> str:
    plan = queryset.explain(analyze=True)
    return next(line for line in plan.splitlines() if "Execution Time" in line).strip()


def timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times) if runs < 20 else statistics.quantiles(times, n=20)[
        18
    ]


def measure() -> None:
    from django.db.models import Count, F

    from buurtkompas.visits.models import FittedMeasure, HouseholdVisit
    from buurtkompas.visits.selectors_national import national_totals_by_gemeente
    from buurtkompas.visits.services import national_totals_refresh

    national_totals_refresh()  # warm-up
    median, worst = timed(national_totals_refresh, REFRESH_RUNS)
    print(
        f"national_totals_refresh() (adds up every visit; the scheduler's job): "
        f"median {median:.3f} s, slowest {worst:.3f} s of {REFRESH_RUNS} runs"
    )
    national_totals_by_gemeente()
    median, worst = timed(national_totals_by_gemeente, RUNS)
    result = national_totals_by_gemeente()
    shown = sum(1 for r in result.rows if r.visits_done is not None)
    print(f"rows: {len(result.rows)} (gemeenten + unknown), {shown} with counts of 5 or more")
    print(
        f"national_totals_by_gemeente() (what a report reads): median {median * 1000:.1f} ms, "
        f"slowest {worst * 1000:.1f} ms of {RUNS} runs (target < {TARGET_S} s): "
        f"{'ok' if worst < TARGET_S else 'SLOW'}"
    )
    visits = (
        HouseholdVisit.objects.filter(status="done")
        .values(buurt_id=F("contact__buurt_id"))
        .annotate(n=Count("id"), households=Count("contact_id", distinct=True))
        .order_by()
    )
    measures = (
        FittedMeasure.objects.filter(status="fitted", visit__status="done")
        .values(buurt_id=F("visit__contact__buurt_id"))
        .annotate(n=Count("id"))
        .order_by()
    )
    print(f"  refresh, visits grouped by buurt: {execution_ms(visits)}")
    print(f"  refresh, fitted measures grouped by buurt: {execution_ms(measures)}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bk-bench-national-") as tmp:
        env = environment(Path(tmp))
        env.update(DB="postgres", PGDATABASE=DATABASE)
        for name, default in (("PGHOST", "127.0.0.1"), ("PGPORT", "5432")):
            env.setdefault(name, default)
        env.setdefault("PGUSER", "buurtkompas")
        env.setdefault("PGPASSWORD", "buurtkompas")
        if subprocess.run(["pg_isready", "-h", env["PGHOST"], "-q"]).returncode != 0:
            print("bench/visits_national.py: SKIPPED, no PostgreSQL server runs")
            return
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", env)
        psql(f"CREATE DATABASE {DATABASE}", env)
        try:
            start = time.perf_counter()
            run([str(BIN / "buurtkompas"), "migrate", "--noinput"], env)
            run([str(BIN / "buurtkompas"), "import", "all"], env)
            print(f"PostgreSQL: migrate + import all in {time.perf_counter() - start:.0f} s")
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkompas.settings"
            import django

            django.setup()
            start = time.perf_counter()
            counts = fill(make_teams())
            print(
                f"filled in {time.perf_counter() - start:.0f} s: {TEAMS} teams, "
                + ", ".join(f"{table} {n:,}" for table, n in counts.items())
            )
            measure()
        finally:
            if not os.getenv("BENCH_KEEP_DATABASE"):  # keep it to study query plans
                psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", env)


if __name__ == "__main__":
    main()
