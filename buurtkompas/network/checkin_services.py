"""Check-in at the door (issue 11): tick who came, undo a tick, add a walk-in. Audited by
number only. A walk-in is registered and checked in at once, even beyond the capacity: the
door decides who is in the room, the registration only counts them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.network.models import Registration

Status = Registration.Status


@transaction.atomic
def registration_check_in(*, actor, registration: Registration, present: bool = True):
    """Tick (or untick) a registered person. Someone on the waitlist who turns up at the door
    is let in and counted as registered."""
    if registration.status in (Status.CANCELLED, Status.UNCONFIRMED) and present:
        raise ValidationError(_("This registration is not valid: add the person as a walk-in."))
    if present and registration.status == Status.WAITLISTED:
        registration.status = Status.CONFIRMED
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["status", "checked_in_at"])
    action = (
        "network.registration.checked_in" if present else "network.registration.check_in_undone"
    )
    log_action(actor=actor, action=action, obj=registration)
    return registration


@transaction.atomic
def walk_in_add(*, actor, event, name: str, organisation: str = "") -> Registration:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the name of the person at the door.")})
    now = timezone.now()
    registration = Registration.objects.create(
        event=event,
        guest_name=name,
        guest_organisation=organisation.strip(),
        status=Status.CONFIRMED,
        confirmed_at=now,
        checked_in_at=now,
        walk_in=True,
    )
    log_action(actor=actor, action="network.registration.walk_in", obj=registration)
    return registration
