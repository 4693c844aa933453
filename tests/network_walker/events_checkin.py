"""Objects of check-in for the network URL walker: a registration of the walker's event."""

from buurtkompas.network.models import Event, Registration


def objects(*, network, network_personas, personas, team) -> dict:
    event = Event.objects.filter(network=network).latest("pk")  # made by network_walker/events
    registration = Registration.objects.filter(event=event).first()
    return {"registration_id": registration.pk}
