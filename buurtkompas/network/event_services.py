"""Writes of events: the event and its programme, registrations, the waitlist, the e-mails.
`<entity>_<verb>(*, ...)`, atomic, audited (no name or e-mail address in the audit data).

Seats. An event's `capacity` counts the confirmed registrations; a guest's registration holds no
seat until the e-mail address is confirmed through the link. When the event is full a new
registration goes on the waitlist; when someone cancels (or the capacity is raised) the first
on the waitlist moves up automatically and gets an e-mail. A programme item's capacity counts
the confirmed registrations that chose it; a full item is refused with a message (the person
chooses another).

Concurrency. Every write that takes or frees a seat first locks the event row
(`select_for_update`, PostgreSQL) inside its transaction; SQLite transactions are IMMEDIATE
(settings), so writers wait for each other. Two people taking the last seat at the same moment
never both get it (tests/test_network_events_concurrency.py, with real concurrent requests).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.network import event_mail
from buurtkompas.network.models import Event, ProgrammeItem, Registration

Status = Registration.Status
HOLDS_SEAT = (Status.CONFIRMED,)
LIVE = (Status.UNCONFIRMED, Status.CONFIRMED, Status.WAITLISTED)


def _locked(event: Event) -> Event:
    """The event row, locked until the transaction ends (a no-op lock on SQLite, where the
    IMMEDIATE transaction already serialises writers)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status__in=HOLDS_SEAT).count()


def has_seat(event: Event) -> bool:
    return event.capacity is None or seats_taken(event) < event.capacity


# --- The event and its programme -------------------------------------------------------------


def _check_event(fields: dict) -> None:
    errors = {}
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    deadline = fields.get("registration_deadline")
    if deadline and starts and deadline > starts:
        errors["registration_deadline"] = _("Registration must close before the event starts.")
    if fields.get("kind") == Event.Kind.ONLINE and not fields.get("online_url"):
        errors["online_url"] = _("Give the link of the online meeting.")
    if errors:
        raise ValidationError(errors)


EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "host_workspace",
    "place_name",
    "address",
    "region",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_deadline",
    "open_to_guests",
    "ask_dietary",
    "ask_accessibility",
)


@transaction.atomic
def event_save(*, actor, network, event: Event | None = None, **fields) -> Event:
    """Create a draft event or change one. Raising the capacity moves people up from the
    waitlist; programme items must stay within the new hours."""
    fields = {k: v for k, v in fields.items() if k in EVENT_FIELDS}
    current = {f: getattr(event, f) for f in EVENT_FIELDS} if event else {}
    _check_event(current | fields)
    if event is None:
        event = Event.objects.create(network=network, created_by=actor, **fields)
        log_action(actor=actor, action="network.event.created", obj=event)
        return event
    event = _locked(event)
    outside = [
        item.title
        for item in event.programme.all()
        if item.starts_at < fields.get("starts_at", event.starts_at)
        or item.ends_at > fields.get("ends_at", event.ends_at)
    ]
    if outside:
        raise ValidationError(
            {"starts_at": _("Programme items fall outside these hours: %(items)s.")
             % {"items": ", ".join(outside)}}
        )  # fmt: skip
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    log_action(
        actor=actor, action="network.event.changed", obj=event, data={"fields": sorted(fields)}
    )
    _promote(event)
    return event


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be published again."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status"])
    log_action(actor=actor, action="network.event.published", obj=event)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancel the event and tell everyone registered or waiting, with the reason."""
    event = _locked(event)
    if event.is_cancelled:
        raise ValidationError(_("This event is already cancelled."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly why, for the e-mail to everyone.")})
    event.status, event.cancel_reason = Event.Status.CANCELLED, reason
    event.save(update_fields=["status", "cancel_reason"])
    told = list(event.registrations.filter(status__in=LIVE).select_related("user", "event"))
    for registration in told:
        event_mail.event_cancelled(registration)
    log_action(actor=actor, action="network.event.cancelled", obj=event, data={"told": len(told)})
    return event


ITEM_FIELDS = ("starts_at", "ends_at", "title", "description", "presenters", "room", "capacity")


@transaction.atomic
def programme_item_save(*, actor, event: Event, item: ProgrammeItem | None = None, **fields):
    """Add or change a programme item; it must lie within the event's hours. Items at the same
    time run in parallel, each with its own capacity."""
    fields = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    merged = ({f: getattr(item, f) for f in ITEM_FIELDS} if item else {}) | fields
    errors = {}
    if merged["ends_at"] <= merged["starts_at"]:
        errors["ends_at"] = _("The end must be after the start.")
    local = timezone.localtime
    if merged["starts_at"] < event.starts_at or merged["ends_at"] > event.ends_at:
        errors["starts_at"] = _(
            "The item must lie within the event's hours (%(start)s to %(end)s)."
        ) % {
            "start": local(event.starts_at).strftime("%H:%M"),
            "end": local(event.ends_at).strftime("%H:%M"),
        }
    if errors:
        raise ValidationError(errors)
    if item is None:
        item = ProgrammeItem.objects.create(event=event, **fields)
        log_action(actor=actor, action="network.programme_item.added", obj=item)
    else:
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        log_action(actor=actor, action="network.programme_item.changed", obj=item)
    return item


@transaction.atomic
def programme_item_delete(*, actor, item: ProgrammeItem) -> None:
    log_action(actor=actor, action="network.programme_item.deleted", obj=item)
    item.delete()


# --- Registrations ---------------------------------------------------------------------------


def _check_open(event: Event, now) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event is cancelled."))
    if not event.registration_open(now):
        raise ValidationError(_("Registration for this event is closed."))


def _check_items(event: Event, items) -> list[ProgrammeItem]:
    """The chosen items, refused when one is not of this event or is full."""
    items = list(items or ())
    if any(item.event_id != event.pk for item in items):
        raise ValidationError({"items": _("Choose items of this event's programme.")})
    limited = [item.pk for item in items if item.capacity is not None]
    taken = dict(
        ProgrammeItem.objects.filter(pk__in=limited)
        .annotate(n=Count("registrations", filter=Q(registrations__status__in=HOLDS_SEAT)))
        .values_list("pk", "n")
    )
    full = [
        item.title
        for item in items
        if item.capacity is not None and taken[item.pk] >= item.capacity
    ]
    if full:
        raise ValidationError(
            {"items": _("Full, choose another: %(items)s.") % {"items": ", ".join(full)}}
        )
    return items


def _answers(event: Event, dietary: str, accessibility: str) -> dict:
    return {
        "dietary_needs": dietary.strip() if event.ask_dietary else "",
        "accessibility_needs": accessibility.strip() if event.ask_accessibility else "",
    }


def _create(event, **fields) -> Registration:
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may say no
            return Registration.objects.create(event=event, **fields)
    except IntegrityError:
        raise ValidationError(_("You are already registered for this event.")) from None


@transaction.atomic
def registration_member(
    *, actor, event: Event, items=(), dietary: str = "", accessibility: str = "", language="nl"
) -> Registration:
    """A member's one-click registration: a seat if there is one, else the waitlist."""
    event = _locked(event)
    _check_open(event, timezone.now())
    if event.registrations.filter(user=actor, status__in=LIVE).exists():
        raise ValidationError(_("You are already registered for this event."))
    seat = has_seat(event)
    items = _check_items(event, items) if seat else []
    now = timezone.now()
    registration = _create(
        event,
        user=actor,
        status=Status.CONFIRMED if seat else Status.WAITLISTED,
        confirmed_at=now if seat else None,
        language=language,
        **_answers(event, dietary, accessibility),
    )
    registration.items.set(items)
    event_mail.registered(registration)
    log_action(
        actor=actor, action="network.registration.created", obj=registration,
        data={"status": registration.status, "guest": False},
    )  # fmt: skip
    return registration


@transaction.atomic
def registration_guest(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str = "",
    items=(),
    dietary: str = "",
    accessibility: str = "",
    language: str = "nl",
) -> Registration:
    """A guest's registration on a public event: unconfirmed (no seat) until the link in the
    e-mail is followed (`registration_confirm`)."""
    event = _locked(event)
    if not event.is_public:
        raise ValidationError(_("This event is not open to guests."))
    _check_open(event, timezone.now())
    email = email.strip()
    if Registration.objects.filter(
        event=event, user=None, guest_email__iexact=email, status__in=LIVE
    ).exists():
        raise ValidationError({"email": _("This e-mail address is already registered.")})
    items = _check_items(event, items)
    registration = _create(
        event,
        guest_name=name.strip(),
        guest_email=email,
        guest_organisation=organisation.strip(),
        status=Status.UNCONFIRMED,
        language=language,
        **_answers(event, dietary, accessibility),
    )
    registration.items.set(items)
    event_mail.confirm_guest(registration)
    log_action(
        actor=None, action="network.registration.created", obj=registration,
        data={"status": registration.status, "guest": True},
    )  # fmt: skip
    return registration


def registration_by_token(token: str) -> Registration | None:
    pk = Registration.pk_from_token(token)
    if pk is None:
        return None
    return Registration.objects.filter(pk=pk).select_related("event__network", "user").first()


def confirm_deadline(registration: Registration):
    return registration.created_at + dt.timedelta(hours=settings.NETWORK_GUEST_CONFIRM_HOURS)


@transaction.atomic
def registration_confirm(*, token: str) -> Registration:
    """A guest follows the link: the registration takes a seat, or the waitlist when the event
    filled up meanwhile. A link used twice says so; an expired one cannot confirm."""
    found = registration_by_token(token)
    if found is None:
        raise ValidationError(_("This link is not valid."))
    event = _locked(found.event)
    registration = Registration.objects.get(pk=found.pk)
    if registration.status != Status.UNCONFIRMED:
        raise ValidationError(_("This link was already used: your registration is confirmed."))
    if timezone.now() > confirm_deadline(registration):
        raise ValidationError(_("This link has expired. Register again on the event page."))
    _check_open(event, timezone.now())
    seat = has_seat(event)
    registration.status = Status.CONFIRMED if seat else Status.WAITLISTED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    if seat:
        try:
            _check_items(event, registration.items.all())
        except ValidationError:
            registration.items.clear()  # the chosen workshop filled up while unconfirmed
    event_mail.registered(registration)
    log_action(
        actor=None, action="network.registration.confirmed", obj=registration,
        data={"status": registration.status},
    )  # fmt: skip
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor=None) -> Registration:
    """Cancel (from the personal link or the member's page); the first on the waitlist moves
    up and is told."""
    event = _locked(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if event.ends_at < timezone.now():
        raise ValidationError(_("This event is over."))
    freed = registration.status in HOLDS_SEAT
    registration.status, registration.cancelled_at = Status.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    registration.items.clear()
    log_action(actor=actor, action="network.registration.cancelled", obj=registration)
    if freed:
        _promote(event)
    return registration


def _promote(event: Event) -> list[Registration]:
    """Move people up from the waitlist, first come first served, while there are seats;
    each gets an e-mail. Call with the event locked."""
    promoted = []
    if event.is_cancelled:
        return promoted
    waiting = event.registrations.filter(status=Status.WAITLISTED).order_by("created_at", "id")
    for registration in waiting:
        if not has_seat(event):
            break
        registration.status = Status.CONFIRMED
        registration.promoted_at = registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "confirmed_at"])
        event_mail.promoted(registration)
        log_action(actor=None, action="network.registration.promoted", obj=registration)
        promoted.append(registration)
    return promoted


# --- The scheduler's jobs (`buurtkompas send_reminders`): each safe to run twice --------------


def reminders_send(*, now=None) -> int:
    """A reminder a few days before the event (NETWORK_REMINDER_DAYS) to everyone with a seat,
    once: `reminder_sent_at` is set in the same transaction as the e-mail is queued."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=settings.NETWORK_REMINDER_DAYS)
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at=None,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=horizon,
    ).select_related("event__network", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            event_mail.reminder(registration)
        sent += 1
    return sent


@transaction.atomic
def answers_purge(*, now=None) -> int:
    """Delete the answers to the optional questions (dietary and accessibility needs)
    NETWORK_ANSWERS_KEEP_DAYS after the event, as the form says."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.NETWORK_ANSWERS_KEEP_DAYS)
    old = Registration.objects.filter(event__ends_at__lt=cutoff, answers_purged_at=None).exclude(
        dietary_needs="", accessibility_needs=""
    )
    return old.update(dietary_needs="", accessibility_needs="", answers_purged_at=now)


@transaction.atomic
def unconfirmed_expire(*, now=None) -> int:
    """Guest registrations whose link was not followed in time are cancelled (they held no
    seat); the guest may register again."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.NETWORK_GUEST_CONFIRM_HOURS)
    return Registration.objects.filter(status=Status.UNCONFIRMED, created_at__lt=cutoff).update(
        status=Status.CANCELLED, cancelled_at=now
    )


def feedback_requests_send(*, now=None) -> int:
    """After the event, one e-mail to everyone who had a seat asking for feedback (once)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__ends_at__lt=now,
        event__ends_at__gte=now - dt.timedelta(days=14),
        feedback_requested_at=None,
    ).select_related("event__network", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            registration.feedback_requested_at = now
            registration.save(update_fields=["feedback_requested_at"])
            event_mail.feedback_request(registration)
        sent += 1
    return sent
