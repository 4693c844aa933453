"""The verslag of a werkbezoek (issue 11): the coordinators write it and add photos (images
only, EXIF and location stripped, only with the consent tick), publish it to the network or to
everyone; the photos are streamed only to those who may read the report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from buurtkompas.network import report_services as services
from buurtkompas.network.models import ReportPhoto
from tests.helpers import text_of
from tests.network_events_fixtures import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


@pytest.fixture
def past(network, coordinator):
    return make_event(network, coordinator, days=-3, public=False)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 5.0, 0.0), 4: (5.0, 54.0, 0.0)}  # GPSInfo: latitude, longitude
    exif[0x010F] = "Camera Maker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def url(name, event, *args):
    return reverse(f"network:{name}", args=[event.network.slug, event.pk, *args])


def test_a_photo_is_stored_without_exif_and_only_with_the_consent_tick(past, coordinator, as_user):
    client = as_user(coordinator)
    client.post(url("report_edit", past), {"text": "Mooie dag in de wijk.", "visibility": "public"})
    upload = SimpleUploadedFile("buurt.jpg", jpeg_with_gps(), content_type="image/jpeg")
    refused = client.post(url("report_photo_add", past), {"photo": upload, "caption": "Tuin"})
    assert refused.status_code == 400
    assert "Tick that everyone in the photo agreed" in text_of(refused)
    upload = SimpleUploadedFile("buurt.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(
        url("report_photo_add", past), {"photo": upload, "caption": "Tuin", "consent": "on"}
    )
    photo = ReportPhoto.objects.get()
    stored = Image.open(photo.image.open("rb"))
    assert stored.getexif() == {} and "exif" not in stored.info
    text = SimpleUploadedFile("notes.txt", b"not a photo", content_type="image/jpeg")
    bad = client.post(url("report_photo_add", past), {"photo": text, "consent": "on"})
    assert "This file is not a photo we can read" in text_of(bad)
    assert ReportPhoto.objects.count() == 1


def test_who_reads_the_report_and_its_photos(past, coordinator, network_personas, as_user):
    report = services.report_save(
        actor=coordinator, event=past, text="Verslag", visibility="network"
    )
    services.photo_add(
        actor=coordinator, report=report, consent=True,
        upload=SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg"),
    )  # fmt: skip
    photo = report.photos.get()
    member = network_personas["network_member"]
    assert as_user(member).get(url("report", past)).status_code == 404  # not published
    assert as_user(coordinator).get(url("report", past)).status_code == 200
    services.report_publish(actor=coordinator, report=report)
    assert "Verslag" in text_of(as_user(member).get(url("report", past)))
    photo_url = url("report_photo", past, photo.pk)
    assert as_user(member).get(photo_url)["Content-Type"] == "image/jpeg"
    assert as_user(None).get(url("report", past)).status_code == 404  # for members only
    assert as_user(None).get(photo_url).status_code == 404
    services.report_save(actor=coordinator, event=past, text="Verslag", visibility="public")
    assert as_user(None).get(url("report", past)).status_code == 200
    assert as_user(None).get(photo_url).status_code == 200


def test_an_empty_report_is_refused(past, coordinator, as_user):
    response = as_user(coordinator).post(
        url("report_edit", past), {"text": " ", "visibility": "public"}
    )
    assert "This field is required." in text_of(response) or "Write the report." in text_of(
        response
    )
