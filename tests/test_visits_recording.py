"""Recording a household visit through its services: consent rules, every bad input the issue
names (impossible meter readings, dates in the future or before 2000, a quantity of 0 or 1000),
snapshots that survive a catalogue change, team price overrides, the referral status flow,
housing ticks reaching the signal dossier per complex without a name, and EXIF stripped from a
meter photo."""

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import HousingSignal
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import ConsentMissing, consent_record, consent_withdraw
from buurtkompas.visits import catalogue, selectors, services
from buurtkompas.visits.models import FittedMeasure, HouseholdVisit, MeterReading, Referral
from buurtkompas.visits.referral_catalogue import load_referrals as catalogue_referrals
from tests.helpers import NAME

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "visits"
TODAY = date.today()


@pytest.fixture(autouse=True)
def english():
    """Messages compare with their msgids (the Dutch texts are checked by tests/test_i18n.py)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def coordinator(personas):
    return personas["coordinator"]


def consent(contact, actor, purpose):
    consent_record(actor=actor, contact=contact, purpose=purpose, given_on=TODAY, method="spoken")
    return type(contact).objects.prefetch_related("consents").get(pk=contact.pk)


@pytest.fixture
def visit(resident_with_consent, coordinator):
    contact = resident_with_consent(Purpose.VISIT)
    return services.visit_plan(actor=coordinator, contact=contact, planned_for=TODAY)


def reload(visit):
    return HouseholdVisit.objects.select_related("contact").get(pk=visit.pk)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "gray")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 10.0), 3: "E", 4: (4.0, 30.0, 5.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name="meter.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Consent


def test_it_records_nothing_without_visit_consent(visit, coordinator):
    withdrawn = visit.contact.consents.get(purpose=Purpose.VISIT)
    consent_withdraw(actor=coordinator, consent=withdrawn)
    visit = reload(visit)
    with pytest.raises(ConsentMissing):
        services.visit_step_save(
            actor=coordinator, visit=visit, step="woning", data={"dwelling_type": "apartment"}
        )
    with pytest.raises(ConsentMissing):
        services.meter_reading_add(
            actor=coordinator, visit=visit, read_on=TODAY, source="coach", electricity_kwh=100
        )
    assert not MeterReading.objects.exists()
    assert reload(visit).dwelling_type == ""


def test_it_asks_the_income_consent_for_income_and_savings(visit, coordinator):
    for data in ({"income_bracket": "lt15"}, {"savings_below_limit": "yes"}):
        with pytest.raises(ConsentMissing):
            services.visit_step_save(actor=coordinator, visit=visit, step="huishouden", data=data)
    services.visit_step_save(
        actor=coordinator, visit=visit, step="huishouden", data={"household_size": 2}
    )
    assert reload(visit).household_size == 2 and reload(visit).income_bracket == ""
    contact = consent(visit.contact, coordinator, Purpose.INCOME)
    visit = reload(visit)
    visit.contact = contact
    services.visit_step_save(
        actor=coordinator, visit=visit, step="huishouden", data={"income_bracket": "lt15"}
    )
    assert reload(visit).income_bracket == "lt15"


def test_it_refuses_a_photo_without_photo_consent(visit, coordinator, private_media):
    with pytest.raises(ConsentMissing):
        services.meter_reading_add(
            actor=coordinator,
            visit=visit,
            read_on=TODAY,
            source="coach",
            electricity_kwh=100,
            photo=upload(jpeg_with_gps()),
        )
    assert not MeterReading.objects.exists()
    assert not any(Path(private_media).rglob("*.jpg"))


def test_withdrawing_the_visit_consent_cancels_the_planned_follow_up(visit, coordinator):
    services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY, follow_up_weeks=26)
    follow_up = HouseholdVisit.objects.get(follow_up_of=visit)
    assert follow_up.kind == "follow_up" and follow_up.status == "planned"
    consent_withdraw(actor=coordinator, consent=visit.contact.consents.get(purpose=Purpose.VISIT))
    follow_up.refresh_from_db()
    assert follow_up.status == "cancelled"
    assert reload(visit).follow_up_on is None


def test_withdrawing_income_and_photo_consent_erases_them(
    visit, coordinator, private_media, django_capture_on_commit_callbacks
):
    contact = consent(visit.contact, coordinator, Purpose.INCOME)
    contact = consent(contact, coordinator, Purpose.PHOTO)
    visit = reload(visit)
    services.visit_step_save(
        actor=coordinator,
        visit=visit,
        step="huishouden",
        data={"income_bracket": "20-25", "savings_below_limit": "yes", "household_size": 3},
    )
    reading = services.meter_reading_add(
        actor=coordinator,
        visit=visit,
        read_on=TODAY,
        source="coach",
        gas_m3=Decimal("1234.5"),
        photo=upload(jpeg_with_gps()),
    )
    stored = Path(reading.photo.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for purpose in (Purpose.INCOME, Purpose.PHOTO):
            consent_withdraw(actor=coordinator, consent=contact.consents.get(purpose=purpose))
    visit = reload(visit)
    assert (visit.income_bracket, visit.savings_below_limit) == ("", "")
    assert visit.household_size == 3  # not part of the income consent
    reading.refresh_from_db()
    assert not reading.photo and reading.gas_m3 == Decimal("1234.5")
    assert not stored.exists()


# Meter readings: bad input


def add(visit, actor, **values):
    values.setdefault("read_on", TODAY)
    values.setdefault("source", "coach")
    return services.meter_reading_add(actor=actor, visit=visit, **values)


def refused(field, call):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.error_dict, caught.value.error_dict
    return " ".join(caught.value.error_dict[field][0].messages)


def test_it_refuses_impossible_meter_readings(visit, coordinator):
    add(
        visit, coordinator, read_on=TODAY - timedelta(days=365), electricity_kwh=10_000, gas_m3=5000
    )
    message = refused("electricity_kwh", lambda: add(visit, coordinator, electricity_kwh=9_000))
    assert "Lower than the reading" in message
    message = refused("gas_m3", lambda: add(visit, coordinator, gas_m3=16_000))
    assert "10,000" in message or "10.000" in message
    message = refused("electricity_kwh", lambda: add(visit, coordinator, electricity_kwh=70_000))
    assert "50,000" in message or "50.000" in message
    refused(
        "read_on", lambda: add(visit, coordinator, read_on=TODAY + timedelta(days=1), gas_m3=5100)
    )
    refused("read_on", lambda: add(visit, coordinator, read_on=date(1999, 12, 31), gas_m3=10))
    refused("electricity_kwh", lambda: add(visit, coordinator))  # no meter at all
    refused("gas_m3", lambda: add(visit, coordinator, gas_m3=Decimal("-1")))
    assert MeterReading.objects.filter(visit=visit).count() == 1
    add(visit, coordinator, electricity_kwh=12_800, gas_m3=5900)
    assert MeterReading.objects.filter(visit=visit).count() == 2


def test_it_compares_a_reading_with_the_households_other_visits(visit, coordinator):
    add(visit, coordinator, read_on=TODAY - timedelta(days=200), electricity_kwh=5000)
    services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY - timedelta(days=200))
    follow_up = services.visit_follow_up_plan(actor=coordinator, visit=visit, planned_for=TODAY)
    message = refused("electricity_kwh", lambda: add(follow_up, coordinator, electricity_kwh=4999))
    assert "A meter only goes up" in message


# Measures


def test_it_refuses_a_quantity_of_zero_or_a_thousand(visit, coordinator):
    for quantity in (0, 1000, Decimal("1.5"), -2):
        with pytest.raises(ValidationError) as caught:
            services.measure_fit(
                actor=coordinator,
                visit=visit,
                catalogue_key="waterbesparende_douchekop",
                quantity=quantity,
                status="fitted",
            )
        assert "quantity" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.measure_fit(
            actor=coordinator, visit=visit, catalogue_key="nope", quantity=1, status="fitted"
        )
    assert not FittedMeasure.objects.exists()


def test_a_snapshot_survives_a_catalogue_change(visit, coordinator, monkeypatch, tmp_path):
    fitted = services.measure_fit(
        actor=coordinator,
        visit=visit,
        catalogue_key="waterbesparende_douchekop",
        quantity=2,
        status="fitted",
    )
    before = selectors.visit_savings(visit)
    assert before.total_m3 == pytest.approx(88)
    changed = tmp_path / "measures.csv"
    text = catalogue.MEASURES_FILE.read_text(encoding="utf-8")
    changed.write_text(text.replace(",,,44,,published,", ",,,10,,published,", 1), encoding="utf-8")
    new_catalogue = catalogue.load_measures(changed)
    assert new_catalogue["waterbesparende_douchekop"].saving_m3 == 10
    monkeypatch.setattr(catalogue, "load_measures", lambda path=None: new_catalogue)
    fitted.refresh_from_db()
    assert fitted.saving_m3 == 44 and fitted.saving_year == 2021
    after = selectors.visit_savings(reload(visit))
    assert after.total_m3 == pytest.approx(88) and after.kind == "estimate"
    later = services.measure_fit(
        actor=coordinator,
        visit=visit,
        catalogue_key="waterbesparende_douchekop",
        quantity=1,
        status="advised",
    )
    assert later.saving_m3 == 10  # a new measure takes the new figure; the old one kept its own


def test_a_team_price_overrides_the_catalogue_for_the_material_cost(visit, coordinator, team):
    services.team_measure_save(
        actor=coordinator,
        workspace=team,
        catalogue_key="waterbesparende_douchekop",
        material_cost_eur=Decimal("7.50"),
        source="Inkoop 2025",
    )
    fitted = services.measure_fit(
        actor=coordinator,
        visit=visit,
        catalogue_key="waterbesparende_douchekop",
        quantity=2,
        status="fitted",
    )
    assert fitted.material_cost_eur == Decimal("15.00")
    assert fitted.saving_m3 == 44  # the saving stays the catalogue's
    with pytest.raises(ValidationError):
        services.team_measure_save(
            actor=coordinator,
            workspace=team,
            catalogue_key="waterbesparende_douchekop",
            material_cost_eur=Decimal("1"),
            source="Nog een prijs",
        )


def test_a_team_measure_with_its_own_source_is_estimated(visit, coordinator, team):
    own = services.team_measure_save(
        actor=coordinator,
        workspace=team,
        name="Radiatorfolie",
        unit="piece",
        saving_m3=Decimal("5"),
        material_cost_eur=Decimal("3"),
        source="Gemeente Voorbeeld, folder 2024",
        source_year=2024,
    )
    services.measure_fit(
        actor=coordinator, visit=visit, team_measure=own, quantity=4, status="fitted"
    )
    estimate = selectors.visit_savings(reload(visit))
    assert estimate.total_m3 == pytest.approx(20)
    assert estimate.measures[0].source == "Gemeente Voorbeeld, folder 2024"


# Referrals


def test_a_referral_moves_forward_only_and_keeps_its_history(visit, coordinator):
    referral = services.referral_make(actor=coordinator, visit=visit, service_key="energieloket")
    assert referral.service_name and referral.status == "suggested"
    for status in ("made", "answered", "helped"):
        services.referral_status_change(actor=coordinator, referral=referral, status=status)
    with pytest.raises(ValidationError):
        services.referral_status_change(actor=coordinator, referral=referral, status="made")
    assert [c.status for c in referral.history.all()] == [
        "suggested",
        "made",
        "answered",
        "helped",
    ]
    second = services.referral_make(
        actor=coordinator, visit=visit, service_key="schuldhulpverlening_gemeente"
    )
    services.referral_status_change(actor=coordinator, referral=second, status="answered")
    with pytest.raises(ValidationError):
        services.referral_status_change(actor=coordinator, referral=second, status="suggested")
    with pytest.raises(ValidationError):
        services.referral_make(actor=coordinator, visit=visit, service_key="unknown_scheme")
    assert Referral.objects.count() == 2


# Housing problems


def test_a_tick_reaches_the_signal_dossier_counted_per_complex_without_a_name(
    visit, coordinator, resident_with_consent
):
    services.visit_step_save(
        actor=coordinator, visit=visit, step="woning", data={"complex": "Hof van Tarwe"}
    )
    services.visit_problems_add(actor=coordinator, visit=visit, problems=["mould", "draught"])
    other = resident_with_consent(Purpose.VISIT, name="Iemand Anders")
    second = services.visit_plan(actor=coordinator, contact=other, planned_for=TODAY)
    services.visit_step_save(
        actor=coordinator, visit=second, step="woning", data={"complex": "hof van  tarwe"}
    )
    services.visit_problems_add(actor=coordinator, visit=second, problems=["mould"])
    services.visit_problems_add(actor=coordinator, visit=second, problems=["mould"])  # once only
    signals = HousingSignal.objects.filter(workspace=visit.workspace)
    assert {s.complex for s in signals} == {"Hof van Tarwe"}
    assert sum(s.households for s in signals.filter(problem="mould")) == 2
    assert {s.source for s in signals} == {"visit"}
    for signal in signals:
        assert NAME not in f"{signal.complex} {signal.note}"
    events = AuditEvent.objects.filter(action__startswith="visits.housing_problems")
    assert NAME not in str(list(events.values_list("data", flat=True)))
    known = selectors.prepare_data(reload(visit))["known_signals"]
    assert {row["problem"]: row["households"] for row in known} == {"draught": 1, "mould": 2}


def test_a_tick_needs_the_complex_first(visit, coordinator):
    with pytest.raises(ValidationError):
        services.visit_problems_add(actor=coordinator, visit=visit, problems=["mould"])
    assert not HousingSignal.objects.exists()


# Photos


def test_it_strips_exif_and_location_from_a_meter_photo(visit, coordinator, private_media):
    contact = consent(visit.contact, coordinator, Purpose.PHOTO)
    visit = reload(visit)
    visit.contact = contact
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    reading = add(visit, coordinator, electricity_kwh=100, photo=upload(original))
    path = Path(reading.photo.path)
    assert str(path).startswith(str(private_media))
    stored = path.read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    assert NAME not in path.name


def test_it_refuses_a_file_that_is_not_a_photo_or_too_large(visit, coordinator, monkeypatch):
    contact = consent(visit.contact, coordinator, Purpose.PHOTO)
    visit = reload(visit)
    visit.contact = contact
    message = refused(
        "photo", lambda: add(visit, coordinator, gas_m3=1, photo=upload(b"%PDF-1.4 nope", "a.jpg"))
    )
    assert "not a photo" in message
    from buurtkompas.core import photos

    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 100)
    message = refused(
        "photo", lambda: add(visit, coordinator, gas_m3=1, photo=upload(jpeg_with_gps()))
    )
    assert "too large" in message
    assert not MeterReading.objects.exists()


# The draft and completion


def test_a_half_recorded_visit_is_a_draft_that_resumes(visit, coordinator):
    assert visit.resume_step == "woning"
    services.visit_step_save(
        actor=coordinator, visit=visit, step="woning", data={"dwelling_type": "terraced"}
    )
    services.visit_step_save(actor=coordinator, visit=visit, step="huishouden", data={})
    visit = reload(visit)
    assert visit.status == "in_progress" and visit.resume_step == "energiegebruik"
    services.visit_step_save(actor=coordinator, visit=visit, step="woning", data={})
    assert reload(visit).resume_step == "energiegebruik"  # going back does not lose the place
    events = AuditEvent.objects.filter(action="visits.visit.step_saved")
    assert events.count() == 3
    assert "terraced" not in str(list(events.values_list("data", flat=True)))


def test_a_done_visit_cannot_be_changed(visit, coordinator):
    services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY)
    with pytest.raises(ValidationError):
        services.visit_step_save(actor=coordinator, visit=reload(visit), step="wensen", data={})
    with pytest.raises(ValidationError):
        services.visit_complete(actor=coordinator, visit=visit, done_on=TODAY + timedelta(days=3))


def test_the_report_data_holds_what_the_household_report_needs(visit, coordinator):
    services.measure_fit(
        actor=coordinator,
        visit=visit,
        catalogue_key="waterbesparende_douchekop",
        quantity=1,
        status="fitted",
    )
    services.referral_make(actor=coordinator, visit=visit, service_key="energieloket")
    data = selectors.visit_report_data(reload(visit))
    # The shape report_pdf.household_report_pdf documents (the PDF reads the catalogue
    # referral's phone and website by its key).
    assert data["kind"] == "estimate" and data["coach"]["name"] == coordinator.name
    assert data["measures_fitted"][0]["saving_m3"] == pytest.approx(44)
    assert data["savings"]["eur"] > 0 and data["savings"]["prices"]["year"] == 2022
    assert data["referrals"][0] == {"key": "energieloket"}
    assert catalogue_referrals()["energieloket"].how_to_reach
    assert "income" not in str(data)
