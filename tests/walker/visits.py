"""Objects for the URLs of household visits: a visit of the walker's resident with a meter
reading (with a photo), a measure and a referral, and the team's own measure and local
service. The volunteer is the coach, so every working role may change it (the visit pages are
personal data: only members who see it reach them)."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record
from buurtkompas.visits import services


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile("meter.jpg", out.getvalue(), content_type="image/jpeg")


def objects(*, team, personas, contact) -> dict:
    coordinator = personas["coordinator"]
    for purpose in (Purpose.VISIT, Purpose.PHOTO):
        if contact.active_consent(purpose) is None:
            consent_record(
                actor=coordinator,
                contact=contact,
                purpose=purpose,
                given_on=date(2025, 1, 6),
                method="spoken",
            )
        contact.refresh_from_db()
    contact = type(contact).objects.prefetch_related("consents").get(pk=contact.pk)
    visit = services.visit_plan(
        actor=coordinator,
        contact=contact,
        planned_for=date(2025, 2, 3),
        coach=personas["vrijwilliger"],
    )
    reading = services.meter_reading_add(
        actor=coordinator,
        visit=visit,
        read_on=date(2025, 2, 3),
        source="coach",
        electricity_kwh=12345,
        photo=jpeg(),
    )
    team_measure = services.team_measure_save(
        actor=coordinator,
        workspace=team,
        name="Tochtstrip walker",
        unit="metre",
        material_cost_eur=2,
        source="Bonnetje bouwmarkt 2025",
    )
    measure = services.measure_fit(
        actor=coordinator, visit=visit, team_measure=team_measure, quantity=5, status="fitted"
    )
    service = services.referral_service_save(
        actor=coordinator,
        workspace=team,
        name="Energieloket Walker",
        purpose="Advies over de energierekening",
    )
    referral = services.referral_make(actor=coordinator, visit=visit, local_service=service)
    return {
        "visit_id": visit.pk,
        "step": "woning",
        "reading_id": reading.pk,
        "measure_id": measure.pk,
        "referral_id": referral.pk,
        "team_measure_id": team_measure.pk,
        "service_id": service.pk,
    }
