"""Buurtwerk benchmark (`make bench`, after bench/run.py): prints figures; it asserts nothing.

In a temporary SQLite database with the migrations applied and the shared data imported, it
fills one team with 5,000 activities, 2,000 residents and 10,000 log entries spread over three
years (plus some of everything else), and a second team with a hundredth of that. Then, logged
in as the coordinator with Django's test client, it measures the dashboard and every module's
list page that exists: p50/p95 over 30 requests, and the SQL queries per page for the big and
the small team (the same number means no query per row).

Other modules join it without changing this file: `bench/pages/<module>.py` names their pages
and fills their rows (see `bench/pages/__init__.py`).
"""

import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import environment, measure_import  # noqa: E402  (bench/run.py)

REQUESTS = 30
TARGET_P95_MS = 150
AREAS = ("WK059915", "WK059910", "WK059912")  # Rotterdam-Zuid: Charlois, Feijenoord, IJsselmonde
PAGES = (  # the list page of each module; those that do not exist (yet) are skipped
    "buurtwerk:dashboard",
    "buurtwerk:agenda",
    "buurtwerk:initiatives",
    "buurtwerk:activities",
    "buurtwerk:assets",
    "buurtwerk:leadership",
    "buurtwerk:stakeholders",
    "buurtwerk:agreements",
    "buurtwerk:signals",
    "buurtwerk:outreach",
    "buurtwerk:logbook",
    "residents:list",
)
FULL = {
    "activities": 5000,
    "contacts": 2000,
    "log_entries": 10000,
    "agenda_items": 300,
    "initiatives": 40,
    "stakeholders": 60,
    "agreements": 200,
    "assets": 400,
    "leadership_steps": 1500,
    "signals": 600,
    "campaigns": 10,
    "tallies": 300,
}
THREE_YEARS = 3 * 365


def bench_modules():
    """bench/pages/<module>.py of every module that adds its pages (and rows) to this bench."""
    folder = Path(__file__).resolve().parent / "pages"
    for path in sorted(folder.glob("[a-z]*.py")):
        yield importlib.import_module(f"pages.{path.stem}")


def spread(rng: random.Random, today: date, ahead: int = 0) -> date:
    """A day in the three years up to today (and `ahead` days after it)."""
    return today - timedelta(days=rng.randint(-ahead, THREE_YEARS))


def team_with_members(name: str, coordinator, users, areas):
    from buurtkompas.accounts.models import Organisation
    from buurtkompas.workspaces.models import Membership
    from buurtkompas.workspaces.services import workspace_create

    organisation, _ = Organisation.objects.get_or_create(
        name="Welzijn Zuid (bench)", defaults={"kind": "welzijnsorganisatie"}
    )
    team = workspace_create(
        actor=coordinator, name=name, lead_organisation=organisation, regions=areas
    )
    for role, user in users.items():
        Membership.objects.create(workspace=team, user=user, role=role)
    return team


def fill_residents(team, n: int, rng, today):
    from buurtkompas.residents.models import Consent, Contact

    contacts = Contact.objects.bulk_create(
        Contact(workspace=team, name=f"Bewoner {i:04d}", reach="-", notes="") for i in range(n)
    )
    Consent.objects.bulk_create(
        Consent(
            workspace=team,
            contact=c,
            purpose=purpose,
            given_on=spread(rng, today),
            method="spoken",
        )
        for c in contacts
        for purpose in ("contact", "volunteer")
        if rng.random() < 0.7
    )
    return contacts


def fill_activities(team, n: int, rng, today, members, contacts, initiatives):
    from buurtkompas.buurtwerk.models import Activity

    kinds = Activity.Kind.values
    activities = Activity.objects.bulk_create(
        Activity(
            workspace=team,
            kind=rng.choice(kinds),
            title=f"Activiteit {i}",
            held_on=spread(rng, today, ahead=60),
            place="Buurthuis",
            participants=rng.randint(3, 60),
            households_reached=rng.randint(0, 40),
            initiative=rng.choice(initiatives) if initiatives and rng.random() < 0.3 else None,
        )
        for i in range(n)
    )
    organisers = Activity.organisers.through
    organisers.objects.bulk_create(
        organisers(activity_id=a.pk, user_id=rng.choice(members).pk) for a in activities
    )
    registered = Activity.registered.through
    registered.objects.bulk_create(
        registered(activity_id=a.pk, contact_id=rng.choice(contacts).pk)
        for a in activities
        if contacts and rng.random() < 0.3
    )


def fill_log(team, n: int, rng, today, initiatives, stakeholders):
    from buurtkompas.buurtwerk.models import LogEntry

    entries = LogEntry.objects.bulk_create(
        LogEntry(
            workspace=team,
            written_on=spread(rng, today),
            title=f"Gesprek {i}",
            text="Aantekening. " * 20,
        )
        for i in range(n)
    )
    tags = LogEntry.initiatives.through
    tags.objects.bulk_create(
        tags(logentry_id=e.pk, initiative_id=rng.choice(initiatives).pk)
        for e in entries
        if initiatives and rng.random() < 0.4
    )
    parties = LogEntry.stakeholders.through
    parties.objects.bulk_create(
        parties(logentry_id=e.pk, stakeholder_id=rng.choice(stakeholders).pk)
        for e in entries
        if stakeholders and rng.random() < 0.3
    )


def fill_initiatives(team, counts, rng, today, contacts):
    from buurtkompas.buurtwerk.models import AgendaItem, Initiative, Milestone, MilestoneUpdate

    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            workspace=team,
            title=f"Wens {i}",
            channel=rng.choice(AgendaItem.Channel.values),
            status=rng.choice(AgendaItem.Status.values),
            supporters=rng.randint(1, 30),
            raised_on=spread(rng, today),
        )
        for i in range(counts["agenda_items"])
    )
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            workspace=team,
            title=f"Initiatief {i}",
            chain_stage=rng.choice(["saving", "greening", "transition", "other"]),
            status=rng.choice(Initiative.Status.values),
        )
        for i in range(counts["initiatives"])
    )
    for initiative in initiatives:
        initiative.agenda_items.set(rng.sample(items, min(2, len(items))))
        initiative.leads.set(rng.sample(contacts, min(2, len(contacts))))
    milestones = Milestone.objects.bulk_create(
        Milestone(
            workspace=team,
            initiative=initiative,
            title=f"Mijlpaal {j}",
            due_on=spread(rng, today, ahead=90),
            progress_pct=rng.choice([0, 20, 50, 80, 100]),
        )
        for initiative in initiatives
        for j in range(4)
    )
    MilestoneUpdate.objects.bulk_create(
        MilestoneUpdate(workspace=team, milestone=m, progress_pct=10 * k, note="Voortgang")
        for m in milestones
        for k in range(3)
    )
    return initiatives


def fill_stakeholders(team, counts, rng, today, owner):
    from buurtkompas.buurtwerk.models import Agreement, Stakeholder

    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            workspace=team,
            name=f"Partij {i}",
            kind=rng.choice(Stakeholder.Kind.values),
            influence=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            attitude=rng.randint(-2, 2),
        )
        for i in range(counts["stakeholders"])
    )
    Agreement.objects.bulk_create(
        Agreement(
            workspace=team,
            stakeholder=rng.choice(stakeholders),
            what=f"Afspraak {i}",
            owner=owner,
            due_on=spread(rng, today, ahead=60),
            status=rng.choice(["open", "open", "done", "dropped"]),
        )
        for i in range(counts["agreements"])
    )
    return stakeholders


def fill_the_rest(team, counts, rng, today, contacts, initiatives):
    from buurtkompas.buurtwerk.models import (
        Asset,
        Campaign,
        CampaignTally,
        HousingSignal,
        LeadershipStep,
    )

    Asset.objects.bulk_create(
        Asset(
            workspace=team,
            kind=(kind := rng.choice(Asset.Kind.values)),
            title=f"Kracht {i}",
            contact=rng.choice(contacts) if kind == "talent" else None,
            latitude=51.88 + rng.random() / 50,
            longitude=4.48 + rng.random() / 30,
        )
        for i in range(counts["assets"])
    )
    LeadershipStep.objects.bulk_create(
        LeadershipStep(
            workspace=team,
            contact=rng.choice(contacts),
            rung=rng.randint(1, 5),
            taken_on=spread(rng, today),
            initiative=rng.choice(initiatives) if initiatives else None,
        )
        for _ in range(counts["leadership_steps"])
    )
    HousingSignal.objects.bulk_create(
        HousingSignal(
            workspace=team,
            complex=f"Complex {rng.randint(1, 40)}",
            problem=rng.choice(HousingSignal.Problem.values),
            households=rng.randint(1, 12),
            noted_on=spread(rng, today),
            source=rng.choice(HousingSignal.Source.values),
        )
        for _ in range(counts["signals"])
    )
    campaigns = Campaign.objects.bulk_create(
        Campaign(workspace=team, name=f"Campagne {i}", started_on=spread(rng, today))
        for i in range(counts["campaigns"])
    )
    CampaignTally.objects.bulk_create(
        CampaignTally(
            workspace=team,
            campaign=rng.choice(campaigns),
            counted_on=spread(rng, today),
            doors_knocked=(doors := rng.randint(20, 120)),
            conversations=doors // 2,
            contacts_made=doors // 4,
            follow_up_agreed=doors // 8,
            follow_up_done=doors // 16,
        )
        for _ in range(counts["tallies"])
        if campaigns
    )


def fill(team, counts: dict, members: list, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    rng, today = random.Random(seed), timezone.localdate()
    with transaction.atomic():
        contacts = fill_residents(team, counts["contacts"], rng, today)
        initiatives = fill_initiatives(team, counts, rng, today, contacts)
        stakeholders = fill_stakeholders(team, counts, rng, today, members[0])
        fill_activities(team, counts["activities"], rng, today, members, contacts, initiatives)
        fill_log(team, counts["log_entries"], rng, today, initiatives, stakeholders)
        fill_the_rest(team, counts, rng, today, contacts, initiatives)
        scale = counts["contacts"] / FULL["contacts"]
        for module in bench_modules():
            if hasattr(module, "fill"):
                kwargs = {"rng": rng, "today": today, "members": members, "contacts": contacts}
                module.fill(team, scale=scale, **kwargs)


def make_teams():
    from buurtkompas.accounts.models import User
    from buurtkompas.regions.models import Region

    password = "bench-" + "x" * 20
    coordinator = User.objects.create_user("coordinator@bench.local", password, name="Coördinator")
    users = {
        role: User.objects.create_user(f"{role}@bench.local", password, name=role)
        for role in ("opbouwwerker", "vrijwilliger", "partner")
    }
    areas = list(Region.objects.filter(code__in=AREAS, year=2024))
    big = team_with_members("Groot team", coordinator, users, areas)
    small = team_with_members("Klein team", coordinator, users, areas)
    members = [coordinator, *users.values()][:3]
    fill(big, FULL, members, seed=1)
    fill(small, {k: max(1, v // 100) for k, v in FULL.items()}, members, seed=2)
    return coordinator, big, small


def measure(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches (the atlas rankings, templates)
        response = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = len(queries)  # now: the next request clears the connection's query log
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=20)
    return {
        "status": response.status_code,
        "p50": statistics.median(times),
        "p95": cuts[18],
        "queries": count,
    }


def pages(team_pk: int) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    found = []
    for name in [*PAGES, *(n for module in bench_modules() for n in module.PAGES)]:
        try:
            found.append((name, reverse(name, args=[team_pk])))
        except NoReverseMatch:
            print(f"  (skipped {name}: no such page yet)")
    return found


def report(coordinator, big, small) -> None:
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    print(
        f"\nteam pages on SQLite, Django test client, {REQUESTS} requests each, DEBUG=false;"
        f" big team: {FULL['activities']:,} activities, {FULL['contacts']:,} residents,"
        f" {FULL['log_entries']:,} log entries; small team: a hundredth"
    )
    print(
        f"{'page':24} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} "
        f"{'small':>6}  verdict"
    )
    for name, path in pages(big.pk):
        full = measure(client, path)
        tiny = measure(client, path.replace(f"/{big.pk}/", f"/{small.pk}/", 1))
        fast = full["p95"] < TARGET_P95_MS
        constant = full["queries"] == tiny["queries"]
        verdict = ("ok" if fast else "SLOW") + (", constant" if constant else ", QUERIES GROW")
        print(
            f"{name:24} {full['status']:>6} {full['p50']:8.1f} {full['p95']:8.1f} "
            f"{full['queries']:8d} {tiny['queries']:6d}  {verdict}"
        )
    print(
        f"targets: p95 < {TARGET_P95_MS} ms on SQLite; no query per row (the big and the small"
        " team need the same number of queries)\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bk-bench-buurtwerk-") as tmp:
        env = environment(Path(tmp))
        env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
        imported = measure_import(env)
        print(f"migrations + import all: {imported['wall_s']:.1f} s (see bench/run.py)")
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkompas.settings"
        import django

        django.setup()
        start = time.perf_counter()
        coordinator, big, small = make_teams()
        print(f"filled the teams in {time.perf_counter() - start:.1f} s")
        report(coordinator, big, small)


if __name__ == "__main__":
    main()
