"""The household report (a PDF download in Dutch or English from a recorded visit) and the
follow-up visit that shows the measured change in yearly use beside the first visit's estimate:
electricity per day, gas corrected for the weather with KNMI degree days where they are loaded
and clearly labelled uncorrected where they are not."""

from datetime import date, timedelta

import pytest

from buurtkompas.audit.models import AuditEvent
from buurtkompas.pipeline.models import RawFile
from buurtkompas.residents.models import Purpose
from buurtkompas.visits import measured_change as mc
from buurtkompas.visits import selectors, services
from buurtkompas.visits.models import HouseholdVisit
from buurtkompas.visits.referral_catalogue import load_referrals
from buurtkompas.visits.weather import DailyTemperature
from buurtkompas.visits.weather_selectors import weighted_degree_days_between
from tests.helpers import NAME, pdf_text, team_urls, text_of

url = team_urls("visits")
TODAY = date.today()


# The pure parts, worked out by hand


def span(start_day, start_value, end_day, end_value):
    return mc.Span(mc.Reading(start_day, start_value), mc.Reading(end_day, end_value))


D0, D300, D600 = date(2024, 1, 1), date(2024, 10, 27), date(2025, 8, 23)  # 300 days apart


def test_it_measures_electricity_per_day_as_a_change_a_year():
    # Before: 3,650 kWh in 365 days = 10 kWh a day. After: 540 kWh in 60 days = 9 a day.
    # Change: (9 - 10) x 365 = -365 kWh a year, -10 %.
    before = span(date(2024, 1, 1), 10_000, date(2024, 12, 31), 13_650)
    after = span(date(2024, 12, 31), 13_650, date(2025, 3, 1), 14_190)
    change = mc.electricity_change(before, after)
    assert (before.days, after.days) == (365, 60)
    assert change.change_per_year == pytest.approx(-365)
    assert change.change_pct == pytest.approx(-10)
    assert change.kind == "measured" and change.correction == mc.MEASURED


def test_it_corrects_gas_for_the_weather_with_degree_days():
    # Before: 1,200 m³ over 300 days with 2,000 degree days; after: 1,000 m³ over 300 days with
    # 1,800 (a milder period). After at the weather of before: 1,000 x 2,000 / 1,800 = 1,111.1;
    # change -88.9 m³ over 300 days (-7.4 %), a year: -88.9 x 365 / 300 = -108.1 m³.
    # The meter alone would say (1,000 - 1,200) / 300 x 365 = -243.3 m³ a year.
    before, after = span(D0, 0, D300, 1200), span(D300, 1200, D600, 2200)
    change = mc.gas_change(before, after, 2000, 1800)
    assert change.is_corrected and change.correction == mc.CORRECTED
    assert change.change_per_year == pytest.approx(-108.1, abs=0.05)
    assert change.change_pct == pytest.approx(-7.41, abs=0.01)
    assert (change.degree_days_before, change.degree_days_after) == (2000, 1800)


def test_without_degree_days_gas_is_uncorrected_and_says_why_never_zero():
    before, after = span(D0, 0, D300, 1200), span(D300, 1200, D600, 2200)
    for missing in ((None, 1800), (2000, None)):
        change = mc.gas_change(before, after, *missing)
        assert change.correction == mc.NOT_LOADED and not change.is_corrected
        assert change.change_per_year == pytest.approx(-243.33, abs=0.01)  # the meter alone
    summer = mc.gas_change(before, after, 2000, 0.0)  # no heating day at all
    assert summer.correction == mc.NO_HEATING and summer.change_per_year == pytest.approx(
        -243.33, abs=0.01
    )


def test_it_picks_the_bill_reading_else_the_latest_earlier_one():
    first, follow_up = mc.Reading(date(2025, 1, 1), 5000), mc.Reading(date(2025, 3, 1), 5600)
    bill = mc.Reading(date(2024, 1, 1), 1000)
    coach = mc.Reading(date(2024, 6, 1), 3000)
    before, after = mc.pick_spans([(bill, True), (coach, False)], first, follow_up)
    assert before.start == bill and before.end == first and after == mc.Span(first, follow_up)
    before, _after = mc.pick_spans([(coach, False)], first, follow_up)
    assert before.start == coach
    assert mc.pick_spans([], first, follow_up) is None  # nothing before the first visit
    assert mc.pick_spans([(bill, True)], first, None) is None  # no reading at the follow-up
    assert mc.pick_spans([(bill, True)], None, follow_up) is None
    later = mc.Reading(date(2025, 2, 1), 4000)  # after the first visit: not a before reading
    assert mc.pick_spans([(later, True)], first, follow_up) is None


# The report and the follow-up in the app


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def coordinator(personas):
    return personas["coordinator"]


@pytest.fixture
def recorded(resident_with_consent, coordinator, team):
    """A done first visit: two measures fitted, one advised, a referral to the energy desk and
    one to a local service with its own phone number."""
    contact = resident_with_consent(Purpose.VISIT)
    visit = services.visit_plan(actor=coordinator, contact=contact, planned_for=TODAY)
    for key, quantity, status in (
        ("waterbesparende_douchekop", 1, "fitted"),
        ("led_vervangt_gloeilamp_40w", 3, "fitted"),
        ("tochtstrips", 4, "advised"),
    ):
        services.measure_fit(
            actor=coordinator, visit=visit, catalogue_key=key, quantity=quantity, status=status
        )
    services.referral_make(actor=coordinator, visit=visit, service_key="energieloket")
    advice = "Zet de thermostaat 's nachts op 15 °C.\n\nDouche korter dan 5 minuten."
    services.visit_step_save(
        actor=coordinator, visit=visit, step="wensen", data={"wishes": "", "advice": advice}
    )
    cafe = services.referral_service_save(
        actor=coordinator,
        workspace=team,
        name="Energiecafé De Linde",
        purpose="Hulp bij de energierekening",
        phone="050 765 43 21",
        how_to_reach="Dinsdag 10-12 uur in het buurthuis",
    )
    services.referral_make(actor=coordinator, visit=visit, local_service=cafe)
    services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY)
    return HouseholdVisit.objects.get(pk=visit.pk)


def test_it_downloads_the_household_report_in_dutch(recorded, coordinator, team, client_as):
    response = client_as(coordinator).get(url("report", team, recorded.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"huisbezoek-{recorded.pk}-" in disposition
    assert NAME.split()[0] not in disposition and NAME.split()[-1] not in disposition
    text = pdf_text(response.content)
    energieloket = load_referrals()["energieloket"]
    for words in (
        "Waterbesparende douchekop",
        "LED-lamp in plaats van gloeilamp (40 W): 3 stuks",
        "Tochtstrips: 4 meter",  # advised
        "Wat het bespaart: een schatting",
        "Dit is een schatting, geen meting.",
        "Gas: 44 m³",
        "Stroom: 56 kWh",  # 3 x 18.7
        energieloket.name_nl,
        energieloket.phone,
        "Energiecafé De Linde",
        "050 765 43 21",
        "Dinsdag 10-12 uur in het buurthuis",
        f"Uw coach: {coordinator.name}",
        team.name,
        "Onze tips",  # the coach's advice, one tip per line
        "Zet de thermostaat 's nachts op 15 °C.",
        "Douche korter dan 5 minuten.",
    ):
        assert words in text, words
    assert NAME not in text
    event = AuditEvent.objects.get(action="visits.report.made")
    assert event.data == {"language": "nl"} and event.object_id == str(recorded.pk)


def test_it_downloads_the_report_in_english(recorded, coordinator, team, client_as):
    response = client_as(coordinator).get(url("report", team, recorded.pk, taal="en"))
    text = pdf_text(response.content)
    assert "Your energy visit" in text and "Water-saving shower head" in text
    assert "This is an estimate, not a measurement." in text
    assert "What it saves: an estimate" in text and "Draught strips: 4 metres" in text
    assert response["Content-Disposition"].endswith('-en.pdf"')
    odd = client_as(coordinator).get(url("report", team, recorded.pk, taal="xx"))
    assert "Uw energiebezoek" in pdf_text(odd.content)  # an unknown language: Dutch


def test_the_visit_page_offers_the_report_in_two_languages(recorded, team, as_user, coordinator):
    response = as_user(coordinator).get(url("detail", team, recorded.pk))
    page = response.content.decode()
    assert url("report", team, recorded.pk) in page
    assert 'name="taal"' in page and 'value="en"' in page
    assert "Download the report (PDF)" in text_of(response)


@pytest.mark.parametrize("persona", ["partner", "outsider"])
def test_partners_and_outsiders_cannot_get_the_report(recorded, team, personas, client_as, persona):
    response = client_as(personas[persona]).get(url("report", team, recorded.pk))
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="visits.report.made").exists()


BILL, FIRST, FOLLOW_UP = date(2024, 1, 1), date(2025, 1, 1), date(2025, 3, 2)


def record_first_visit_readings(visit, coordinator):
    services.meter_reading_add(
        actor=coordinator, visit=visit, read_on=BILL, source="bill",
        electricity_kwh=10_000, gas_m3=5_000,
    )  # fmt: skip
    services.meter_reading_add(
        actor=coordinator, visit=visit, read_on=FIRST, source="coach",
        electricity_kwh=13_660, gas_m3=6_200,
    )  # fmt: skip


@pytest.fixture
def follow_up(resident_with_consent, coordinator):
    contact = resident_with_consent(Purpose.VISIT)
    first = services.visit_plan(actor=coordinator, contact=contact, planned_for=FIRST)
    services.measure_fit(
        actor=coordinator, visit=first, catalogue_key="thermostaat_1_graad_lager",
        quantity=1, status="fitted",
    )  # fmt: skip
    services.measure_fit(
        actor=coordinator, visit=first, catalogue_key="led_vervangt_gloeilamp_40w",
        quantity=10, status="fitted",
    )  # fmt: skip
    record_first_visit_readings(first, coordinator)
    services.visit_complete(actor=coordinator, visit=first, done_on=FIRST)
    later = services.visit_follow_up_plan(actor=coordinator, visit=first, planned_for=TODAY)
    services.meter_reading_add(
        actor=coordinator, visit=later, read_on=FOLLOW_UP, source="coach",
        electricity_kwh=14_200, gas_m3=6_400,
    )  # fmt: skip
    return HouseholdVisit.objects.get(pk=later.pk)


def load_temperatures(start: date, end: date, mean_c: float) -> None:
    raw = RawFile.objects.create(
        sha256="0" * 64, original_name="knmi.txt", origin="test", size_bytes=1, archived_path="x"
    )
    days = (end - start).days + 1
    DailyTemperature.objects.bulk_create(
        DailyTemperature(station=260, day=start + timedelta(n), mean_temp_c=mean_c, raw_file=raw)
        for n in range(days)
    )


def test_a_follow_up_shows_the_measured_change_uncorrected_without_degree_days(
    follow_up, coordinator, team, as_user
):
    measured = selectors.visit_measured_change(follow_up)
    # Electricity: 3,660 kWh in 366 days (10 a day), 540 in 60 days (9 a day): -365 a year.
    assert measured.electricity.change_per_year == pytest.approx(-365)
    # Gas without degree days: 1,200 / 366 = 3.279 m³ a day, 200 / 60 = 3.333 a day:
    # (3.333 - 3.279) x 365 = +19.9 m³ a year: winter use looks like more use.
    assert measured.gas.correction == mc.NOT_LOADED
    assert measured.gas.change_per_year == pytest.approx(19.9, abs=0.05)
    # The estimate of the fitted measures: 120 m³ (thermostat) and 10 x 18.7 kWh.
    assert measured.estimate_m3_change == pytest.approx(-120)
    assert measured.estimate_kwh_change == pytest.approx(-187)
    text = text_of(as_user(coordinator).get(url("detail", team, follow_up.pk)))
    assert "Measured change since the first visit" in text
    assert "Measured (gemeten)" in text and "Estimate (schatting)" in text
    assert "-365 kWh (-10.0 %)" in text and "-187 kWh" in text and "-120 m³" in text
    assert (
        "not corrected for the weather: degree days for this period are not loaded "
        "(buurtkompas degree_days --online --from 2024-01-01 --to 2025-03-01)"
    ) in text
    assert "KNMI" not in text  # no source named for a figure that does not use it


def test_a_follow_up_corrects_gas_with_knmi_degree_days(follow_up, coordinator, team, as_user):
    load_temperatures(BILL, FOLLOW_UP - timedelta(days=1), 8.0)
    # 8 °C every day = 10 degree days a day, weighted. Before (all of 2024, a leap year):
    # Jan-Feb 60 x 11 + Mar 31 x 10 + Apr-Sep 183 x 8 + Oct 31 x 10 + Nov-Dec 61 x 11 = 3,415.
    # After (1 Jan - 1 Mar 2025): 59 x 11 + 1 x 10 = 659.
    assert weighted_degree_days_between(BILL, FIRST - timedelta(days=1)).value == pytest.approx(
        3415
    )
    measured = selectors.visit_measured_change(follow_up)
    gas = measured.gas
    assert gas.is_corrected
    assert (gas.degree_days_before, gas.degree_days_after) == pytest.approx((3415, 659))
    # After at the weather of before: 200 x 3,415 / 659 = 1,036.4 m³ against 1,200: -163.6 m³
    # over 366 days (-13.6 %), a year: -163.6 x 365 / 366 = -163.1 m³.
    assert gas.change_per_year == pytest.approx(-163.1, abs=0.05)
    assert gas.change_pct == pytest.approx(-13.63, abs=0.01)
    text = text_of(as_user(coordinator).get(url("detail", team, follow_up.pk)))
    assert "-163 m³ (-13.6 %)" in text
    assert "Corrected for the weather with weighted degree days: 3,415 before, 659 after." in text
    assert "KNMI" in text and "De Bilt" in text
    assert "not corrected for the weather" not in text


def test_a_first_visit_or_too_few_readings_show_no_measured_change(
    recorded, coordinator, team, as_user
):
    assert selectors.visit_measured_change(recorded) is None
    later = services.visit_follow_up_plan(actor=coordinator, visit=recorded, planned_for=TODAY)
    measured = selectors.visit_measured_change(HouseholdVisit.objects.get(pk=later.pk))
    assert measured.electricity is None and measured.gas is None
    text = text_of(as_user(coordinator).get(url("detail", team, later.pk)))
    assert "Not enough meter readings to measure a change" in text
