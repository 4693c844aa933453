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

TODAY = {"workspaces", "residents", "visits", "audit", "buurtwerk"}  # at least these have team URLs
WITHOUT_A_TEAM = {"workspaces:list", "workspaces:create", "workspaces:landing"}  # + after log-in


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
    """Every URL that takes `workspace_id`, whatever app it belongs to: a new app's team pages
    are walked without being listed here."""
    return [u for u in walk(get_resolver().url_patterns) if "workspace_id" in u[2]]


def workspace_namespaces() -> set[str]:
    """The URL namespaces that hold team pages."""
    return {name.split(":")[0] for name, _view, _kwargs in workspace_urls()}


def workspace_apps() -> set[str]:
    """The apps with team views or with a model that has a foreign key to Workspace."""
    found = {apps.get_containing_app_config(v.__module__).label for _n, v, _k in workspace_urls()}
    for model in apps.get_models():
        fields = model._meta.get_fields()
        if any(isinstance(f, models.ForeignKey) and f.related_model is Workspace for f in fields):
            found.add(model._meta.app_label)
    return found


def test_it_finds_every_url_of_the_workspace_apps():
    namespaces = workspace_namespaces()
    every = {
        name
        for name, _view, _kw in walk(get_resolver().url_patterns)
        if name.split(":")[0] in namespaces
    }
    walked = {name for name, _view, _kw in workspace_urls()}
    assert every - walked == WITHOUT_A_TEAM
    assert {"workspaces:detail", "workspaces:members", "audit:list", "residents:list"} <= walked
    assert TODAY <= namespaces and TODAY <= workspace_apps()


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


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


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
            response = answer(client, method, path)
            status = response.status_code
            if allowed:
                assert status not in (403, 404), (persona, method, name, status)
            else:
                assert status == 403, (persona, method, name, status)
            if status == 200:  # team pages show personal data: no browser or proxy keeps one
                assert no_store(response), (persona, method, name, response.get("Cache-Control"))


def test_every_model_of_the_workspace_apps_belongs_to_a_workspace():
    nullable_allowed = {"audit.auditevent"}  # account events (log-in, 2FA) have no team
    public_data = {  # reference data of a feature app that belongs to no team (say why)
        "visits.dailytemperature": "KNMI's published daily temperatures, for degree days",
        "visits.gemeentevisittotals": "every team's visits added up per gemeente, no team named",
    }
    other_tenant = {  # apps whose records belong to another tenant than a team (say which)
        "network": "a network's records belong to the network; a team is only an event's host",
        "knowledge": "a network's knowledge base; an item links to the initiative it grew from",
        "mentoring": "a network's mentoring pairs, not a team's",
    }
    missing = []
    for label in sorted(workspace_apps() - set(other_tenant)):
        for model in apps.get_app_config(label).get_models():
            if model is Workspace or model._meta.label_lower in public_data:
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


# The access helper: the only ways to fetch a record of the team.


def member_request(personas, team, persona: str):
    """What `workspace_view` hands a view: the request with the team and the membership."""
    from types import SimpleNamespace

    membership = Membership.objects.get(workspace=team, user=personas[persona])
    return SimpleNamespace(workspace=team, membership=membership, user=personas[persona])


def agenda_item_of(team, actor):
    from buurtkompas.buurtwerk.services.agenda import agenda_item_create

    return agenda_item_create(
        actor=actor,
        workspace=team,
        title="Bankjes bij de speeltuin",
        channel="doorstep",
        raised_on=date(2025, 4, 1),
    )


def test_it_fetches_only_the_teams_own_records(personas, team):
    from django.http import Http404

    from buurtkompas.buurtwerk.models import AgendaItem
    from buurtkompas.workspaces.access import record_for_changing, record_for_reading

    ours = agenda_item_of(team, personas["coordinator"])
    elsewhere = personas["outsider"].memberships.get().workspace
    theirs = agenda_item_of(elsewhere, personas["outsider"])
    request = member_request(personas, team, "coordinator")
    assert record_for_reading(request, AgendaItem, ours.pk) == ours
    assert record_for_changing(request, AgendaItem.objects.select_related("buurt"), ours.pk) == ours
    for pk in (theirs.pk, 0, -1, -(2**70), 2**63, 10**30, "12a", None):
        for fetch in (record_for_reading, record_for_changing):
            with pytest.raises(Http404):
                fetch(request, AgendaItem, pk)


def test_it_answers_404_for_another_teams_record_and_an_impossible_id(personas, team, client_as):
    elsewhere = personas["outsider"].memberships.get().workspace
    theirs = agenda_item_of(elsewhere, personas["outsider"])
    client = client_as(personas["coordinator"])
    for item_id in (theirs.pk, 2**63, 10**30):
        assert (
            client.get(reverse("buurtwerk:agenda_item", args=[team.pk, item_id])).status_code == 404
        )
        path = reverse("buurtwerk:agenda_edit", args=[team.pk, item_id])
        assert client.get(path).status_code == 404, item_id
        assert client.post(path, {"title": "Overgenomen"}).status_code == 404, item_id
    theirs.refresh_from_db()
    assert theirs.title == "Bankjes bij de speeltuin"


def test_it_refuses_a_volunteer_someone_elses_record_and_a_partner_any(personas, team, client_as):
    from django.core.exceptions import PermissionDenied

    from buurtkompas.buurtwerk.models import AgendaItem
    from buurtkompas.workspaces.access import may_change, record_for_changing, record_for_reading

    coordinators = agenda_item_of(team, personas["coordinator"])
    volunteers = agenda_item_of(team, personas["vrijwilliger"])
    volunteer = member_request(personas, team, "vrijwilliger")
    partner = member_request(personas, team, "partner")
    assert record_for_changing(volunteer, AgendaItem, volunteers.pk) == volunteers
    assert record_for_reading(volunteer, AgendaItem, coordinators.pk) == coordinators
    assert record_for_reading(partner, AgendaItem, coordinators.pk) == coordinators
    for request, item in (
        (volunteer, coordinators),
        (partner, coordinators),
        (partner, volunteers),
    ):
        with pytest.raises(PermissionDenied):
            record_for_changing(request, AgendaItem, item.pk)
        assert not may_change(request.membership, item)
    client = client_as(personas["vrijwilliger"])
    path = reverse("buurtwerk:agenda_delete", args=[team.pk, coordinators.pk])
    assert client.post(path).status_code == 403
    assert AgendaItem.objects.filter(pk=coordinators.pk).exists()


def test_it_lets_the_people_a_record_names_change_it(personas, team):
    """Who owns a record beyond its creator: who follows an agreement up, an activity's
    organisers, and whoever started the campaign a round belongs to."""
    from buurtkompas.buurtwerk.models import Activity
    from buurtkompas.buurtwerk.services.activities import activity_create
    from buurtkompas.buurtwerk.services.outreach import campaign_create, campaign_tally_add
    from buurtkompas.buurtwerk.services.stakeholders import agreement_create, stakeholder_create
    from buurtkompas.workspaces.access import may_change

    coordinator, volunteer = personas["coordinator"], personas["vrijwilliger"]
    member = member_request(personas, team, "vrijwilliger").membership
    party = stakeholder_create(
        actor=coordinator, workspace=team, name="Woonstad", kind="corporatie"
    )
    followed = agreement_create(
        actor=coordinator, stakeholder=party, what="Spreekuur", owner=volunteer
    )
    other = agreement_create(actor=coordinator, stakeholder=party, what="Brief", owner=coordinator)
    organised = activity_create(
        actor=coordinator,
        workspace=team,
        kind=Activity.Kind.ENERGY_CAFE,
        title="Energiecafé",
        held_on=date(2025, 3, 4),
        organisers=[volunteer],
    )
    campaign = campaign_create(
        actor=volunteer, workspace=team, name="Deuren", started_on=date(2025, 3, 1)
    )
    tally = campaign_tally_add(actor=coordinator, campaign=campaign, counted_on=date(2025, 3, 8))
    assert followed.owner_ids() == {coordinator.pk, volunteer.pk}
    assert may_change(member, followed) and not may_change(member, other)
    assert not may_change(member, party)
    assert may_change(member, organised)
    assert may_change(member, tally)


def test_it_keeps_a_talent_from_members_who_may_not_see_personal_data(personas, team, client_as):
    from django.core.exceptions import PermissionDenied

    from buurtkompas.buurtwerk.models import Asset
    from buurtkompas.buurtwerk.services.assets import asset_create
    from buurtkompas.workspaces.access import may_change, record_for_reading

    coordinator = personas["coordinator"]
    contact = contact_create(actor=coordinator, workspace=team, name="Bewoner Talent")
    consent_record(
        actor=coordinator,
        contact=contact,
        purpose=Purpose.VOLUNTEER,
        given_on=date(2025, 1, 6),
        method="spoken",
    )
    talent = asset_create(
        actor=personas["vrijwilliger"],
        workspace=team,
        kind="talent",
        title="Kan goed koken",
        contact=contact,
    )
    volunteer = member_request(personas, team, "vrijwilliger")
    assert not volunteer.membership.can_see_personal_data
    with pytest.raises(PermissionDenied):
        record_for_reading(volunteer, Asset, talent.pk)
    assert not may_change(volunteer.membership, talent)  # even though they added it
    client = client_as(personas["vrijwilliger"])
    assert (
        client.get(reverse("buurtwerk:asset_detail", args=[team.pk, talent.pk])).status_code == 403
    )


def test_it_marks_every_team_answer_and_the_account_pages_no_store(personas, team, client_as):
    client = client_as(personas["coordinator"])
    paths = [
        reverse("workspaces:detail", args=[team.pk]),
        reverse("workspaces:members", args=[team.pk]),
        reverse("buurtwerk:dashboard", args=[team.pk]),
        reverse("workspaces:list"),
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
        reverse("accounts:two_factor"),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert no_store(response), (path, response.get("Cache-Control"))
    # A redirect and a download of the team are marked too.
    response = client.get(reverse("buurtwerk:signals_csv", args=[team.pk]))
    assert response.status_code == 302 and no_store(response)
