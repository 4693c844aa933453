"""The network URL walker: every URL of the network app, for every persona, answers as its view
declares (issue 11).

Patterns are found by introspecting the URL resolver, so a page added later is walked too.
Each view declares who may use it: `@network_view(public=, coordinator=)` (the attributes
`network_public` and `network_coordinator`), or `network_personal_link = True` for the pages a
personal link in an e-mail opens (they need no log-in: the token is the key). A view without a
declaration fails here. Objects for the URL kwargs come from tests/network_walker/<part>.py."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import get_resolver, reverse

from tests.test_workspace_access import no_store, walk

pytestmark = pytest.mark.django_db

WITHOUT_A_NETWORK = {"network:list"}  # the list of networks: public, about no one network


def network_urls():
    return [u for u in walk(get_resolver().url_patterns) if u[0].split(":")[0] == "network"]


def walker_modules():
    folder = Path(__file__).parent / "network_walker"
    for path in sorted(folder.glob("[a-z]*.py")):
        yield importlib.import_module(f"tests.network_walker.{path.stem}")


@pytest.fixture
def ids(network, network_personas, personas, team, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # photos of the walker's objects
    found = {"network_slug": network.slug}
    for module in walker_modules():
        found.update(
            module.objects(
                network=network, network_personas=network_personas, personas=personas, team=team
            )
        )
    return found


def requests_of(ids):
    for name, view, kwargs in network_urls():
        if name in WITHOUT_A_NETWORK:
            continue
        unknown = [k for k in kwargs if k not in ids]
        assert not unknown, f"{name}: add an object for {unknown} in tests/network_walker/"
        yield name, view, reverse(name, kwargs={k: ids[k] for k in kwargs})


def answer(client, method: str, path: str):
    """One request whose writes are rolled back, so every request sees the same network."""
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def test_every_network_view_declares_who_may_use_it():
    undeclared = [
        name
        for name, view, _kwargs in network_urls()
        if name not in WITHOUT_A_NETWORK
        and not getattr(view, "network_personal_link", False)
        and not (hasattr(view, "network_public") and hasattr(view, "network_coordinator"))
    ]
    assert undeclared == [], "decorate these views with network.access.network_view"
    assert {"network:list", "network:home"} <= {name for name, _v, _k in network_urls()}


def test_the_public_gets_public_pages_and_the_login_page_for_the_rest(ids, client_as):
    login = resolve_url(settings.LOGIN_URL)
    client = client_as(None)
    for name, view, path in requests_of(ids):
        response = answer(client, "get", path)
        if getattr(view, "network_public", False) or getattr(view, "network_personal_link", 0):
            assert response.status_code not in (403, 404, 500), (name, response.status_code)
            location = response.get("Location", "")
            assert not location.startswith(login), name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(login), name
            assert answer(client, "post", path).status_code == 302, name


def test_non_members_get_404_on_every_members_page(ids, network_personas, client_as):
    client = client_as(network_personas["non_member"])
    for name, view, path in requests_of(ids):
        if getattr(view, "network_public", False) or getattr(view, "network_personal_link", 0):
            continue
        for method in ("get", "post"):
            assert answer(client, method, path).status_code == 404, (method, name)


@pytest.mark.parametrize("persona", ["network_member", "network_coordinator"])
def test_members_get_what_each_view_declares(persona, ids, network_personas, client_as):
    client = client_as(network_personas[persona])
    for name, view, path in requests_of(ids):
        if getattr(view, "network_personal_link", False):
            continue
        allowed = persona == "network_coordinator" or not view.network_coordinator
        for method in ("get", "post"):
            response = answer(client, method, path)
            status = response.status_code
            assert status != 500, (persona, method, name)
            if allowed:
                assert status not in (403, 404), (persona, method, name, status)
            else:
                assert status == 403, (persona, method, name, status)
            if status == 200:  # logged-in members may see members-only data
                assert no_store(response), (persona, method, name)
