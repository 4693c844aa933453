"""The network app's foundation: creating a network, the list and home pages, the access rule."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtkompas.network.access import member_of
from buurtkompas.network.models import Network
from buurtkompas.network.services import network_create
from tests.helpers import text_of


def test_it_creates_a_network_with_its_first_coordinator(network, network_personas):
    member = member_of(network_personas["network_coordinator"], network)
    assert member.is_coordinator
    assert network.slug == "krachtproef-opbouwwerkers-duurzaamheid"
    assert not member_of(network_personas["non_member"], network)


def test_it_refuses_a_second_network_with_the_same_name(network, network_personas):
    with pytest.raises(ValidationError):
        network_create(actor=None, name=network.name, coordinator=network_personas["non_member"])


def test_it_creates_a_network_from_the_command_line(network_personas):
    call_command("network_create", "Opbouwwerk Noord", "non_member@example.org")
    network = Network.objects.get(name="Opbouwwerk Noord")
    assert member_of(network_personas["non_member"], network).is_coordinator
    with pytest.raises(CommandError, match="No account"):
        call_command("network_create", "Opbouwwerk Zuid", "nobody@example.org")


def test_it_lists_my_networks_and_the_others(network, network_personas, as_user):
    answer = as_user(network_personas["network_member"]).get("/netwerken/")
    assert "Your networks" in text_of(answer) and network.name in text_of(answer)
    answer = as_user(network_personas["non_member"]).get("/netwerken/")
    assert "Your networks" not in text_of(answer) and network.name in text_of(answer)


def test_it_shows_the_network_home_to_everyone_and_members_see_their_role(
    network, network_personas, as_user
):
    url = f"/netwerken/{network.slug}/"
    assert as_user(None).get(url).status_code == 200
    answer = as_user(network_personas["network_coordinator"]).get(url)
    assert "You are a coordinator of this network." in text_of(answer)
    assert "no-store" in answer["Cache-Control"]
    assert as_user(None).get("/netwerken/bestaat-niet/").status_code == 404
