"""The measured change of a follow-up visit, stored when the visit is done and recomputed when
KNMI degree days arrive, added up in the team's view beside the estimate for the same
households; partners see it only over five households or more. Erasure removes it with the
meter readings it came from."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import contact_erase, contact_export
from buurtkompas.visits import measured_change as mc
from buurtkompas.visits import services
from buurtkompas.visits.models import HouseholdVisit
from tests.helpers import text_of
from tests.test_visits_followup import (
    BILL,
    FIRST,
    FOLLOW_UP,
    load_temperatures,
    record_first_visit_readings,
)

pytestmark = pytest.mark.django_db
KNMI_FILE = Path(__file__).parent / "fixtures" / "knmi" / "daggegevens-260-20240101-20240114.txt"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def household_followed_up(make_resident, coordinator, *, done=True) -> HouseholdVisit:
    """The worked example of tests/test_visits_followup.py: electricity -365 kWh a year, gas
    +19.9 m³ uncorrected; estimate -187 kWh (10 LED lamps) and -120 m³ (thermostat)."""
    contact = make_resident(Purpose.VISIT)
    first = services.visit_plan(actor=coordinator, contact=contact, planned_for=FIRST)
    for key, quantity in (("thermostaat_1_graad_lager", 1), ("led_vervangt_gloeilamp_40w", 10)):
        services.measure_fit(
            actor=coordinator, visit=first, catalogue_key=key, quantity=quantity, status="fitted"
        )
    record_first_visit_readings(first, coordinator)
    services.visit_complete(actor=coordinator, visit=first, done_on=FIRST)
    later = services.visit_follow_up_plan(actor=coordinator, visit=first, planned_for=FOLLOW_UP)
    services.meter_reading_add(
        actor=coordinator, visit=later, read_on=FOLLOW_UP, source="coach",
        electricity_kwh=14_200, gas_m3=6_400,
    )  # fmt: skip
    if done:
        services.visit_complete(actor=coordinator, visit=later, done_on=FOLLOW_UP)
    return HouseholdVisit.objects.get(pk=later.pk)


def overview(as_user, persona, team) -> str:
    return text_of(as_user(persona).get(reverse("visits:overview", args=[team.pk])))


def test_it_stores_the_measured_change_when_the_follow_up_is_done(personas, resident_with_consent):
    coordinator = personas["coordinator"]
    open_visit = household_followed_up(resident_with_consent, coordinator, done=False)
    assert open_visit.measured_at is None and open_visit.measured_kwh_per_year is None
    visit = household_followed_up(resident_with_consent, coordinator)
    assert visit.measured_kwh_per_year == pytest.approx(-365)
    assert visit.measured_m3_per_year == pytest.approx(19.9, abs=0.05)
    assert visit.measured_m3_correction == mc.NOT_LOADED
    assert visit.estimated_kwh_per_year == pytest.approx(-187)
    assert visit.estimated_m3_per_year == pytest.approx(-120)
    assert visit.measured_at is not None


def test_new_degree_days_make_the_stored_gas_change_weather_corrected(
    personas, resident_with_consent
):
    visit = household_followed_up(resident_with_consent, personas["coordinator"])
    load_temperatures(BILL, FOLLOW_UP - timedelta(days=1), 8.0)
    assert services.measured_changes_recompute() == 1
    visit.refresh_from_db()
    assert visit.measured_m3_correction == mc.CORRECTED
    assert visit.measured_m3_per_year == pytest.approx(-163.1, abs=0.05)  # worked out by hand
    assert visit.measured_kwh_per_year == pytest.approx(-365)  # electricity: no weather


def test_the_degree_days_command_recomputes_after_a_load_and_not_when_nothing_changed(
    personas, resident_with_consent
):
    household_followed_up(resident_with_consent, personas["coordinator"])
    out = StringIO()
    call_command("degree_days", file=str(KNMI_FILE), stdout=out)
    assert "measured change recomputed for 1 follow-up visit(s)" in out.getvalue()
    again = StringIO()
    call_command("degree_days", file=str(KNMI_FILE), stdout=again)
    assert "already loaded: nothing changed" in again.getvalue()
    assert "recomputed" not in again.getvalue()


def test_the_team_view_sets_measured_beside_the_estimate_for_the_same_households(
    personas, team, resident_with_consent, as_user
):
    coordinator = personas["coordinator"]
    household_followed_up(resident_with_consent, coordinator)
    household_followed_up(resident_with_consent, coordinator)
    text = overview(as_user, coordinator, team)
    assert "Measured change at follow-up visits" in text
    assert "Measured in 2 households" in text
    assert "Electricity 2 -730 kWh -374 kWh" in text
    assert "Gas 2 40 m³ -240 m³" in text  # 2 x 19.9 = 39.8, uncorrected
    assert "Gas: 0 visits are corrected for the weather with KNMI degree days" in text


def test_partners_see_the_measured_change_only_over_five_households(
    personas, team, resident_with_consent, as_user
):
    coordinator, partner = personas["coordinator"], personas["partner"]
    text = overview(as_user, partner, team)
    assert "No follow-up visit has meter readings that give a measured change yet." in text
    household_followed_up(resident_with_consent, coordinator)
    text = overview(as_user, partner, team)
    assert "Not shown: fewer than 5 households have a measured change." in text
    assert "-365 kWh" not in text
    for _ in range(4):
        household_followed_up(resident_with_consent, coordinator)
    text = overview(as_user, partner, team)
    assert "Measured in 5 households" in text
    assert "Electricity 5 -1,825 kWh -935 kWh" in text


def test_the_export_holds_the_measured_change_and_erasure_removes_it(
    personas, resident_with_consent
):
    coordinator = personas["coordinator"]
    visit = household_followed_up(resident_with_consent, coordinator)
    exported = contact_export(actor=coordinator, contact=visit.contact)["visits"]
    [follow_up] = [v for v in exported if v["kind"] == "follow_up"]
    assert float(follow_up["measured_kwh_per_year"]) == pytest.approx(-365)
    contact_erase(actor=coordinator, contact=visit.contact)
    visit.refresh_from_db()
    assert visit.measured_kwh_per_year is None and visit.measured_m3_per_year is None
    assert visit.estimated_kwh_per_year is None and visit.measured_at is None
    assert visit.status == "done"  # the visit itself still counts
