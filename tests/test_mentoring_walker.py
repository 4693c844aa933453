# ruff: noqa: F811 (the fixtures imported from tests.mentoring_fixtures are parameters)
"""The mentoring URL walker: every URL of the `mentoring` namespace, for every persona, answers
as its view declares, and a coordinator never reads a pair's private notes.

Patterns are found by introspecting the URL resolver, so a page added later is walked too. Each
view declares who may use it in `mentoring_who` (`mentoring/access.py`): "member",
"coordinator", "pair" or "pair_or_coordinator". Personas: the public (anonymous), an outsider
(logged in, no member), a member outside the pair, a network coordinator, the rookie and the
master of a running trajectory."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import get_resolver, reverse
from django.utils import timezone

from buurtkompas.audit.models import AuditEvent
from buurtkompas.mentoring import services
from buurtkompas.workspaces.models import Membership
from tests.mentoring_fixtures import NOTE, make_request, mentors, running  # noqa: F401
from tests.test_workspace_access import no_store, walk

pytestmark = pytest.mark.django_db

WHO = ("member", "coordinator", "pair", "pair_or_coordinator")
MAY = {  # persona -> the kinds of page they may use
    "member": {"member"},
    "coordinator": {"member", "coordinator", "pair_or_coordinator"},
    "rookie": {"member", "pair", "pair_or_coordinator"},
    "master": {"member", "pair", "pair_or_coordinator"},
}


def mentoring_urls():
    return [u for u in walk(get_resolver().url_patterns) if u[0].split(":")[0] == "mentoring"]


@pytest.fixture
def ids(network, mentors, running):
    start = timezone.localdate() - dt.timedelta(days=30)
    services.intake_save(actor=mentors["rookie"], trajectory=running, start_date=start,
                         goals="Doelen", agreements="Afspraken")  # fmt: skip
    meeting = services.meeting_save(
        actor=mentors["master"], trajectory=running, date=start, duration_minutes=60,
        topics="Kennismaken", private_notes=NOTE,
    )  # fmt: skip
    wanted = make_request(network, mentors["member"])
    return {
        "network_slug": network.slug,
        "trajectory_id": running.pk,
        "meeting_id": meeting.pk,
        "request_id": wanted.pk,
    }


def requests_of(ids):
    for name, view, kwargs in mentoring_urls():
        unknown = [k for k in kwargs if k not in ids]
        assert not unknown, f"{name}: add an object for {unknown} in the `ids` fixture"
        yield name, view, reverse(name, kwargs={k: ids[k] for k in kwargs})


def answer(client, method: str, path: str):
    """One request whose writes are rolled back, so every request sees the same trajectory."""
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def test_every_mentoring_view_declares_who_may_use_it():
    names = {name for name, _v, _k in mentoring_urls()}
    assert {"mentoring:home", "mentoring:trajectory", "mentoring:overview"} <= names
    undeclared = [
        n for n, view, _k in mentoring_urls() if getattr(view, "mentoring_who", 0) not in WHO
    ]
    assert undeclared == [], "decorate these views with mentoring.access.member_view / pair_view"


def test_the_public_gets_the_login_page_and_outsiders_404(ids, network_personas, client_as):
    login = resolve_url(settings.LOGIN_URL)
    for name, _view, path in requests_of(ids):
        client = client_as(None)
        for method in ("get", "post"):
            response = answer(client, method, path)
            assert response.status_code == 302, (method, name)
            assert response["Location"].startswith(login), (method, name)
        client = client_as(network_personas["non_member"])
        for method in ("get", "post"):
            assert answer(client, method, path).status_code == 404, (method, name)


def expected(persona: str, who: str) -> int | None:
    """None: allowed (anything but 403, 404 and 500); else the status the persona gets."""
    if who in MAY[persona]:
        return None
    if persona == "coordinator":
        return 403  # a coordinator knows the pair exists; their own pages are theirs
    return 403 if who == "coordinator" else 404  # a trajectory does not reveal itself


@pytest.mark.parametrize("persona", ["member", "coordinator", "rookie", "master"])
def test_members_get_what_each_view_declares(persona, ids, mentors, client_as):
    client = client_as(mentors[persona])
    for name, view, path in requests_of(ids):
        want = expected(persona, view.mentoring_who)
        for method in ("get", "post"):
            response = answer(client, method, path)
            status = response.status_code
            assert status != 500, (persona, method, name)
            if want is None:
                assert status not in (403, 404), (persona, method, name, status)
            else:
                assert status == want, (persona, method, name, status)
            if status == 200:
                assert no_store(response), (persona, method, name)


def test_a_coordinator_never_reads_the_private_notes(ids, mentors, team, client_as):
    """By no URL of mentoring, nor the overview's CSV, nor the audit log and its CSV of a team
    they coordinate; and the notes are nowhere in the audit trail."""
    client = client_as(mentors["coordinator"])
    seen = 0
    for name, _view, path in requests_of(ids):
        response = answer(client, "get", path)
        if response.status_code == 200:
            seen += 1
            assert NOTE not in response.content.decode(), name
    assert seen >= 5
    csv = client.get(reverse("mentoring:overview_csv", args=[ids["network_slug"]]))
    assert csv.status_code == 200 and "Rookie" in csv.content.decode()
    assert NOTE not in csv.content.decode()
    # the network coordinator also coordinates a team: its audit log is theirs to read
    Membership.objects.create(workspace=team, user=mentors["coordinator"], role="coordinator")
    client = client_as(mentors["coordinator"])
    for name in ("audit:list", "audit:export"):
        response = client.get(reverse(name, args=[team.pk]))
        assert response.status_code == 200, name
        assert NOTE not in response.getvalue().decode(), name
    assert not AuditEvent.objects.filter(data__icontains="Geheime").exists()


def test_the_pair_reads_the_private_notes(ids, mentors, client_as):
    path = reverse("mentoring:trajectory", args=[ids["network_slug"], ids["trajectory_id"]])
    for persona in ("rookie", "master"):
        assert NOTE in client_as(mentors[persona]).get(path).content.decode()
