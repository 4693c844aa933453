"""The verslag of an event (issue 11): the hosts write it, add photos (images only, EXIF and
location stripped, only with the tick that everyone in the photo agreed) and publish it to the
network or to everyone."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.core import photos
from buurtkompas.network.models import EventReport, ReportPhoto

MAX_PHOTOS = 30


@transaction.atomic
def report_save(*, actor, event, text: str, visibility: str) -> EventReport:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the report.")})
    report, created = EventReport.objects.get_or_create(
        event=event, defaults={"text": text, "visibility": visibility, "author": actor}
    )
    if not created:
        report.text, report.visibility = text, visibility
        report.save(update_fields=["text", "visibility", "updated_at"])
    log_action(actor=actor, action="network.report.saved", obj=report,
               data={"visibility": visibility})  # fmt: skip
    return report


@transaction.atomic
def report_publish(*, actor, report: EventReport, publish: bool = True) -> EventReport:
    report.published_at = timezone.now() if publish else None
    report.save(update_fields=["published_at", "updated_at"])
    action = "network.report.published" if publish else "network.report.unpublished"
    log_action(actor=actor, action=action, obj=report, data={"visibility": report.visibility})
    return report


@transaction.atomic
def photo_add(
    *, actor, report: EventReport, upload, caption: str = "", consent: bool
) -> ReportPhoto:
    if not consent:
        raise ValidationError(
            {"consent": _("Tick that everyone in the photo agreed to it being shown.")}
        )
    if report.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"photo": _("A report holds at most %(n)s photos.") % {"n": MAX_PHOTOS}}
        )
    clean = photos.clean_photo(upload)
    photo = ReportPhoto(report=report, caption=caption.strip(), consent_confirmed=True)
    photo.image.save(clean.name, clean, save=False)
    name, storage = photo.image.name, photo.image.storage
    try:
        photo.save()
    except Exception:
        storage.delete(name)
        raise
    log_action(actor=actor, action="network.report.photo_added", obj=photo)
    return photo


@transaction.atomic
def photo_delete(*, actor, photo: ReportPhoto) -> None:
    name, storage = photo.image.name, photo.image.storage
    transaction.on_commit(lambda: storage.delete(name))
    log_action(actor=actor, action="network.report.photo_deleted", obj=photo)
    photo.delete()
