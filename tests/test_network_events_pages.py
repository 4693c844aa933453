"""The pages of network events: coordinators make an event with a programme, members register
with one click, guests through the public form (honeypot, rate limit), the personal link, and
iCalendar checked with a real parser."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buurtkompas.network import event_services as services
from buurtkompas.network.models import Event, Registration
from tests.helpers import text_of
from tests.network_events_fixtures import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


def url(name, network, *args):
    return reverse(f"network:{name}", args=[network.slug, *args])


def when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_coordinator_makes_a_work_visit_with_two_parallel_workshops(
    network, coordinator, personas, team, as_user
):
    from buurtkompas.workspaces.models import Membership

    Membership.objects.create(workspace=team, user=coordinator, role="opbouwwerker")
    client = as_user(coordinator)
    start = timezone.localtime(timezone.now() + timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    form = {
        "kind": "werkbezoek",
        "title": "Werkbezoek Arnhem-Oost",
        "host_workspace": team.pk,
        "place_name": "Buurthuis",
        "starts_at": when(start),
        "ends_at": when(start + timedelta(hours=5)),
        "capacity": "20",
        "region_code": "wk034401",
    }
    bad = client.post(url("event_new", network), form | {"region_code": "WK999999"})
    assert "No buurt or wijk with this code." in text_of(bad)
    bad = client.post(url("event_new", network), form | {"ends_at": when(start)})
    assert "The end must be after the start." in text_of(bad)
    assert not Event.objects.exists()
    response = client.post(url("event_new", network), form)
    event = Event.objects.get()
    assert response.status_code == 302 and event.status == "draft"
    assert event.region.code == "WK034401" and event.host_workspace == team
    for title in ("Energiecoaches", "Groen in de wijk"):
        client.post(
            url("item_new", network, event.pk),
            {
                "starts_at": when(start + timedelta(hours=2)),
                "ends_at": when(start + timedelta(hours=3)),
                "title": title,
                "capacity": "10",
            },
        )
    outside = client.post(
        url("item_new", network, event.pk),
        {"starts_at": when(start), "ends_at": when(start + timedelta(hours=9)), "title": "Laat"},
    )
    assert "The item must lie within the event's hours (10:00 to 15:00)." in text_of(outside)
    assert event.programme.count() == 2
    client.post(url("event_publish", network, event.pk))
    text = text_of(client.get(url("event", network, event.pk)))
    assert "Energiecoaches" in text and "Groen in de wijk" in text and "0 / 10" in text
    assert "Host team " + team.name in text


def test_the_public_sees_only_events_open_to_guests(
    network, coordinator, network_personas, client_as, as_user
):
    public = make_event(network, coordinator, public=True, title="Open bijeenkomst")
    closed = make_event(network, coordinator, public=False, title="Alleen voor leden")
    anonymous = as_user(None)
    listing = text_of(anonymous.get(url("events", network)))
    assert "Open bijeenkomst" in listing and "Alleen voor leden" not in listing
    assert anonymous.get(url("event", network, closed.pk)).status_code == 404
    assert anonymous.get(url("event_ics", network, closed.pk)).status_code == 404
    outsider = as_user(network_personas["non_member"])
    assert outsider.get(url("event", network, closed.pk)).status_code == 404
    assert outsider.get(url("event", network, public.pk)).status_code == 200
    member = as_user(network_personas["network_member"])
    assert "Alleen voor leden" in text_of(member.get(url("events", network)))


def test_a_member_registers_and_cancels_with_one_click(
    network, coordinator, network_personas, as_user
):
    event = make_event(network, coordinator, capacity=1)
    client = as_user(network_personas["network_member"])
    response = client.post(url("register", network, event.pk))
    assert response.status_code == 302
    text = text_of(client.get(url("event", network, event.pk)))
    assert "You are registered." in text and "1 of 1 taken" in text
    again = client.post(url("register", network, event.pk))
    assert again.status_code == 400 and "already registered" in text_of(again)
    client.post(url("unregister", network, event.pk))
    assert not Registration.objects.filter(status="confirmed").exists()


def test_a_guest_registers_confirms_through_the_link_and_cancels(network, coordinator, as_user):
    event = make_event(network, coordinator, capacity=5)
    client = as_user(None)
    form = {"name": "Gast Twee", "email": "twee@example.org", "organisation": "Wijkteam"}
    bad = client.post(url("guest_register", network, event.pk), form | {"email": "geen-adres"})
    assert bad.status_code == 400 and "Enter a valid email address." in text_of(bad)
    response = client.post(url("guest_register", network, event.pk), form)
    assert response.status_code == 302
    registration = Registration.objects.get()
    link = reverse("network:registration", args=[registration.personal_token()])
    assert link in mail.outbox[-1].body
    page = client.get(link)
    assert (
        "Confirm my registration" in text_of(page) and page["Cache-Control"] == "no-store, private"
    )
    registration.refresh_from_db()
    assert registration.status == "unconfirmed"  # opening the link (a mail scanner) does nothing
    client.post(link, {"action": "confirm"})
    assert "Your registration is confirmed." in text_of(client.get(link))
    client.post(link, {"action": "confirm"})
    assert "This link was already used" in text_of(client.get(link))
    client.post(link, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert client.get(reverse("network:registration", args=["1.forged"])).status_code == 404


def test_the_honeypot_and_the_rate_limit_stop_spam(network, coordinator, as_user, settings):
    event = make_event(network, coordinator, capacity=50)
    client = as_user(None)
    robot = {"name": "Bot", "email": "bot@example.org", "website": "http://spam.example"}
    assert client.post(url("guest_register", network, event.pk), robot).status_code == 302
    assert not Registration.objects.exists() and not mail.outbox
    statuses = [
        client.post(
            url("guest_register", network, event.pk),
            {"name": f"Gast {n}", "email": f"gast{n}@example.org"},
        ).status_code
        for n in range(settings.NETWORK_GUEST_RATE_PER_10_MIN)
    ]
    assert statuses == [302] * (settings.NETWORK_GUEST_RATE_PER_10_MIN - 1) + [429]
    assert "Please try again in ten minutes." in text_of(
        client.post(
            url("guest_register", network, event.pk), {"name": "x", "email": "x@example.org"}
        )
    )


def test_calendar_files_are_valid_icalendar(network, coordinator, as_user):
    long_title = "Werkbezoek; samen leren, met feedback — " + "ééé " * 30
    public = make_event(network, coordinator, title=long_title.strip(), public=True)
    make_event(network, coordinator, title="Alleen voor leden", public=False)
    client = as_user(None)
    response = client.get(url("event_ics", network, public.pk))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == long_title.strip()
    assert event.decoded("DTSTART") == public.starts_at
    assert str(event["LOCATION"]) == "Buurthuis De Wiel, Kerkstraat 1, Arnhem"
    feed = icalendar.Calendar.from_ical(client.get(url("feed", network)).content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [long_title.strip()]
    services.event_cancel(actor=coordinator, event=public, reason="Zaal dicht")
    feed = icalendar.Calendar.from_ical(client.get(url("feed", network)).content)
    assert str(feed.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
