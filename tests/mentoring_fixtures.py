"""Shared makers and fixtures of the mentoring tests: a rookie and a master in the `network`
fixture's network, offers and requests in real gemeenten, a running trajectory."""

import pytest

from buurtkompas.mentoring import services
from buurtkompas.mentoring.selectors import gemeenten
from buurtkompas.network.services import member_add
from tests.conftest import PASSWORD

NOTE = "Geheime notitie: Fatima twijfelt of ze blijft"  # private notes the coordinator never sees


def gemeente(name: str):
    return gemeenten().get(name=name)


def make_offer(network, user, **fields):
    values = {
        "themes": ["energy_saving", "abcd"],
        "regions": [gemeente("Rotterdam")],
        "capacity": 2,
        "years_experience": 10,
        "retired": False,
    } | fields
    return services.offer_save(actor=user, network=network, **values)


def make_request(network, user, **fields):
    values = {
        "learning_goals": "Bewonersavonden leiden",
        "themes": ["energy_saving"],
        "region": gemeente("Rotterdam"),
        "availability": "dinsdagmiddag",
    } | fields
    return services.request_save(actor=user, network=network, **values)


def make_running(network, coordinator, rookie, master, **offer_fields):
    offer = make_offer(network, master, **offer_fields)
    wanted = make_request(network, rookie)
    trajectory = services.trajectory_propose(actor=coordinator, offer=offer, request=wanted)
    for person in (rookie, master):
        trajectory = services.trajectory_answer(actor=person, trajectory=trajectory, accept=True)
    return trajectory


@pytest.fixture
def mentors(network, network_personas):
    """{"coordinator", "rookie", "master", "member"} -> User, all in `network`."""
    from buurtkompas.accounts.models import User

    coordinator = network_personas["network_coordinator"]
    people = {"coordinator": coordinator, "member": network_personas["network_member"]}
    for role in ("rookie", "master"):
        people[role] = User.objects.create_user(
            f"{role}@example.org", PASSWORD, name=role.capitalize()
        )
        member_add(actor=coordinator, network=network, user=people[role])
    return people


@pytest.fixture
def running(network, mentors):
    return make_running(network, mentors["coordinator"], mentors["rookie"], mentors["master"])
