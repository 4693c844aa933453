"""Peer feedback after an event (issue 11): per programme item a score and the hosts' open
questions, once per participant, anonymous towards the hosts on request; the hosts' results
with averages, distribution and every answer; the CSV export."""

import csv
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from buurtkompas.network import event_services
from buurtkompas.network import feedback_services as services
from buurtkompas.network.models import FeedbackResponse, Registration
from tests.helpers import text_of
from tests.network_events_fixtures import make_event, two_workshops

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


@pytest.fixture
def past(network, coordinator):
    """A werkbezoek that ended yesterday, with two parallel workshops."""
    event = make_event(network, coordinator, days=-1)
    two_workshops(event, coordinator, capacity=None)
    return event


def came(event, user=None, **guest) -> Registration:
    return Registration.objects.create(event=event, user=user, status="confirmed", **guest)


def url(name, event):
    return reverse(f"network:{name}", args=[event.network.slug, event.pk])


def form_for(event, scores, answer="", anonymous=False):
    questions = services.questions_of(event)
    data = {"anonymous": "on"} if anonymous else {}
    items = event.programme.order_by("starts_at", "title")
    for item, score in zip(items, scores, strict=True):
        data[f"score_{item.pk}"] = str(score) if score else ""
        data[f"q{questions[0].pk}_{item.pk}"] = answer if score else ""
    return data


def test_the_hosts_see_averages_distributions_and_answers_with_names_unless_anonymous(
    past, coordinator, network_personas, personas, as_user
):
    member, other = network_personas["network_member"], personas["coordinator"]
    came(past, member), came(past, other)
    as_user(member).post(url("feedback_member", past), form_for(past, [5, 3], "De buurtkamer"))
    as_user(other).post(url("feedback_member", past), form_for(past, [4, None], "Koffie", True))
    assert FeedbackResponse.objects.count() == 3  # the other left the second workshop empty
    text = text_of(as_user(coordinator).get(url("feedback_results", past)))
    # Workshop energiecoaches: 5 and 4 -> 4.5; Workshop groen: 3.
    assert "Workshop energiecoaches 2 responses · average score 4.5 of 5" in text
    assert "Workshop groen 1 response · average score 3.0 of 5" in text
    assert "De buurtkamer — Network member" in text
    assert "Koffie — anonymous" in text and other.name not in text.split("Log out")[1]
    rows = list(csv.reader(io.StringIO(as_user(coordinator).get(
        url("feedback_results", past) + "?format=csv").content.decode())))  # fmt: skip
    assert ["Workshop energiecoaches", "2", "4.50", "0", "0", "0", "1", "1"] in rows
    assert [
        "Workshop energiecoaches", "What works here that you want to take home?", "Koffie",
        "anonymous",
    ] in rows  # fmt: skip


def test_feedback_is_given_once_after_the_event_by_people_who_came(
    network, past, coordinator, network_personas
):
    member = network_personas["network_member"]
    registration = came(past, member)
    parts = [{"item": None, "score": 4, "answers": {}}]
    services.feedback_give(registration=registration, parts=parts, anonymous=False)
    with pytest.raises(ValidationError, match="already gave"):
        services.feedback_give(registration=registration, parts=parts, anonymous=False)
    upcoming = make_event(network, coordinator, days=5)
    early = came(upcoming, member)
    with pytest.raises(ValidationError, match="opens when the event is over"):
        services.feedback_give(registration=early, parts=parts, anonymous=False)
    waiting = Registration.objects.create(event=past, guest_name="W", guest_email="w@example.org",
                                          status="waitlisted")  # fmt: skip
    with pytest.raises(ValidationError, match="Only people who were registered"):
        services.feedback_give(registration=waiting, parts=parts, anonymous=False)
    empty = came(past, network_personas["network_coordinator"])
    with pytest.raises(ValidationError, match="at least one"):
        services.feedback_give(
            registration=empty, parts=[{"item": None, "score": None, "answers": {"1": " "}}],
            anonymous=False,
        )  # fmt: skip


def test_a_guest_gives_feedback_through_the_link_in_the_request_mail(past, as_user):
    guest = came(past, guest_name="Gast Drie", guest_email="drie@example.org")
    assert event_services.feedback_requests_send() == 1
    link = reverse("network:feedback", args=[guest.personal_token()])
    assert link in mail.outbox[-1].body
    client = as_user(None)
    assert "Workshop groen" in text_of(client.get(link))
    client.post(link, form_for(past, [None, 2], "Meer tijd"))
    assert FeedbackResponse.objects.get().score == 2
    assert "You already gave your feedback." in text_of(client.get(link))


def test_the_hosts_add_a_question_until_feedback_comes_in(
    past, coordinator, network_personas, as_user
):
    client = as_user(coordinator)
    client.post(url("feedback_questions", past), {"text": "Wat nemen jullie mee naar Arnhem?"})
    assert [q.text for q in services.questions_of(past)][-1] == "Wat nemen jullie mee naar Arnhem?"
    registration = came(past, network_personas["network_member"])
    parts = [{"item": None, "score": 5, "answers": {}}]
    services.feedback_give(registration=registration, parts=parts, anonymous=False)
    refused = client.post(url("feedback_questions", past), {"text": "Nog een vraag"})
    assert "the questions can no longer change" in text_of(refused)


def test_the_host_team_reads_the_feedback_and_uses_the_door(
    network, coordinator, personas, team, network_personas, as_user
):
    """The host team's coordinator or opbouwwerker who is in the network may use the hosts'
    pages of the werkbezoek their team hosts; another member may not."""
    from buurtkompas.network.services import member_add

    host = personas["opbouwwerker"]  # an opbouwwerker of `team`
    member_add(actor=coordinator, network=network, user=host)
    hosted = make_event(network, coordinator, days=-1, kind="werkbezoek", host_workspace=team)
    for name in ("feedback_results", "door", "report_edit"):
        assert as_user(host).get(url(name, hosted)).status_code == 200, name
        assert as_user(network_personas["network_member"]).get(url(name, hosted)).status_code == 403
    partner = personas["partner"]  # a partner of the host team is no host
    member_add(actor=coordinator, network=network, user=partner)
    assert as_user(partner).get(url("feedback_results", hosted)).status_code == 403
    page = text_of(as_user(host).get(reverse("network:event", args=[network.slug, hosted.pk])))
    assert "For the hosts and coordinators" in page and "Change the event" not in page
