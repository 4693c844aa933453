"""Objects of the events part for the network URL walker: a published event open to guests
with a programme item, and a member's registration (its personal link)."""

from buurtkompas.network import event_services
from tests.network_events_fixtures import make_event, two_workshops


def objects(*, network, network_personas, personas, team) -> dict:
    coordinator = network_personas["network_coordinator"]
    event = make_event(network, coordinator, capacity=10)
    item, _other = two_workshops(event, coordinator)
    registration = event_services.registration_member(
        actor=network_personas["network_member"], event=event
    )
    return {"event_id": event.pk, "item_id": item.pk, "token": registration.personal_token()}
