"""Events of a network (issue 11): registration of members and guests, capacity of the event and
of programme items, the waitlist moving up, the e-mails with the personal link, the scheduled
jobs, and every refusal with a clear message."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.network import event_services as services
from buurtkompas.network.models import Event, Registration
from tests.network_events_fixtures import make_event, two_workshops

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English, so they compare with their msgids (the e-mails
    choose their own languages)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mailbox():
    return mail.outbox


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


@pytest.fixture
def member(network_personas):
    return network_personas["network_member"]


@pytest.fixture
def event(network, coordinator):
    return make_event(network, coordinator, capacity=2)


def guest(event, email="gast@example.org", **fields):
    return services.registration_guest(event=event, name="Gast Een", email=email, **fields)


def test_it_registers_a_member_with_one_click_and_mails_the_personal_link(event, member, mailbox):
    registration = services.registration_member(actor=member, event=event)
    assert registration.status == Registration.Status.CONFIRMED
    [message] = mailbox
    assert message.to == [member.email]
    assert message.subject == "Je bent ingeschreven: Landelijke bijeenkomst Arnhem"
    assert "Je bent ingeschreven." in message.body and "You are registered." in message.body
    link = reverse("network:registration", args=[registration.personal_token()])
    assert link in message.body
    assert AuditEvent.objects.filter(action="network.registration.created").count() == 1
    assert member.email not in str(AuditEvent.objects.last().data)


def test_a_full_event_puts_the_next_on_the_waitlist_and_a_cancel_moves_them_up(
    event, network_personas, personas, member, mailbox
):
    first = services.registration_member(actor=member, event=event)
    services.registration_member(actor=personas["coordinator"], event=event)
    waiting = services.registration_member(
        actor=network_personas["network_coordinator"], event=event
    )
    assert waiting.status == Registration.Status.WAITLISTED
    assert "wachtlijst" in mailbox[-1].subject
    mailbox.clear()
    services.registration_cancel(registration=first, actor=member)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED and waiting.promoted_at
    [message] = mailbox
    assert message.to == [network_personas["network_coordinator"].email]
    assert "Er kwam een plek vrij" in message.subject
    assert waiting.personal_token() in message.body


def test_raising_the_capacity_moves_people_up(event, network_personas, personas, member):
    for user in (member, personas["coordinator"], network_personas["network_coordinator"]):
        services.registration_member(actor=user, event=event)
    services.event_save(actor=network_personas["network_coordinator"], network=event.network,
                        event=event, capacity=3)  # fmt: skip
    assert event.registrations.filter(status="confirmed").count() == 3


def test_a_guest_holds_no_seat_until_the_link_is_followed(event, member, personas, mailbox):
    registration = guest(event)
    assert registration.status == Registration.Status.UNCONFIRMED
    assert "Bevestig je inschrijving" in mailbox[-1].subject
    services.registration_member(actor=member, event=event)
    services.registration_member(actor=personas["coordinator"], event=event)
    confirmed = services.registration_confirm(token=registration.personal_token())
    assert confirmed.status == Registration.Status.WAITLISTED  # the last seat went meanwhile
    with pytest.raises(ValidationError, match="already used"):
        services.registration_confirm(token=registration.personal_token())


def test_an_expired_or_forged_link_cannot_confirm(event, settings):
    registration = guest(event)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.NETWORK_GUEST_CONFIRM_HOURS + 1)
    )
    with pytest.raises(ValidationError, match="expired"):
        services.registration_confirm(token=registration.personal_token())
    with pytest.raises(ValidationError, match="not valid"):
        services.registration_confirm(token=registration.personal_token() + "x")
    assert services.unconfirmed_expire() == 1
    assert guest(event).status == "unconfirmed"  # the guest may register again


def test_duplicates_closed_and_cancelled_events_are_refused(event, member, coordinator):
    services.registration_member(actor=member, event=event)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_member(actor=member, event=event)
    guest(event, email="Gast@Example.org")
    with pytest.raises(ValidationError) as error:
        guest(event, email="gast@example.ORG")
    assert "already registered" in str(error.value.message_dict["email"])
    Event.objects.filter(pk=event.pk).update(registration_deadline=timezone.now())
    event.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.registration_member(actor=coordinator, event=event)
    services.event_cancel(actor=coordinator, event=event, reason="De zaal is niet beschikbaar")
    with pytest.raises(ValidationError, match="cancelled"):
        services.registration_member(actor=coordinator, event=event)
    with pytest.raises(ValidationError, match="not open to guests"):
        guest(event, email="ander@example.org")


def test_cancelling_the_event_tells_everyone_with_the_reason(event, member, mailbox, coordinator):
    services.registration_member(actor=member, event=event)
    guest(event)
    mailbox.clear()
    services.event_cancel(actor=coordinator, event=event, reason="De zaal is niet beschikbaar")
    assert sorted(m.to[0] for m in mailbox) == ["gast@example.org", member.email]
    assert all("De zaal is niet beschikbaar" in m.body for m in mailbox)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.event_cancel(actor=coordinator, event=event, reason="nogmaals")


def test_programme_items_stay_within_the_hours_and_each_has_its_own_capacity(
    event, coordinator, member, personas
):
    with pytest.raises(ValidationError) as error:
        services.programme_item_save(
            actor=coordinator, event=event, title="Te laat",
            starts_at=event.ends_at - timedelta(minutes=30),
            ends_at=event.ends_at + timedelta(hours=1),
        )  # fmt: skip
    assert "within the event's hours (10:00 to 16:00)" in str(error.value.message_dict)
    energy, green = two_workshops(event, coordinator, capacity=1)
    services.registration_member(actor=member, event=event, items=[energy])
    with pytest.raises(ValidationError, match="Workshop energiecoaches"):
        services.registration_member(actor=personas["coordinator"], event=event, items=[energy])
    taken = services.registration_member(actor=personas["coordinator"], event=event, items=[green])
    assert list(taken.items.all()) == [green]


def test_the_scheduled_jobs_are_safe_to_run_twice(event, member, mailbox, settings):
    registration = services.registration_member(actor=member, event=event, dietary="Vegetarisch")
    assert registration.dietary_needs == ""  # not asked: not kept
    Event.objects.filter(pk=event.pk).update(ask_dietary=True)
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="Vegetarisch")
    soon = event.starts_at - timedelta(days=settings.NETWORK_REMINDER_DAYS - 1)
    mailbox.clear()
    assert services.reminders_send(now=soon) == 1
    assert services.reminders_send(now=soon) == 0
    assert [m.subject for m in mailbox] == ["Herinnering: Landelijke bijeenkomst Arnhem"]
    after = event.ends_at + timedelta(days=1)
    assert services.feedback_requests_send(now=after) == 1
    assert services.feedback_requests_send(now=after) == 0
    purge_day = event.ends_at + timedelta(days=settings.NETWORK_ANSWERS_KEEP_DAYS + 1)
    assert services.answers_purge(now=purge_day - timedelta(days=2)) == 0
    assert services.answers_purge(now=purge_day) == 1
    registration.refresh_from_db()
    assert registration.dietary_needs == "" and registration.answers_purged_at
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders sent: 0" in out.getvalue()


def test_english_speakers_get_the_english_version_first(event, member, mailbox):
    services.registration_member(actor=member, event=event, language="en")
    [message] = mailbox
    assert message.subject == "You are registered: Landelijke bijeenkomst Arnhem"
    assert message.body.index("You are registered.") < message.body.index("Je bent ingeschreven.")
