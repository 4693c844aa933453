"""Reads of events with their visibility rules: the public sees the events open to guests
(published or cancelled); members see every such event of their network, open to guests or
not; coordinators also drafts."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from buurtkompas.network.models import Event, ProgrammeItem, Registration

Status = Registration.Status


def visible_events(network, member):
    events = Event.objects.filter(network=network).select_related("region", "host_workspace")
    if member is None:
        # Cancelled ones stay visible: a calendar subscription must learn of the cancellation.
        return events.filter(open_to_guests=True).exclude(status=Event.Status.DRAFT)
    if member.is_coordinator:
        return events
    return events.exclude(status=Event.Status.DRAFT)


def upcoming_and_past(network, member) -> tuple[list, list]:
    now = timezone.now()
    events = visible_events(network, member)
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at"))
    past = list(events.filter(ends_at__lt=now).order_by("-starts_at")[:50])
    return upcoming, past


def event_for(network, member, event_id: int) -> Event:
    """The event if this visitor may see it, else 404 (a hidden event does not reveal itself)."""
    event = visible_events(network, member).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def counts(event) -> dict:
    """Seats taken, on the waitlist, waiting for e-mail confirmation, checked in: one query."""
    return event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=Status.WAITLISTED)),
        unconfirmed=Count("id", filter=Q(status=Status.UNCONFIRMED)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
    )


def programme(event) -> list[ProgrammeItem]:
    """The programme with the number of confirmed registrations per item (`taken`)."""
    return list(
        event.programme.annotate(
            taken=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED))
        ).order_by("starts_at", "title")
    )


def live_registration(event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user)
        .exclude(status=Status.CANCELLED)
        .prefetch_related("items")
        .first()
    )


def registrations(event):
    """For the coordinators: everyone registered, waiting or cancelled, with their choices."""
    return (
        event.registrations.select_related("user")
        .prefetch_related("items")
        .order_by("status", "created_at", "id")
    )
