"""The URL walker: every URL of a team, for every persona, answers as its view declares.

Patterns are found by introspecting the URL resolver, so a view added later is walked too.
Each view declares who may use it through `workspace_view` (the attributes
`workspace_roles` and `workspace_personal_data`); a view without them fails here."""

import importlib
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.visits.services import visit_plan
from buurtkompas.workspaces.models import Membership, Workspace
from buurtkompas.workspaces.services import invitation_create

pytestmark = pytest.mark.django_db

WORKSPACE_APPS = ("workspaces", "residents", "visits", "audit", "buurtwerk")
WITHOUT_A_TEAM = {"workspaces:list", "workspaces:create"}  # my teams, a new team


def kwarg_names(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return list(converters)
    return list(pattern.regex.groupindex)


def walk(patterns, namespaces=(), kwargs=()):
    """(view name, view, URL kwarg names) of every pattern below `patterns`."""
    for entry in patterns:
        names = [*kwargs, *kwarg_names(entry.pattern)]
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry.url_patterns, spaces, names)
        else:
            yield ":".join([*namespaces, entry.name or "?"]), entry.callback, names


def workspace_urls() -> list[tuple[str, object, list[str]]]:
    found = [u for u in walk(get_resolver().url_patterns) if u[0].split(":")[0] in WORKSPACE_APPS]
    return [u for u in found if "workspace_id" in u[2]]


def test_it_finds_every_url_of_the_workspace_apps():
    every = {
        name
        for name, _view, _kw in walk(get_resolver().url_patterns)
        if name.split(":")[0] in WORKSPACE_APPS
    }
    walked = {name for name, _view, _kw in workspace_urls()}
    assert every - walked == WITHOUT_A_TEAM
    assert {"workspaces:detail", "workspaces:members", "audit:list", "residents:list"} <= walked


def test_every_team_view_declares_who_may_use_it():
    undeclared = [
        name
        for name, view, _kwargs in workspace_urls()
        if not hasattr(view, "workspace_roles") or not hasattr(view, "workspace_personal_data")
    ]
    assert undeclared == [], "decorate these views with workspaces.access.workspace_view"


@pytest.fixture
def ids(personas, team):
    """URL kwarg name -> the id of a real object of the persona team."""
    coordinator = personas["coordinator"]
    contact = contact_create(actor=coordinator, workspace=team, name="Bewoner Walker")
    consent = consent_record(
        actor=coordinator,
        contact=contact,
        purpose=Purpose.VISIT,
        given_on=date(2025, 1, 6),
        method="spoken",
    )
    visit = visit_plan(actor=coordinator, contact=contact, planned_for=date(2025, 2, 3))
    invitation, _token = invitation_create(
        actor=coordinator, workspace=team, email="walker@example.org", role="partner"
    )
    found = {
        "workspace_id": team.pk,
        "contact_id": contact.pk,
        "consent_id": consent.pk,
        "visit_id": visit.pk,
        "invitation_id": invitation.pk,
        "membership_id": Membership.objects.get(user=personas["opbouwwerker"]).pk,
    }
    for module in walker_modules():  # tests/walker/<module>.py: objects of later modules
        found.update(module.objects(team=team, personas=personas, contact=contact))
    return found


def walker_modules():
    """Each workspace module adds the objects its URLs need in tests/walker/<module>.py."""
    folder = Path(__file__).parent / "walker"
    for path in sorted(folder.glob("[a-z]*.py")):
        yield importlib.import_module(f"tests.walker.{path.stem}")


def requests_of(ids):
    """(view name, view, path) of every team URL, filled in with real ids."""
    for name, view, kwargs in workspace_urls():
        unknown = [k for k in kwargs if k not in ids]
        assert not unknown, f"{name}: add an object for {unknown} to the `ids` fixture"
        yield name, view, reverse(name, kwargs={k: ids[k] for k in kwargs})


def answer(client, method: str, path: str):
    """One request whose writes are rolled back, so every request sees the same team."""
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def test_outsiders_get_404_and_anonymous_visitors_the_login_page(ids, personas, client_as):
    login = resolve_url(settings.LOGIN_URL)
    for name, _view, path in requests_of(ids):
        client = client_as(personas["outsider"])
        for method in ("get", "post"):
            assert answer(client, method, path).status_code == 404, (method, name)
        client = client_as(None)
        for method in ("get", "post"):
            response = answer(client, method, path)
            assert response.status_code == 302, (method, name)
            assert response["Location"].startswith(login), (method, name)


@pytest.mark.parametrize("persona", ["coordinator", "opbouwwerker", "vrijwilliger", "partner"])
def test_members_get_what_each_view_declares(persona, ids, personas, team, client_as):
    member = Membership.objects.get(workspace=team, user=personas[persona])
    client = client_as(personas[persona])
    for name, view, path in requests_of(ids):
        personal = view.workspace_personal_data
        allowed = member.role in view.workspace_roles and (
            not personal or member.can_see_personal_data
        )
        if persona == "coordinator":
            assert allowed, f"{name}: a coordinator may use every view of the team"
        if persona == "partner" and personal:
            assert not allowed, f"{name}: partners never see personal data"
        for method in ("get", "post"):
            status = answer(client, method, path).status_code
            if allowed:
                assert status not in (403, 404), (persona, method, name, status)
            else:
                assert status == 403, (persona, method, name, status)


def test_every_model_of_the_workspace_apps_belongs_to_a_workspace():
    nullable_allowed = {"audit.auditevent"}  # account events (log-in, 2FA) have no team
    missing = []
    for label in WORKSPACE_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is Workspace:
                continue
            links = [
                field
                for field in model._meta.get_fields()
                if isinstance(field, models.ForeignKey) and field.related_model is Workspace
            ]
            ok = any(not f.null or model._meta.label_lower in nullable_allowed for f in links)
            if not ok:
                missing.append(model._meta.label)
    assert missing == [], "give these models a non-null ForeignKey to workspaces.Workspace"
