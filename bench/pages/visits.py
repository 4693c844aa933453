"""Household visits in the team-page benchmark (`bench/buurtwerk.py`): 20,000 visits for the big
team (a hundredth for the small one), with what a real team records at them.

Mix (invented, for load only): 70 % first visits done, 10 % planned or in progress, 5 %
cancelled, 15 % follow-up visits done of an earlier first visit (their stored measured change
filled in); two or three measures per done first visit (one advised), a referral at half of
them, a housing problem at one in ten.
"""

from datetime import timedelta

PAGES = ("visits:list", "visits:overview")
VISITS = 20_000


def _first_visit_rows(team, n, rng, today, members, contacts):
    from buurtkompas.visits.models import HouseholdVisit

    rows = []
    for i in range(n):
        draw = rng.random()
        planned_for = today - timedelta(days=rng.randint(-30, 3 * 365))
        if draw < 0.10:
            status, done_on = rng.choice(("planned", "in_progress")), None
            planned_for = today + timedelta(days=rng.randint(0, 60))
        elif draw < 0.15:
            status, done_on = "cancelled", None
        else:
            status, done_on = "done", min(planned_for, today)
        rows.append(
            HouseholdVisit(
                workspace=team,
                contact=contacts[i % len(contacts)],
                coach=rng.choice(members),
                planned_for=planned_for,
                status=status,
                done_on=done_on,
                dwelling_type="apartment",
                tenure="corporation",
                household_size=rng.randint(1, 5),
            )
        )
    return HouseholdVisit.objects.bulk_create(rows, batch_size=2000)


def fill(team, *, scale, rng, today, members, contacts):
    from django.utils import timezone

    from buurtkompas.visits import catalogue
    from buurtkompas.visits.models import (
        FittedMeasure,
        HouseholdVisit,
        HousingProblemSeen,
        Referral,
    )
    from buurtkompas.visits.services import _snapshot_catalogue

    total = max(1, round(VISITS * scale))
    firsts = _first_visit_rows(team, round(total * 0.85), rng, today, members, contacts)
    done = [v for v in firsts if v.status == "done"]
    follow_ups = HouseholdVisit.objects.bulk_create(
        [
            HouseholdVisit(
                workspace=team,
                contact=first.contact,
                coach=first.coach,
                kind="follow_up",
                follow_up_of=first,
                planned_for=min(first.done_on + timedelta(weeks=10), today),
                status="done",
                done_on=min(first.done_on + timedelta(weeks=10), today),
                measured_kwh_per_year=rng.uniform(-600, 100),
                measured_m3_per_year=rng.uniform(-250, 50),
                measured_m3_correction=rng.choice(("corrected", "degree_days_not_loaded")),
                estimated_kwh_per_year=-rng.uniform(50, 300),
                estimated_m3_per_year=-rng.uniform(20, 150),
                measured_at=timezone.now(),
            )
            for first in rng.sample(done, min(len(done), total - len(firsts)))
        ],
        batch_size=2000,
    )
    measures = [m for m in catalogue.load_measures().values()]
    snapshots = [_snapshot_catalogue(m) for m in measures]
    FittedMeasure.objects.bulk_create(
        [
            FittedMeasure(
                workspace=team,
                visit=visit,
                catalogue_key=measures[k].key,
                quantity=rng.randint(1, 4),
                status="advised" if j == 2 else "fitted",
                **snapshots[k],
            )
            for visit in done
            for j, k in enumerate(rng.sample(range(len(measures)), rng.randint(2, 3)))
        ],
        batch_size=2000,
    )
    Referral.objects.bulk_create(
        [
            Referral(
                workspace=team,
                visit=visit,
                service_key="energieloket",
                service_name="Energieloket",
                status=rng.choice(Referral.Status.values),
                follow_up_on=visit.done_on + timedelta(weeks=4),
            )
            for visit in done
            if rng.random() < 0.5
        ],
        batch_size=2000,
    )
    HousingProblemSeen.objects.bulk_create(
        [
            HousingProblemSeen(
                workspace=team,
                visit=visit,
                problem=rng.choice(HousingProblemSeen.Problem.values),
                signalled_on=visit.done_on,
            )
            for visit in done
            if rng.random() < 0.1
        ],
        batch_size=2000,
    )
    return firsts + follow_ups
