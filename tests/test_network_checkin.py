"""Check-in at the door (issue 11): search by name, tick and undo, walk-ins, the counts, the
attendance list as PDF; for the network's coordinators; a fixed number of queries."""

import pytest
from django.urls import reverse

from buurtkompas.network import checkin_services, event_services
from buurtkompas.network.models import Registration
from tests.helpers import count_queries, pdf_text, text_of
from tests.network_events_fixtures import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


@pytest.fixture
def event(network, coordinator, network_personas, personas):
    event = make_event(network, coordinator, capacity=2)
    event_services.registration_member(actor=network_personas["network_member"], event=event)
    event_services.registration_member(actor=personas["coordinator"], event=event)
    event_services.registration_member(actor=coordinator, event=event)  # the waitlist
    return event


def url(name, event, *args):
    return reverse(f"network:{name}", args=[event.network.slug, event.pk, *args])


def test_it_ticks_a_person_searched_by_name_and_undoes_it(event, coordinator, as_user):
    client = as_user(coordinator)
    text = text_of(client.get(url("door", event)))
    assert "2 registered" in text and "1 on the waitlist" in text and "0 checked in" in text
    found = text_of(client.get(url("door", event) + "?q=network mem"))
    assert "Network member Tick: is here" in found and found.count("Tick: is here") == 1
    member = Registration.objects.get(user__email="network_member@example.org")
    client.post(url("door_tick", event, member.pk), {"present": "1", "q": "network mem"})
    member.refresh_from_db()
    assert member.checked_in_at is not None
    assert "1 checked in" in text_of(client.get(url("door", event)))
    client.post(url("door_tick", event, member.pk), {"present": "0"})
    member.refresh_from_db()
    assert member.checked_in_at is None


def test_htmx_gets_only_the_row_back(event, coordinator, as_user):
    member = Registration.objects.get(user__email="network_member@example.org")
    response = as_user(coordinator).post(
        url("door_tick", event, member.pk), {"present": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="door-row is-in"') and "<h1" not in html


def test_someone_on_the_waitlist_at_the_door_is_let_in(event, coordinator):
    waiting = Registration.objects.get(status="waitlisted")
    checkin_services.registration_check_in(actor=coordinator, registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.checked_in_at


def test_a_walk_in_is_added_checked_in_and_a_name_is_required(event, coordinator, as_user):
    client = as_user(coordinator)
    bad = client.post(url("door_walk_in", event), {"name": " "})
    assert bad.status_code == 400 and "This field is required." in text_of(bad)
    for name in ("Binnenloper Een", "Binnenloper Twee"):  # two walk-ins without an address
        client.post(url("door_walk_in", event), {"name": name, "organisation": "Wijkteam"})
    walk_ins = Registration.objects.filter(walk_in=True)
    assert walk_ins.count() == 2 and all(r.checked_in_at for r in walk_ins)
    assert "2 checked in" in text_of(client.get(url("door", event)))


def test_the_attendance_list_is_a_pdf_with_everyone_and_who_came(event, coordinator, as_user):
    member = Registration.objects.get(user__email="network_member@example.org")
    checkin_services.registration_check_in(actor=coordinator, registration=member)
    response = as_user(coordinator).get(url("attendance", event))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Attendance list" in text and "Landelijke bijeenkomst Arnhem" in text
    assert "Network member" in text and "Network coordinator" in text and "✓" in text


def test_members_may_not_use_the_door(event, network_personas, as_user):
    member = as_user(network_personas["network_member"])
    assert member.get(url("door", event)).status_code == 403
    assert as_user(network_personas["non_member"]).get(url("door", event)).status_code == 404


def test_the_door_costs_the_same_queries_for_three_or_twenty_people(event, coordinator, client_as):
    client = client_as(coordinator)
    few = count_queries(client, url("door", event))
    for n in range(17):
        checkin_services.walk_in_add(actor=coordinator, event=event, name=f"Gast {n}")
    assert count_queries(client, url("door", event)) == few
