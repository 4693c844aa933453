"""A team on the public atlas is a claim ("community work is active here, led by this
organisation"), so a platform coordinator approves it first, and an organisation cannot take
another one's name. The attack this stops: anyone with an account creates a team, names its
lead organisation "Gemeente Rotterdam" and lists it publicly."""

import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client

from buurtkompas.accounts.models import Organisation, User, name_key
from buurtkompas.atlas import selectors
from buurtkompas.atlas.params import AtlasQuery, default_weights
from buurtkompas.audit.models import AuditEvent
from buurtkompas.regions.models import Region
from buurtkompas.workspaces.models import ListingStatus, Membership, Workspace
from buurtkompas.workspaces.selectors import newest_areas
from buurtkompas.workspaces.services import workspace_create, workspace_update

pytestmark = pytest.mark.django_db

ROTTERDAM = "GM0599"
CHARLOIS = "WK059915"
REQUESTS = "/platform/vermeldingen/"


def charlois() -> Region:
    return newest_areas().get(code=CHARLOIS)


def approve_url(team) -> str:
    return f"{REQUESTS}{team.pk}/goedkeuren/"


def refuse_url(team) -> str:
    return f"{REQUESTS}{team.pk}/weigeren/"


def flashed(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def without_community_work() -> list[str]:
    query = AtlasQuery(
        level="wijk", gemeente=ROTTERDAM, weights=default_weights(), without_community_work=True
    )
    return [row.code for row in selectors.ranking(query).rows]


def actions(team=None) -> list[str]:
    events = AuditEvent.objects.order_by("id")
    if team is not None:
        events = events.filter(workspace=team)
    return list(events.values_list("action", flat=True))


@pytest.fixture
def client(client):
    """In English: the assertions read the English msgids."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def client_as(client_as):
    def login(user):
        browser = client_as(user)
        browser.cookies["django_language"] = "en"
        return browser

    return login


@pytest.fixture
def platform(db):
    return User.objects.create_user(
        "platform@example.org", "x" * 20, name="Platform", is_platform_coordinator=True
    )


@pytest.fixture
def fake_team(personas, client_as):
    """The attack, through the pages: a partner starts a team led by a new organisation called
    "Gemeente Rotterdam" in Charlois and asks to be listed publicly."""
    response = client_as(personas["partner"]).post(
        "/teams/nieuw/",
        {
            "name": "Gemeente Rotterdam Energieteam",
            "new_organisation_name": "Gemeente Rotterdam",
            "new_organisation_kind": "gemeente",
            "regions": [charlois().pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    return Workspace.objects.get(name="Gemeente Rotterdam Energieteam")


def test_it_keeps_a_self_declared_team_off_the_atlas(client, fake_team, personas):
    before = without_community_work()
    assert CHARLOIS in before
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED
    assert fake_team.listing_requested_by == personas["partner"]
    assert not fake_team.lead_organisation.is_verified
    assert CHARLOIS not in selectors.active_codes()
    assert without_community_work() == before  # the filter still shows Charlois
    page = client.get(f"/regio/2024/{CHARLOIS}/").content.decode()
    assert "Gemeente Rotterdam Energieteam" not in page
    assert client.get(f"/api/regions/2024/{CHARLOIS}").json()["community_work_active"] is False
    values = client.get("/atlas/kaart/waarden.json", {"level": "wijk"}).json()
    assert CHARLOIS not in values["active"]
    assert "workspaces.listing.requested" in actions(fake_team)


def test_it_shows_the_team_once_a_platform_coordinator_approves_and_verifies(
    client, client_as, fake_team, platform
):
    page = client_as(platform).get(REQUESTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gemeente Rotterdam Energieteam" in html and "partner@example.org" in html
    assert approve_url(fake_team) in html and "csrfmiddlewaretoken" in html
    response = client_as(platform).post(
        approve_url(fake_team), {f"approve-{fake_team.pk}-verify_organisation": "on"}
    )
    assert response.status_code == 302
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.APPROVED
    assert fake_team.listing_decided_by == platform and fake_team.listing_decided_at
    organisation = fake_team.lead_organisation
    assert organisation.verified_by == platform and organisation.is_verified
    assert CHARLOIS in selectors.active_codes()
    assert CHARLOIS not in without_community_work()
    client.logout()
    page = client.get(f"/regio/2024/{CHARLOIS}/").content.decode()
    assert "Gemeente Rotterdam Energieteam (Gemeente Rotterdam)" in page
    assert client.get(f"/api/regions/2024/{CHARLOIS}").json()["community_work_active"] is True
    assert actions(fake_team)[-1] == "workspaces.listing.approved"
    assert "accounts.organisation.verified" in actions()


def test_it_does_not_approve_while_the_organisation_is_unverified(client_as, fake_team, platform):
    response = client_as(platform).post(approve_url(fake_team), follow=True)
    assert any("is not verified" in m for m in flashed(response))
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED
    assert CHARLOIS not in selectors.active_codes()


def test_a_team_coordinator_cannot_approve_their_own_listing(client_as, fake_team, personas):
    client = client_as(personas["partner"])  # the fake team's coordinator
    assert client.get(REQUESTS).status_code == 403
    data = {f"approve-{fake_team.pk}-verify_organisation": "on"}
    assert client.post(approve_url(fake_team), data).status_code == 403
    assert (
        client.post(refuse_url(fake_team), {f"refuse-{fake_team.pk}-reason": "x"}).status_code
        == 403
    )
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED
    assert not fake_team.lead_organisation.is_verified


def test_a_platform_coordinator_cannot_approve_a_team_they_belong_to(
    client_as, fake_team, personas
):
    partner = personas["partner"]
    partner.is_platform_coordinator = True
    partner.save()
    client = client_as(partner)
    page = client.get(REQUESTS).content.decode()
    assert "another platform coordinator decides" in page
    assert approve_url(fake_team) not in page
    data = {f"approve-{fake_team.pk}-verify_organisation": "on"}
    assert client.post(approve_url(fake_team), data).status_code == 403
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED


def test_it_sends_anonymous_visitors_to_the_login_page(client, fake_team):
    client.logout()  # the fixture logged in as the partner
    for response in (client.get(REQUESTS), client.post(approve_url(fake_team))):
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED


def test_it_accepts_decisions_only_by_post_with_a_csrf_token(fake_team, platform, client_as):
    assert client_as(platform).get(approve_url(fake_team)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.cookies["django_language"] = "en"
    strict.force_login(platform)
    data = {f"approve-{fake_team.pk}-verify_organisation": "on"}
    assert strict.post(approve_url(fake_team), data).status_code == 403
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED


def test_it_refuses_with_a_reason_the_team_sees(client_as, fake_team, platform):
    client = client_as(platform)
    empty = client.post(refuse_url(fake_team), {f"refuse-{fake_team.pk}-reason": " "}, follow=True)
    assert flashed(empty) == ["This field is required."]
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REQUESTED
    reason = "Dit team werkt niet voor de gemeente."
    client.post(refuse_url(fake_team), {f"refuse-{fake_team.pk}-reason": reason})
    fake_team.refresh_from_db()
    assert fake_team.listing_status == ListingStatus.REFUSED
    assert fake_team.listing_refusal_reason == reason
    assert fake_team.listing_decided_by == platform
    assert actions(fake_team)[-1] == "workspaces.listing.refused"
    assert reason not in str(AuditEvent.objects.filter(workspace=fake_team).last().data)
    coordinator = fake_team.memberships.get().user
    detail = client_as(coordinator).get(f"/teams/{fake_team.pk}/").content.decode()
    assert reason in detail
    assert CHARLOIS not in selectors.active_codes()
    assert (
        "Gemeente Rotterdam Energieteam" not in client_as(platform).get(REQUESTS).content.decode()
    )


def test_it_lists_only_pending_requests_of_real_teams(client_as, platform, personas, organisation):
    made = {}
    for name in ("Wacht", "Demo", "Privé"):
        made[name] = workspace_create(
            actor=personas["coordinator"],
            name=f"Team {name}",
            lead_organisation=organisation,
            is_public=name != "Privé",
        )
    Workspace.objects.filter(pk=made["Demo"].pk).update(is_demo=True)
    html = client_as(platform).get(REQUESTS).content.decode()
    assert "Team Wacht" in html
    assert "Team Demo" not in html and "Team Privé" not in html


# --- changes after approval ---------------------------------------------------------------


@pytest.fixture
def approved(personas, organisation, platform):
    from buurtkompas.workspaces.services import listing_approve

    team = workspace_create(
        actor=personas["coordinator"],
        name="Energieteam Charlois",
        lead_organisation=organisation,
        regions=[charlois()],
        is_public=True,
    )
    return listing_approve(actor=platform, workspace=team, verify_organisation=True)


@pytest.mark.parametrize("field", ["name", "lead_organisation", "regions"])
def test_it_asks_again_after_a_change_of_what_the_atlas_shows(approved, personas, field):
    coordinator = personas["coordinator"]
    other_area = newest_areas().filter(level="wijk").exclude(code=CHARLOIS).first()
    changes = {
        "name": {"name": "Nieuwe naam"},
        "lead_organisation": {
            "lead_organisation": Organisation.objects.create(name="Ander", kind="anders")
        },
        "regions": {"regions": [charlois(), other_area]},
    }[field]
    assert CHARLOIS in selectors.active_codes()
    workspace_update(actor=coordinator, workspace=approved, **changes)
    approved.refresh_from_db()
    assert approved.listing_status == ListingStatus.REQUESTED
    assert approved.listing_requested_by == coordinator
    assert CHARLOIS not in selectors.active_codes()
    assert actions(approved)[-1] == "workspaces.listing.requested"


def test_it_keeps_the_approval_when_nothing_shown_changes(approved, personas, client_as):
    client = client_as(personas["coordinator"])
    data = {
        "name": approved.name,
        "description": "Een andere beschrijving",
        "lead_organisation": approved.lead_organisation_id,
        "regions": [charlois().pk],
        "is_public": "on",
    }
    response = client.post(f"/teams/{approved.pk}/instellingen/", data)
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.listing_status == ListingStatus.APPROVED
    assert CHARLOIS in selectors.active_codes()


def test_it_withdraws_the_listing_when_the_team_no_longer_asks(approved, personas):
    workspace_update(actor=personas["coordinator"], workspace=approved, is_public=False)
    approved.refresh_from_db()
    assert approved.listing_status == ListingStatus.NOT_LISTED
    assert CHARLOIS not in selectors.active_codes()
    assert actions(approved)[-1] == "workspaces.listing.withdrawn"


def test_it_shows_the_state_of_the_listing_to_the_team(approved, personas, client_as):
    client = client_as(personas["coordinator"])
    settings_page = client.get(f"/teams/{approved.pk}/instellingen/").content.decode()
    assert "name, organisation and areas are shown on the atlas" in settings_page
    workspace_update(actor=personas["coordinator"], workspace=approved, name="Nieuw")
    detail = client.get(f"/teams/{approved.pk}/").content.decode()
    assert "a platform coordinator checks the request" in detail


# --- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claimed",
    ["Gemeente Rotterdam", "gemeente  rotterdam.", "Gémeente Rotterdam", "GEMEENTE-ROTTERDAM"],
)
def test_it_refuses_a_new_organisation_named_like_an_existing_one(personas, client_as, claimed):
    Organisation.objects.create(name="Gemeente Rotterdam", kind="gemeente")
    response = client_as(personas["partner"]).post(
        "/teams/nieuw/",
        {"name": "Nep", "new_organisation_name": claimed, "new_organisation_kind": "gemeente"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_organisation_name"]
    assert errors == [
        "This organisation already exists: Gemeente Rotterdam. Choose it in the list; a new "
        "organisation may not use the name of another one."
    ]
    assert Organisation.objects.filter(name__icontains="rotterdam").count() == 1
    assert not Workspace.objects.filter(name="Nep").exists()


def test_it_compares_names_without_case_accents_spaces_or_punctuation():
    assert name_key("Gémeente  Rotterdam.") == name_key("gemeente-rotterdam") == "gemeenterotterdam"
    assert name_key("Welzijn Zuid") != name_key("Welzijn Noord")


def test_it_refuses_the_duplicate_in_the_service_too(personas):
    from django.core.exceptions import ValidationError

    from buurtkompas.accounts.services import organisation_create

    organisation_create(actor=personas["partner"], name="Woonstad", kind="woningcorporatie")
    with pytest.raises(ValidationError):
        organisation_create(actor=personas["partner"], name=" woonstad ", kind="anders")


def test_only_a_platform_coordinator_verifies_an_organisation(personas, organisation):
    from django.core.exceptions import ValidationError

    from buurtkompas.accounts.services import organisation_verify

    with pytest.raises(ValidationError):
        organisation_verify(actor=personas["coordinator"], organisation=organisation)
    organisation.refresh_from_db()
    assert not organisation.is_verified


# --- platform coordinators ----------------------------------------------------------------


def test_it_makes_and_unmakes_a_platform_coordinator_with_the_command(personas):
    user = personas["outsider"]
    call_command("platform_coordinator", "OUTSIDER@example.org", stdout=open("/dev/null", "w"))
    user.refresh_from_db()
    assert user.is_platform_coordinator
    call_command("platform_coordinator", user.email, "--remove", stdout=open("/dev/null", "w"))
    user.refresh_from_db()
    assert not user.is_platform_coordinator
    events = AuditEvent.objects.filter(object_id=str(user.pk), object_type="accounts.user")
    assert list(events.order_by("id").values_list("action", flat=True)) == [
        "accounts.platform_coordinator.granted",
        "accounts.platform_coordinator.revoked",
    ]
    with pytest.raises(CommandError):
        call_command("platform_coordinator", "nobody@example.org")


def test_it_links_the_requests_page_for_platform_coordinators_only(client_as, platform, personas):
    assert REQUESTS in client_as(platform).get("/teams/").content.decode()
    assert REQUESTS not in client_as(personas["coordinator"]).get("/teams/").content.decode()


def test_the_migration_makes_public_teams_requested_not_approved(personas, organisation):
    team = workspace_create(
        actor=personas["coordinator"], name="Oud publiek", lead_organisation=organisation
    )
    demo = workspace_create(
        actor=personas["coordinator"], name="Demo", lead_organisation=organisation
    )
    Workspace.objects.filter(pk__in=[team.pk, demo.pk]).update(is_public=True)
    Workspace.objects.filter(pk=demo.pk).update(is_demo=True)
    migration = importlib.import_module(
        "buurtkompas.workspaces.migrations.0005_existing_public_teams_requested"
    )
    migration.public_teams_requested(apps, None)
    team.refresh_from_db()
    demo.refresh_from_db()
    assert team.listing_status == ListingStatus.REQUESTED
    assert demo.listing_status == ListingStatus.NOT_LISTED
    assert not Membership.objects.filter(workspace=team, user__is_platform_coordinator=True)
