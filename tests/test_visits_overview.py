"""The team's household visits in numbers: every member reads them, partners with small counts
hidden, and the page costs the same number of queries however many visits there are."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtkompas.residents.models import Purpose
from buurtkompas.visits import overview, services
from tests.helpers import NAME, count_queries, text_of

pytestmark = pytest.mark.django_db


def url(team) -> str:
    return reverse("visits:overview", args=[team.pk])


def done_visit(make_resident, coordinator, *, measures=True, problem=False):
    contact = make_resident(Purpose.VISIT)
    today = timezone.localdate()
    visit = services.visit_plan(actor=coordinator, contact=contact, planned_for=today)
    if measures:
        for key, quantity, status in (
            ("waterbesparende_douchekop", 1, "fitted"),
            ("tochtstrips", 4, "advised"),
        ):
            services.measure_fit(
                actor=coordinator, visit=visit, catalogue_key=key, quantity=quantity, status=status
            )
        services.referral_make(actor=coordinator, visit=visit, service_key="energieloket")
    if problem:
        services.visit_step_save(
            actor=coordinator, visit=visit, step="woning", data={"complex": "Flat Noord"}
        )
        services.visit_problems_add(actor=coordinator, visit=visit, problems=["mould"])
    return services.visit_complete(actor=coordinator, visit=visit, done_on=today)


def test_it_counts_visits_measures_savings_referrals_and_problems(
    personas, team, resident_with_consent, as_user
):
    coordinator = personas["coordinator"]
    done_visit(resident_with_consent, coordinator, problem=True)
    done_visit(resident_with_consent, coordinator)
    text = text_of(as_user(coordinator).get(url(team)))
    assert "First visits done 2" in text and "Households visited 2" in text
    assert "Water-saving shower head 2 0" in text  # fitted at 2 visits, advised at none
    assert "Draught strips 0 2" in text
    assert "Gas 88 m³" in text  # 2 x 44 m³, Milieu Centraal's reference for the shower head
    assert "An estimate, not a measurement" in text
    assert "Suggested 2" in text
    assert "Mould or damp 1" in text
    assert NAME not in text
    this_month = timezone.localdate().strftime("%B %Y")
    assert f"{this_month} 2" in text


def test_partners_see_small_counts_as_fewer_than_five_and_no_small_sums(
    personas, team, resident_with_consent, as_user
):
    coordinator = personas["coordinator"]
    done_visit(resident_with_consent, coordinator)
    text = text_of(as_user(personas["partner"]).get(url(team)))
    assert "First visits done fewer than 5" in text
    assert "Households visited fewer than 5" in text
    assert "Not shown: fewer than 5 households had measures fitted." in text
    assert "Gas 44 m³" not in text
    for _ in range(4):
        done_visit(resident_with_consent, coordinator)
    text = text_of(as_user(personas["partner"]).get(url(team)))
    assert "First visits done 5" in text and "Gas 220 m³" in text
    worker = text_of(as_user(personas["opbouwwerker"]).get(url(team)))
    assert "Visits cancelled 0" in worker and "fewer than" not in worker


def test_every_member_reads_it_and_an_outsider_gets_404(personas, team, as_user):
    for role in ("coordinator", "opbouwwerker", "vrijwilliger", "partner"):
        assert as_user(personas[role]).get(url(team)).status_code == 200
    assert as_user(personas["outsider"]).get(url(team)).status_code == 404


def test_it_costs_the_same_queries_for_one_or_six_visits(
    personas, team, resident_with_consent, client_as
):
    coordinator = personas["coordinator"]
    done_visit(resident_with_consent, coordinator)
    client = client_as(coordinator)
    one = count_queries(client, url(team))
    for _ in range(5):
        done_visit(resident_with_consent, coordinator, problem=True)
    assert count_queries(client, url(team)) == one


def test_it_draws_twelve_months_oldest_first_scaled_to_the_busiest():
    today = date(2026, 3, 15)
    bars = overview.month_bars({date(2026, 3, 1): 4, date(2025, 4, 1): 2}, today)
    assert [b.month for b in bars][:2] == [date(2025, 4, 1), date(2025, 5, 1)]
    assert bars[-1].month == date(2026, 3, 1) and len(bars) == 12
    assert (bars[0].height_px, bars[-1].height_px) == (40, 80)  # 2 of 4, 4 of 4 -> 80 px
    assert bars[-1].y_px == 10 and bars[1].height_px == 0
    assert [overview.is_small(n) for n in (None, 0, 1, 4, 5)] == [False, False, True, True, False]
