"""The household visits on the team dashboard (`workspaces.panels`): this quarter's visits and
measures, what needs following up, the estimate and the measured change; partners with small
counts hidden, and the same number of queries however many visits there are."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtkompas.residents.models import Purpose
from buurtkompas.visits import services
from buurtkompas.visits.panel import quarter_start
from tests.helpers import NAME, count_queries, text_of
from tests.test_visits_measured_overview import household_followed_up
from tests.test_visits_overview import done_visit

pytestmark = pytest.mark.django_db


def dashboard(team) -> str:
    return reverse("buurtwerk:dashboard", args=[team.pk])


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_it_shows_the_quarter_s_visits_and_what_to_follow_up(
    personas, team, resident_with_consent, as_user
):
    coordinator = personas["coordinator"]
    done_visit(resident_with_consent, coordinator)
    done_visit(resident_with_consent, coordinator)
    household_followed_up(resident_with_consent, coordinator)  # done in 2025: not this quarter
    planned = services.visit_plan(
        actor=coordinator,
        contact=resident_with_consent(Purpose.VISIT),
        planned_for=timezone.localdate(),
    )
    assert planned.status == "planned"
    text = text_of(as_user(coordinator).get(dashboard(team)))
    assert "Household visits" in text
    assert "2 visits done" in text and "2 households visited" in text
    assert "2 measures fitted" in text  # the shower heads; the advised strips do not count
    assert "1 visits planned" in text
    # The shower head: 44 m³ a year each (Milieu Centraal), an estimate.
    assert "88 m³ (estimate)" in text
    assert "-365 kWh, 20 m³ (measured in 1 household)" in text
    assert "2 referrals to follow up" not in text  # no follow-up date set on them
    assert NAME not in text


def test_referrals_past_their_follow_up_date_are_counted(
    personas, team, resident_with_consent, as_user
):
    coordinator = personas["coordinator"]
    visit = done_visit(resident_with_consent, coordinator)
    referral = visit.referrals.get()
    referral.follow_up_on = timezone.localdate()
    referral.save()
    text = text_of(as_user(coordinator).get(dashboard(team)))
    assert "1 referrals to follow up" in text


def test_partners_see_fewer_than_five_and_no_sums_over_few_households(
    personas, team, resident_with_consent, as_user
):
    coordinator, partner = personas["coordinator"], personas["partner"]
    done_visit(resident_with_consent, coordinator)
    household_followed_up(resident_with_consent, coordinator)
    text = text_of(as_user(partner).get(dashboard(team)))
    assert "fewer than 5 visits done" in text
    assert "not shown: fewer than 5 households" in text
    assert "44 m³" not in text and "-365 kWh" not in text
    assert "All household visits" not in text  # the list holds names: not for partners


def test_the_quarter_starts_on_the_first_of_its_first_month():
    assert quarter_start(date(2026, 12, 3)) == date(2026, 10, 1)
    assert quarter_start(date(2026, 1, 1)) == date(2026, 1, 1)
    assert quarter_start(date(2026, 6, 30)) == date(2026, 4, 1)


def test_the_panel_costs_the_same_queries_for_one_or_six_visits(
    personas, team, resident_with_consent, client_as
):
    coordinator = personas["coordinator"]
    done_visit(resident_with_consent, coordinator)
    client = client_as(coordinator)
    one = count_queries(client, dashboard(team))
    for _ in range(5):
        done_visit(resident_with_consent, coordinator, problem=True)
    assert count_queries(client, dashboard(team)) == one
