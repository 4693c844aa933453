"""Objects of the verslag for the network URL walker: a public, published report of the
walker's event with one photo (so the public may read both)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtkompas.network import report_services
from buurtkompas.network.models import Event


def objects(*, network, network_personas, personas, team) -> dict:
    import tempfile

    from django.conf import settings

    settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="bk-walker-")
    coordinator = network_personas["network_coordinator"]
    event = Event.objects.filter(network=network).latest("pk")
    report = report_services.report_save(
        actor=coordinator, event=event, text="Verslag", visibility="public"
    )
    report_services.report_publish(actor=coordinator, report=report)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    upload = SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")
    photo = report_services.photo_add(actor=coordinator, report=report, upload=upload, consent=True)
    return {"photo_id": photo.pk}
