"""`buurtkompas demo`: a demonstration team with invented data in every module; idempotent,
removable with --reset, and its pages render for its coordinator."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buurtkompas.accounts.models import User
from buurtkompas.atlas.selectors import active_codes
from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Agreement,
    Asset,
    Campaign,
    CampaignTally,
    HousingSignal,
    Initiative,
    LeadershipStep,
    LogEntry,
    Milestone,
    MilestoneUpdate,
    Stakeholder,
)
from buurtkompas.residents.models import Consent, Contact
from buurtkompas.visits.models import HouseholdVisit
from buurtkompas.workspaces.models import Workspace
from tests.test_workspace_access import workspace_urls

pytestmark = pytest.mark.django_db

EVERY_MODULE = (
    AgendaItem,
    Initiative,
    Milestone,
    MilestoneUpdate,
    Activity,
    Asset,
    LeadershipStep,
    Stakeholder,
    Agreement,
    HousingSignal,
    Campaign,
    CampaignTally,
    LogEntry,
    Contact,
    Consent,
)


def demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_it_creates_a_marked_demo_team_with_items_in_every_module(db):
    output = demo()
    team = Workspace.objects.get(is_demo=True)
    assert team.name == "Voorbeeldteam (demo)" and "verzonnen" in team.description
    assert not team.is_public
    assert sorted(team.regions.values_list("code", flat=True)) == [
        "WK059910",
        "WK059912",
        "WK059915",
    ]
    roles = dict(team.memberships.values_list("user__email", "role"))
    assert roles["demo@buurtkompas.local"] == "coordinator"
    assert sorted(roles.values()) == ["coordinator", "opbouwwerker", "partner", "vrijwilliger"]
    for model in EVERY_MODULE:
        assert model.objects.filter(workspace=team).exists(), model.__name__
    assert all(c.name.startswith("Bewoner ") for c in Contact.objects.filter(workspace=team))
    assert any(a.is_overdue for a in Agreement.objects.filter(workspace=team))
    assert Activity.objects.filter(workspace=team).exclude(recurrence="").count() > 1
    kinds = set(Asset.objects.filter(workspace=team).values_list("kind", flat=True))
    assert kinds == set(Asset.Kind.values)
    complexes = HousingSignal.objects.filter(workspace=team).values("complex").distinct()
    assert complexes.count() == 2
    visits = HouseholdVisit.objects.filter(workspace=team)
    assert visits.filter(status="done", kind="first").count() == 1
    assert visits.filter(status="planned", kind="follow_up").count() == 1
    assert all(v.contact.active_consent("visit") for v in visits)
    done = visits.get(status="done")
    assert done.measures.count() == 3 and done.referrals.count() == 1
    assert done.readings.count() == 2 and done.problems.count() == 1
    password = output.split("password: ")[1].split()[0]
    assert "demo@buurtkompas.local" in output
    assert User.objects.get(email="demo@buurtkompas.local").check_password(password)


def test_it_creates_a_marked_demo_network_with_a_past_and_a_coming_work_visit(db):
    from buurtkompas.network.models import Event, FeedbackResponse, MemberProfile, Network

    demo()
    network = Network.objects.get(is_demo=True)
    assert network.name == "Voorbeeldnetwerk opbouwwerkers (demo)"
    assert MemberProfile.objects.filter(member__network=network).count() == 2
    past, coming = Event.objects.filter(network=network).order_by("starts_at")
    assert past.host_workspace.is_demo and past.ends_at < timezone.now() < coming.starts_at
    assert past.programme.count() == 4 and coming.is_public
    assert past.registrations.filter(checked_in_at__isnull=False).count() == 2
    assert FeedbackResponse.objects.filter(registration__event=past).count() == 2
    assert past.report.published_at and past.report.visibility == "public"
    assert all(e.title.startswith("(voorbeeld)") for e in (past, coming))
    coordinator = User.objects.get(email="demo@buurtkompas.local")
    client = Client()
    client.force_login(coordinator)
    for name in ("network:home", "network:events", "network:directory"):
        assert client.get(reverse(name, args=[network.slug])).status_code == 200
    results = reverse("network:feedback_results", args=[network.slug, past.pk])
    assert "Voorbeeldnetwerk" in client.get(results).content.decode()


def test_it_changes_nothing_when_it_runs_again(db):
    first = demo()
    before = row_counts()
    again = demo()
    assert row_counts() == before
    assert "already exists" in again
    assert first.split("password: ")[1] == again.split("password: ")[1]


def test_it_removes_everything_it_made_with_reset(db):
    before = row_counts()
    demo()
    assert row_counts() != before
    output = demo("--reset")
    assert row_counts() == before
    assert "1 team(s), 4 user(s), 1 organisation(s)" in output
    assert "0 team(s)" in demo("--reset")  # nothing left to remove


def test_it_refuses_areas_that_are_not_in_the_data(db):
    with pytest.raises(CommandError, match="no wijk or buurt with the code WK999999"):
        demo("--areas", "WK999999")
    with pytest.raises(CommandError, match="import all"):
        demo("--areas", "GM0599")  # a gemeente is not an area a team covers
    assert not Workspace.objects.filter(is_demo=True).exists()


def test_it_covers_the_areas_it_is_given(db):
    demo("--areas", "wk001400")
    team = Workspace.objects.get(is_demo=True)
    assert list(team.regions.values_list("code", "year")) == [("WK001400", 2024)]


def test_it_never_marks_the_atlas_even_when_the_demo_team_is_listed(db):
    demo()
    Workspace.objects.filter(is_demo=True).update(is_public=True, listing_status="approved")
    assert "WK059915" not in active_codes()


def test_the_pages_of_the_demo_team_render_for_its_coordinator(client, db):
    demo()
    team = Workspace.objects.get(is_demo=True)
    client.force_login(User.objects.get(email="demo@buurtkompas.local"))
    pages = [name for name, _v, kwargs in workspace_urls() if kwargs == ["workspace_id"]]
    assert "buurtwerk:dashboard" in pages
    for name in pages:
        response = client.get(reverse(name, args=[team.pk]))
        assert response.status_code in (200, 302, 405), (name, response.status_code)
        if response.status_code == 302:  # e.g. a page that needs a query: back into the team
            assert response["Location"].startswith(f"/teams/{team.pk}/"), name
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert "demo-banner" in response.content.decode(), name
    dashboard = client.get(reverse("buurtwerk:dashboard", args=[team.pk])).content.decode()
    for text in ("Energiecafé in het buurthuis (demo)", "Schimmelinspectie", "overdue-badge"):
        assert text in dashboard, text
