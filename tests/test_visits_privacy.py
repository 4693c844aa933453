"""Export and erasure cover every part of a household visit (residents.registry): step data,
meter readings (a photo as "photo held", never its bytes), measures, referrals and housing
ticks; erasure deletes the photo files and removes the name from the visit's free texts."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record, contact_erase, contact_export
from buurtkompas.visits import services
from buurtkompas.visits.models import HouseholdVisit, MeterReading, Referral
from tests.helpers import NAME

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "visits"
TODAY = date.today()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def recorded(resident_with_consent, personas):
    """A visit with something in every part, and a photo of the meter."""
    coordinator = personas["coordinator"]
    contact = resident_with_consent(Purpose.VISIT)
    for purpose in (Purpose.PHOTO, Purpose.INCOME):
        consent_record(
            actor=coordinator, contact=contact, purpose=purpose, given_on=TODAY, method="spoken"
        )
    contact = type(contact).objects.prefetch_related("consents").get(pk=contact.pk)
    visit = services.visit_plan(actor=coordinator, contact=contact, planned_for=TODAY)
    services.visit_step_save(
        actor=coordinator,
        visit=visit,
        step="woning",
        data={"dwelling_type": "apartment", "complex": "Flat Zuidhoek"},
    )
    services.visit_step_save(
        actor=coordinator, visit=visit, step="huishouden", data={"income_bracket": "15-20"}
    )
    services.visit_step_save(
        actor=coordinator,
        visit=visit,
        step="wensen",
        data={"wishes": f"{NAME} wil minder tocht in de slaapkamer"},
    )
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="JPEG")
    reading = services.meter_reading_add(
        actor=coordinator,
        visit=visit,
        read_on=TODAY,
        source="coach",
        electricity_kwh=4321,
        photo=SimpleUploadedFile("m.jpg", out.getvalue(), content_type="image/jpeg"),
    )
    services.measure_fit(
        actor=coordinator, visit=visit, catalogue_key="korter_douchen", quantity=1, status="advised"
    )
    services.referral_make(
        actor=coordinator, visit=visit, service_key="energieloket", note=f"Bellen met {NAME}"
    )
    services.visit_problems_add(actor=coordinator, visit=visit, problems=["mould"])
    return visit, reading


def test_the_export_holds_every_part_of_a_visit(recorded, personas):
    visit, reading = recorded
    data = contact_export(actor=personas["coordinator"], contact=visit.contact)["visits"]
    [exported] = data
    assert exported["dwelling_type"] == "apartment" and exported["income_bracket"] == "15-20"
    assert NAME in exported["wishes"]
    [meter] = exported["meter_readings"]
    assert meter["photo_held"] == "yes" and meter["photo_added_on"] == TODAY.isoformat()
    assert meter["electricity_kwh"] == "4321.0"
    assert exported["measures"][0]["status"] == "advised"
    assert exported["referrals"][0]["history"][0]["status"] == "suggested"
    assert exported["housing_problems"] == ["mould"]
    assert "bytes" not in str(data) and "meter-photos" not in str(data)


def test_the_pdf_export_reads_the_visit(recorded, personas, as_user, team):
    from django.urls import reverse

    from tests.helpers import pdf_text

    visit, _reading = recorded
    client = as_user(personas["coordinator"])
    response = client.get(reverse("residents:export_pdf", args=[team.pk, visit.contact.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "photo held: yes" in text and "Housing problems seen" in text


def test_erasure_removes_the_households_data_and_the_photo_file(
    recorded, personas, django_capture_on_commit_callbacks
):
    visit, reading = recorded
    path = Path(reading.photo.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(actor=personas["coordinator"], contact=visit.contact)
    assert not path.exists()
    assert not MeterReading.objects.filter(visit=visit).exists()
    visit = HouseholdVisit.objects.get(pk=visit.pk)
    assert (visit.dwelling_type, visit.income_bracket, visit.wishes, visit.complex) == ("",) * 4
    assert visit.status and visit.planned_for == TODAY  # the visit still counts
    referral = Referral.objects.get(visit=visit)
    assert referral.note == "" and referral.status == "suggested"
    assert visit.measures.count() == 1 and visit.problems.count() == 1
