"""Shared makers for the network event tests."""

from datetime import timedelta

from django.utils import timezone

from buurtkompas.network import event_services
from buurtkompas.network.models import Event


def make_event(network, coordinator, *, capacity=2, public=True, days=20, **fields) -> Event:
    """A published werkbezoek (without host: a national meeting) `days` from now, 10:00-16:00."""
    start = timezone.localtime(timezone.now() + timedelta(days=days))
    start = start.replace(hour=10, minute=0, second=0)
    start = start.replace(microsecond=0)
    values = {
        "kind": Event.Kind.NATIONAL,
        "title": "Landelijke bijeenkomst Arnhem",
        "description": "Werkbezoek; uitwisseling, feedback",
        "place_name": "Buurthuis De Wiel",
        "address": "Kerkstraat 1, Arnhem",
        "starts_at": start,
        "ends_at": start + timedelta(hours=6),
        "capacity": capacity,
        "open_to_guests": public,
    } | fields
    event = event_services.event_save(actor=coordinator, network=network, **values)
    return event_services.event_publish(actor=coordinator, event=event)


def two_workshops(event, coordinator, capacity=1):
    """Two parallel workshops 13:00-14:30, each with its own capacity."""
    start = event.starts_at + timedelta(hours=3)
    return [
        event_services.programme_item_save(
            actor=coordinator,
            event=event,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            title=title,
            room=room,
            capacity=capacity,
        )
        for title, room in (("Workshop energiecoaches", "Zaal 1"), ("Workshop groen", "Zaal 2"))
    ]
