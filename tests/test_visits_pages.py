"""The pages of household visits: the list (partners see counts only), preparing, the
recording wizard on a phone (steps saved one by one, resumed where the coach stopped, errors
shown with nothing half-saved), the summary with the estimate and the energy-poverty signal,
the meter photo that never leaves the team, forged ids, escaping, and the team's own measures
and services."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record
from buurtkompas.visits import services
from buurtkompas.visits.models import FittedMeasure, HouseholdVisit, MeterReading, TeamMeasure
from tests.helpers import ESCAPED, NAME, PAYLOAD, page, team_urls, text_of

pytestmark = pytest.mark.django_db

url = team_urls("visits")
FIXTURES = Path(__file__).parent / "fixtures" / "visits"
TODAY = date.today()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def coordinator(personas):
    return personas["coordinator"]


@pytest.fixture
def visit(resident_with_consent, coordinator):
    contact = resident_with_consent(Purpose.VISIT)
    return services.visit_plan(actor=coordinator, contact=contact, planned_for=TODAY)


def reload(visit):
    return HouseholdVisit.objects.get(pk=visit.pk)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "white").save(out, format="JPEG")
    return out.getvalue()


def test_the_list_shows_names_to_workers_and_only_counts_to_partners(
    visit, personas, team, as_user
):
    response = as_user(personas["opbouwwerker"]).get(url("list", team))
    assert response.status_code == 200 and NAME in text_of(response)
    for persona, planned in (("partner", "fewer than 5"), ("vrijwilliger", "1")):
        response = as_user(personas[persona]).get(url("list", team))
        assert response.status_code == 200
        assert NAME not in text_of(response)
        assert f"Visits planned {planned}" in text_of(response)


def test_the_team_menu_links_the_visits(visit, coordinator, team, as_user):
    response = as_user(coordinator).get(reverse("workspaces:detail", args=[team.pk]))
    assert url("list", team) in page(response)


def test_the_wizard_saves_each_step_and_resumes_where_the_coach_stopped(
    visit, coordinator, team, as_user
):
    client = as_user(coordinator)
    response = client.post(url("start", team, visit.pk))
    assert response["Location"] == url("step", team, visit.pk, "woning")
    response = client.post(
        url("step", team, visit.pk, "woning"),
        {"action": "step", "dwelling_type": "terraced", "tenure": "corporation_rent",
         "corporation_name": "Woonstad", "complex": "Hof van Tarwe"},
    )  # fmt: skip
    assert response["Location"].startswith(url("step", team, visit.pk, "huishouden"))
    assert "opgeslagen=woning" in response["Location"]  # the browser forgets its draft
    response = client.post(
        url("step", team, visit.pk, "huishouden"),
        {"action": "step", "household_size": "3", "later": "1"},
    )
    assert response["Location"].startswith(url("prepare", team, visit.pk))
    # The connection was lost, the coach comes back later: recording resumes at step 3.
    response = client.get(url("resume", team, visit.pk))
    assert response["Location"] == url("step", team, visit.pk, "energiegebruik")
    response = client.get(response["Location"])
    text = text_of(response)
    assert "Step 3 of 8" in text and 'aria-current="step"' in page(response)
    assert 'type="module"' in page(response) and "visits/draft.js" in page(response)
    assert "<script>" not in page(response).split("<main")[-1]  # no inline script (CSP)
    saved = reload(visit)
    assert (saved.dwelling_type, saved.household_size, saved.complex) == (
        "terraced",
        3,
        "Hof van Tarwe",
    )
    assert saved.status == "in_progress"


def test_a_step_with_errors_is_shown_again_and_nothing_is_saved(visit, coordinator, team, as_user):
    client = as_user(coordinator)
    response = client.post(
        url("step", team, visit.pk, "energiegebruik"),
        {"action": "step", "electricity_kwh_year": "2500", "gas_m3_year": "99999"},
    )
    assert response.status_code == 400
    assert "not a household" in text_of(response)
    assert 'value="2500"' in page(response)  # what was typed stays in the form
    saved = reload(visit)
    assert saved.electricity_kwh_year is None and saved.last_step == ""
    response = client.post(
        url("step", team, visit.pk, "huishouden"),
        {"action": "step", "household_size": "2", "children": "2"},
    )
    assert response.status_code == 400 and reload(visit).household_size is None


def test_the_income_question_is_only_asked_with_the_income_consent(
    visit, coordinator, team, as_user
):
    client = as_user(coordinator)
    response = client.get(url("step", team, visit.pk, "huishouden"))
    assert 'name="income_bracket"' not in page(response)
    client.post(
        url("step", team, visit.pk, "huishouden"),
        {"action": "step", "household_size": "2", "income_bracket": "lt15"},
    )
    assert reload(visit).income_bracket == ""  # a forged field is not saved either
    consent_record(
        actor=coordinator, contact=visit.contact, purpose=Purpose.INCOME, given_on=TODAY,
        method="spoken",
    )  # fmt: skip
    response = client.get(url("step", team, visit.pk, "huishouden"))
    assert 'name="income_bracket"' in page(response)


def test_a_meter_reading_is_refused_with_a_clear_message(visit, coordinator, team, as_user):
    client = as_user(coordinator)
    step = url("step", team, visit.pk, "energiegebruik")
    future = (TODAY + timedelta(days=2)).isoformat()
    response = client.post(
        step, {"action": "reading", "meter-read_on": future, "meter-electricity_kwh": "100",
               "meter-source": "coach"},
    )  # fmt: skip
    assert response.status_code == 400 and "The date is in the future." in text_of(response)
    assert not MeterReading.objects.exists()
    response = client.post(
        step, {"action": "reading", "meter-read_on": TODAY.isoformat(),
               "meter-electricity_kwh": "100", "meter-source": "coach"},
    )  # fmt: skip
    assert response.status_code == 302 and MeterReading.objects.count() == 1


def test_measures_and_referrals_are_added_in_their_steps(visit, coordinator, team, as_user):
    client = as_user(coordinator)
    step = url("step", team, visit.pk, "maatregelen")
    response = client.get(step)
    assert "Milieu Centraal" in text_of(response) and "estimate" in text_of(response)
    response = client.post(
        step, {"action": "measure", "measure": "c:waterbesparende_douchekop", "quantity": "1000",
               "status": "fitted"},
    )  # fmt: skip
    assert response.status_code == 400 and not FittedMeasure.objects.exists()
    response = client.post(
        step, {"action": "measure", "measure": "c:waterbesparende_douchekop", "quantity": "2",
               "status": "fitted"},
    )  # fmt: skip
    assert response.status_code == 302 and FittedMeasure.objects.count() == 1
    response = client.post(
        url("step", team, visit.pk, "doorverwijzingen"),
        {"action": "referral", "service": "c:energieloket", "note": PAYLOAD},
    )
    assert response.status_code == 302
    response = client.get(url("detail", team, visit.pk))
    text = text_of(response)
    assert "estimate" in text.lower() and "88" in text  # 2 x 44 m³
    assert "prices of 2022" in text
    assert ESCAPED in response.content.decode() and PAYLOAD not in response.content.decode()


def test_the_summary_shows_the_energy_poverty_signal_with_its_reason(
    visit, coordinator, team, as_user
):
    response = as_user(coordinator).get(url("detail", team, visit.pk))
    text = text_of(response)
    assert "HEQ" in text and "LIHE" in text and "LILEK" in text
    assert "cannot tell" in text and "did not share an income bracket" in text


def test_finishing_plans_the_follow_up(visit, coordinator, team, as_user):
    client = as_user(coordinator)
    response = client.post(
        url("step", team, visit.pk, "afronden"),
        {"action": "step", "done_on": TODAY.isoformat(), "follow_up_weeks": "26"},
    )
    assert response["Location"] == url("detail", team, visit.pk)
    follow_up = HouseholdVisit.objects.get(follow_up_of=visit)
    assert follow_up.planned_for == TODAY + timedelta(weeks=26)
    assert reload(visit).status == "done"


def photo_reading(visit, coordinator):
    consent_record(
        actor=coordinator, contact=visit.contact, purpose=Purpose.PHOTO, given_on=TODAY,
        method="spoken",
    )  # fmt: skip
    visit = HouseholdVisit.objects.select_related("contact").get(pk=visit.pk)
    return services.meter_reading_add(
        actor=coordinator,
        visit=visit,
        read_on=TODAY,
        source="coach",
        gas_m3=10,
        photo=SimpleUploadedFile("m.jpg", jpeg(), content_type="image/jpeg"),
    )


def test_the_meter_photo_is_served_only_to_the_team(
    visit, coordinator, personas, team, client_as, other_team
):
    reading = photo_reading(visit, coordinator)
    path = url("reading_photo", team, visit.pk, reading.pk)
    response = client_as(coordinator).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert client_as(personas["partner"]).get(path).status_code == 403
    assert client_as(personas["vrijwilliger"]).get(path).status_code == 403
    assert client_as(personas["outsider"]).get(path).status_code == 404
    elsewhere = reverse("visits:reading_photo", args=[other_team.pk, visit.pk, reading.pk])
    assert client_as(personas["outsider"]).get(elsewhere).status_code == 404
    assert not reading.photo.name.startswith("/")
    with pytest.raises(ValueError):
        reading.photo.url  # noqa: B018 - private files have no public address


def test_forged_ids_are_404(visit, coordinator, personas, team, other_team, client_as):
    from tests.helpers import resident

    outsider = personas["outsider"]
    contact = resident(other_team, outsider, "Ander Huishouden", consent=Purpose.VISIT)
    theirs = services.visit_plan(actor=outsider, contact=contact, planned_for=TODAY)
    client = client_as(coordinator)
    for name in ("detail", "prepare", "resume"):
        assert client.get(url(name, team, theirs.pk)).status_code == 404, name
        assert client.get(url(name, team, 2**63)).status_code == 404, name
    assert client.post(url("step", team, theirs.pk, "woning"), {"complex": "X"}).status_code == 404
    assert client.get(url("step", team, visit.pk, "geen-stap")).status_code == 404
    measure = services.measure_fit(
        actor=outsider, visit=theirs, catalogue_key="korter_douchen", quantity=1, status="advised"
    )
    response = client.post(url("measure_remove", team, visit.pk, measure.pk))
    assert response.status_code == 404 and FittedMeasure.objects.filter(pk=measure.pk).exists()
    response = client.post(
        url("step", team, visit.pk, "maatregelen"),
        {"action": "measure", "measure": "t:999999", "quantity": "1", "status": "fitted"},
    )
    assert response.status_code == 400  # not one of this team's measures: refused
    assert not FittedMeasure.objects.filter(visit=visit).exists()
    assert reload(theirs).complex == ""


def test_the_team_manages_its_measures_and_services(personas, team, as_user):
    coordinator = personas["coordinator"]
    client = as_user(coordinator)
    response = client.post(
        url("team_measures", team),
        {"name": PAYLOAD, "unit": "metre", "material_cost_eur": "1.25", "source": "Bon 2025",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.get(url("team_measures", team))
    assert ESCAPED in response.content.decode() and PAYLOAD not in response.content.decode()
    response = client.post(url("team_measures", team), {"unit": "piece", "source": "x"})
    assert response.status_code == 400 and "Give your measure a name." in text_of(response)
    assert TeamMeasure.objects.count() == 1
    response = client.post(
        url("services", team),
        {"name": "Energiecafé Zuid", "purpose": "Vragen over de rekening", "active": "on"},
    )
    assert response.status_code == 302
    for persona in ("vrijwilliger", "partner"):
        assert as_user(personas[persona]).get(url("services", team)).status_code == 403


def test_the_resident_page_still_plans_and_links_visits(visit, coordinator, team, as_user):
    response = as_user(coordinator).get(
        reverse("residents:detail", args=[team.pk, visit.contact.pk])
    )
    assert response.status_code == 200
    assert url("prepare", team, visit.pk) in page(response)
    assert "Plan a household visit" in text_of(response)


def test_every_step_opens_on_a_phone_with_its_step_indicator(visit, coordinator, team, as_user):
    client = as_user(coordinator)
    for number, step in enumerate(
        ["woning", "huishouden", "energiegebruik", "wensen", "maatregelen",
         "doorverwijzingen", "woningproblemen", "afronden"], start=1,
    ):  # fmt: skip
        response = client.get(url("step", team, visit.pk, step))
        assert response.status_code == 200, step
        assert f"Step {number} of 8" in text_of(response), step
        assert 'name="viewport"' in page(response)


def test_the_list_and_the_summary_make_a_constant_number_of_queries(
    visit, coordinator, team, as_user, resident_with_consent
):
    from tests.helpers import count_queries

    client = as_user(coordinator)
    services.measure_fit(
        actor=coordinator, visit=visit, catalogue_key="korter_douchen", quantity=1, status="fitted"
    )
    few_list = count_queries(client, url("list", team), toon="alle")
    few_detail = count_queries(client, url("detail", team, visit.pk))
    for i in range(4):
        contact = resident_with_consent(Purpose.VISIT, name=f"Bewoner {i}")
        services.visit_plan(actor=coordinator, contact=contact, planned_for=TODAY)
        for key in ("waterbesparende_douchekop", "thermostaat_1_graad_lager"):
            services.measure_fit(
                actor=coordinator, visit=visit, catalogue_key=key, quantity=1, status="advised"
            )
    assert count_queries(client, url("list", team), toon="alle") == few_list
    assert count_queries(client, url("detail", team, visit.pk)) == few_detail


def test_it_refuses_planning_dates_in_the_past_or_years_ahead(visit, coordinator, team, as_user):
    services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY)
    client = as_user(coordinator)
    path = url("follow_up", team, visit.pk)
    for planned_for, message in (
        ("9999-12-31", "Choose a date within the next two years."),
        ((TODAY - timedelta(days=1)).isoformat(), "Choose today or a later date."),
    ):
        response = client.post(path, {"planned_for": planned_for})
        assert response.status_code == 400 and message in text_of(response)
    assert not HouseholdVisit.objects.filter(follow_up_of=visit).exists()
    contact_path = reverse("visits:plan", args=[team.pk, visit.contact_id])
    response = client.post(contact_path, {"planned_for": "9999-12-31"})
    assert "Choose a date within the next two years." in text_of(response)
    assert HouseholdVisit.objects.filter(contact=visit.contact).count() == 1


def test_it_plans_a_follow_up_only_after_the_visit_is_done(visit, coordinator, team, as_user):
    planned_for = (TODAY + timedelta(weeks=8)).isoformat()
    response = as_user(coordinator).post(
        url("follow_up", team, visit.pk), {"planned_for": planned_for}
    )
    assert response.status_code == 302
    assert not HouseholdVisit.objects.filter(follow_up_of=visit).exists()
    with pytest.raises(ValidationError):
        services.visit_follow_up_plan(actor=coordinator, visit=visit, planned_for=TODAY)
