"""Teams: creating one, its settings, inviting colleagues, roles, leaving and handing over."""

import html as html_module
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buurtkompas.accounts.models import Organisation
from buurtkompas.audit.models import AuditEvent
from buurtkompas.regions.models import Level, Region
from buurtkompas.workspaces.models import Invitation, Membership, Role, Workspace, token_hash
from buurtkompas.workspaces.selectors import newest_areas
from buurtkompas.workspaces.services import invitation_create
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def url(name, team, *ids):
    return reverse(f"workspaces:{name}", args=[team.pk, *ids])


def membership(user, team):
    return Membership.objects.get(user=user, workspace=team)


def other_team(personas):
    return personas["outsider"].memberships.get().workspace


def roles(team):
    return dict(team.memberships.values_list("user__email", "role"))


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.non_field_errors()] + [
        str(e) for errors in form.errors.values() for e in errors
    ]


def flashed(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def newest_wijk():
    return newest_areas().filter(level=Level.WIJK).order_by("code").first()


def old_region():
    newest = newest_areas().values("pk")
    return Region.objects.exclude(pk__in=newest).exclude(level=Level.GEMEENTE).first()


# --- my teams and a new team ---------------------------------------------------------------


def test_it_lists_only_my_teams(personas, team, client_as):
    response = client_as(personas["partner"]).get("/teams/")
    assert response.status_code == 200
    html = response.content.decode()
    assert team.name in html
    assert "Ander team" not in html


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    for path in ("/teams/", "/teams/nieuw/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")


def test_it_creates_a_team_and_makes_the_creator_coordinator(personas, organisation, client_as):
    wijk = newest_wijk()
    client = client_as(personas["opbouwwerker"])
    response = client.post(
        "/teams/nieuw/",
        {
            "name": "Buurtteam Centrum",
            "description": "Samen aan de slag",
            "lead_organisation": organisation.pk,
            "regions": [wijk.pk],
            "is_public": "on",
        },
    )
    new = Workspace.objects.get(name="Buurtteam Centrum")
    assert response.status_code == 302
    assert response["Location"] == f"/teams/{new.pk}/"
    assert new.lead_organisation == organisation and new.is_public
    assert list(new.regions.all()) == [wijk]
    assert membership(personas["opbouwwerker"], new).role == Role.COORDINATOR
    detail = client.get(response["Location"])
    assert wijk.get_absolute_url() in detail.content.decode()


def test_it_creates_the_lead_organisation_inline(personas, client_as):
    response = client_as(personas["vrijwilliger"]).post(
        "/teams/nieuw/",
        {
            "name": "Energiecoaches Noord",
            "new_organisation_name": "Energie Coöperatie Noord",
            "new_organisation_kind": "energiecooperatie",
        },
    )
    assert response.status_code == 302
    new = Workspace.objects.get(name="Energiecoaches Noord")
    assert new.lead_organisation.name == "Energie Coöperatie Noord"
    assert new.lead_organisation.kind == "energiecooperatie"


def test_it_refuses_a_team_without_or_with_two_lead_organisations(
    personas, organisation, client_as
):
    client = client_as(personas["vrijwilliger"])
    neither = client.post("/teams/nieuw/", {"name": "Team zonder"})
    both = client.post(
        "/teams/nieuw/",
        {
            "name": "Team met twee",
            "lead_organisation": organisation.pk,
            "new_organisation_name": "Nog een",
            "new_organisation_kind": "anders",
        },
    )
    assert neither.status_code == both.status_code == 200
    assert form_errors(neither) and form_errors(both)
    assert not Workspace.objects.filter(name__startswith="Team ").exists()
    assert Organisation.objects.count() == 1


def test_it_searches_areas_without_javascript_and_keeps_the_ticked_ones(
    personas, organisation, client_as
):
    wijk = newest_wijk()
    client = client_as(personas["vrijwilliger"])
    ticked = newest_areas().exclude(pk=wijk.pk).first()
    response = client.post(
        "/teams/nieuw/",
        {
            "name": "Zoekend team",
            "lead_organisation": organisation.pk,
            "area_query": wijk.code,
            "regions": [ticked.pk],
            "search_areas": "1",
        },
    )
    assert response.status_code == 200
    assert not Workspace.objects.filter(name="Zoekend team").exists()
    offered = set(response.context["form"].fields["regions"].queryset)
    assert {wijk, ticked} <= offered
    html = response.content.decode()
    assert re.search(rf'value="{ticked.pk}"[^>]*checked', html)
    assert not re.search(rf'value="{wijk.pk}"[^>]*checked', html)
    assert 'value="Zoekend team"' in html
    assert not form_errors(response)


def test_it_refuses_areas_of_an_older_indeling(personas, organisation, client_as):
    response = client_as(personas["vrijwilliger"]).post(
        "/teams/nieuw/",
        {"name": "Oud team", "lead_organisation": organisation.pk, "regions": [old_region().pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["regions"]
    assert not Workspace.objects.filter(name="Oud team").exists()


# --- overview and settings -----------------------------------------------------------------


def test_it_shows_the_overview_to_every_member(personas, team, organisation, client_as):
    wijk = newest_wijk()
    team.regions.add(wijk)
    response = client_as(personas["partner"]).get(f"/teams/{team.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert organisation.name in html
    assert wijk.get_absolute_url() in html
    assert response.context["member_count"] == 4
    assert response.context["request"].membership.role == Role.PARTNER


def test_it_saves_the_settings(personas, team, organisation, client_as):
    wijk = newest_wijk()
    response = client_as(personas["coordinator"]).post(
        url("settings", team),
        {
            "name": "Energieteam Tarwewijk-Zuid",
            "description": "Nieuw",
            "lead_organisation": organisation.pk,
            "regions": [wijk.pk],
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Energieteam Tarwewijk-Zuid" and list(team.regions.all()) == [wijk]
    event = AuditEvent.objects.get(workspace=team, action="workspaces.workspace.changed")
    assert "regions" in event.data["fields"]


def test_it_requires_own_2fa_before_requiring_it_of_coordinators(
    personas, team, organisation, client_as
):
    coordinator = personas["coordinator"]
    data = {"name": team.name, "lead_organisation": organisation.pk}
    client = client_as(coordinator)
    refused = client.post(url("settings", team), {**data, "require_2fa_for_coordinators": "on"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["require_2fa_for_coordinators"]
    team.refresh_from_db()
    assert not team.require_2fa_for_coordinators

    coordinator.totp_secret, coordinator.totp_confirmed_at = "JBSWY3DPEHPK3PXP", timezone.now()
    coordinator.save()
    saved = client.post(url("settings", team), {**data, "require_2fa_for_coordinators": "on"})
    assert saved.status_code == 302
    team.refresh_from_db()
    assert team.require_2fa_for_coordinators


def test_it_shows_the_settings_form_filled_in(personas, team, client_as):
    response = client_as(personas["coordinator"]).get(url("settings", team))
    assert response.status_code == 200
    assert f'value="{team.name}"' in response.content.decode()


def test_partners_workers_and_volunteers_cannot_open_the_settings(personas, team, client_as):
    for role in ("opbouwwerker", "vrijwilliger", "partner"):
        client = client_as(personas[role])
        assert client.get(url("settings", team)).status_code == 403
        assert client.post(url("settings", team), {"name": "Overgenomen"}).status_code == 403
    team.refresh_from_db()
    assert team.name == "Energieteam Tarwewijk"


def test_outsiders_get_404_on_every_team_page(personas, team, client_as):
    client = client_as(personas["outsider"])
    for name in ("detail", "members", "settings", "invite", "hand_over", "leave"):
        assert client.get(url(name, team)).status_code == 404
        assert client.post(url(name, team)).status_code == 404
    assert Membership.objects.filter(workspace=team).count() == 4


# --- invitations ---------------------------------------------------------------------------


def test_it_invites_a_colleague_by_email_with_a_link(personas, team, client_as):
    response = client_as(personas["coordinator"]).post(
        url("invite", team), {"email": " Collega@Example.org ", "role": "vrijwilliger"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(workspace=team)
    assert invitation.email == "collega@example.org" and invitation.role == Role.VOLUNTEER
    assert invitation.invited_by == personas["coordinator"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["collega@example.org"]
    assert team.name in message.subject
    link = re.search(r"http://testserver/account/uitnodiging/([\w-]+)/", message.body)
    assert link, message.body
    assert token_hash(link.group(1)) == invitation.token_sha256
    assert link.group(1) not in str(AuditEvent.objects.values_list("data", flat=True))


def test_it_says_so_when_the_invitation_email_cannot_be_sent(personas, team, client_as, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5
    response = client_as(personas["coordinator"]).post(
        url("invite", team), {"email": "collega@example.org", "role": "partner"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Invitation.objects.get(workspace=team).is_open  # to be withdrawn and sent again


def test_it_refuses_a_duplicate_invitation(personas, team, client_as):
    client = client_as(personas["coordinator"])
    client.post(url("invite", team), {"email": "collega@example.org", "role": "opbouwwerker"})
    again = client.post(url("invite", team), {"email": "COLLEGA@example.org", "role": "partner"})
    assert again.status_code == 200
    assert form_errors(again)
    assert Invitation.objects.filter(workspace=team).count() == 1
    assert len(mail.outbox) == 1


def test_it_refuses_to_invite_a_member_or_an_invalid_address(personas, team, client_as):
    client = client_as(personas["coordinator"])
    member = client.post(url("invite", team), {"email": "partner@example.org", "role": "partner"})
    invalid = client.post(url("invite", team), {"email": "geen-adres", "role": "partner"})
    bad_role = client.post(url("invite", team), {"email": "a@example.org", "role": "baas"})
    for response in (member, invalid, bad_role):
        assert response.status_code == 200
        assert form_errors(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_lists_and_revokes_open_invitations(personas, team, client_as):
    invitation, _token = invitation_create(
        actor=personas["coordinator"], workspace=team, email="c@example.org", role="partner"
    )
    client = client_as(personas["coordinator"])
    assert "c@example.org" in client.get(url("members", team)).content.decode()
    response = client.post(url("invitation_revoke", team, invitation.pk))
    assert response.status_code == 302
    invitation.refresh_from_db()
    revoked_at = invitation.revoked_at
    assert revoked_at is not None
    again = client.post(url("invitation_revoke", team, invitation.pk), follow=True)
    assert flashed(again)
    invitation.refresh_from_db()
    assert invitation.revoked_at == revoked_at
    assert "c@example.org" not in client.get(url("members", team)).content.decode()


# --- roles, grants, leaving, handing over --------------------------------------------------


def test_every_member_sees_the_member_list_but_only_coordinators_manage(personas, team, client_as):
    partner_page = client_as(personas["partner"]).get(url("members", team))
    assert partner_page.status_code == 200
    html = partner_page.content.decode()
    assert "Opbouwwerker" in html and "Vrijwilliger" in html
    assert url("invite", team) not in html
    assert "opbouwwerker@example.org" not in html
    coordinator_page = client_as(personas["coordinator"]).get(url("members", team))
    assert url("invite", team) in coordinator_page.content.decode()


def test_it_changes_a_members_role(personas, team, client_as):
    worker = membership(personas["opbouwwerker"], team)
    response = client_as(personas["coordinator"]).post(
        url("member", team, worker.pk), {"role": "partner"}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.PARTNER
    event = AuditEvent.objects.get(action="workspaces.membership.changed", object_id=worker.pk)
    assert event.data["from"] == "opbouwwerker" and event.data["to"] == "partner"


def test_it_grants_a_volunteer_access_to_personal_data(personas, team, client_as):
    volunteer = membership(personas["vrijwilliger"], team)
    contacts = reverse("residents:create", args=[team.pk])  # a page with personal data
    assert client_as(personas["vrijwilliger"]).get(contacts).status_code == 403

    client = client_as(personas["coordinator"])
    data = {"role": "vrijwilliger", "sees_personal_data": "on"}
    assert client.post(url("member", team, volunteer.pk), data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.sees_personal_data and volunteer.can_see_personal_data
    assert client_as(personas["vrijwilliger"]).get(contacts).status_code == 200

    partner = membership(personas["partner"], team)
    data = {"role": "partner", "sees_personal_data": "on"}
    client_as(personas["coordinator"]).post(url("member", team, partner.pk), data)
    partner.refresh_from_db()
    assert not partner.sees_personal_data and not partner.can_see_personal_data


def test_the_last_coordinator_cannot_demote_remove_or_leave(personas, team, client_as):
    coordinator = membership(personas["coordinator"], team)
    client = client_as(personas["coordinator"])
    demote = client.post(url("member", team, coordinator.pk), {"role": "opbouwwerker"})
    assert demote.status_code == 200 and form_errors(demote)
    remove = client.post(url("member_remove", team, coordinator.pk))
    assert remove.status_code == 302 and remove["Location"] == url("leave", team)
    leave = client.post(url("leave", team))
    assert leave.status_code == 200 and leave.context["error"]
    assert membership(personas["coordinator"], team).role == Role.COORDINATOR
    assert not AuditEvent.objects.filter(action__startswith="workspaces.membership.").exists()


def test_a_coordinator_may_step_down_when_another_remains(personas, team, client_as):
    worker = membership(personas["opbouwwerker"], team)
    client = client_as(personas["coordinator"])
    client.post(url("member", team, worker.pk), {"role": "coordinator"})
    me = membership(personas["coordinator"], team)
    assert client.post(url("member", team, me.pk), {"role": "vrijwilliger"}).status_code == 302
    assert roles(team)["coordinator@example.org"] == "vrijwilliger"


def test_it_removes_a_member(personas, team, client_as):
    volunteer = membership(personas["vrijwilliger"], team)
    client = client_as(personas["coordinator"])
    assert client.get(url("member_remove", team, volunteer.pk)).status_code == 200
    response = client.post(url("member_remove", team, volunteer.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=volunteer.pk).exists()
    assert client_as(personas["vrijwilliger"]).get(url("detail", team)).status_code == 404
    event = AuditEvent.objects.get(action="workspaces.membership.removed")
    assert event.actor == personas["coordinator"] and event.object_id == str(volunteer.pk)


def test_every_member_can_leave_the_team(personas, team, client_as):
    client = client_as(personas["partner"])
    assert client.get(url("leave", team)).status_code == 200
    response = client.post(url("leave", team))
    assert response.status_code == 302 and response["Location"] == "/teams/"
    assert "partner@example.org" not in roles(team)
    assert AuditEvent.objects.filter(action="workspaces.membership.left").count() == 1


def test_it_hands_over_coordination(personas, team, client_as):
    volunteer = membership(personas["vrijwilliger"], team)
    client = client_as(personas["coordinator"])
    assert client.get(url("hand_over", team)).status_code == 200
    response = client.post(url("hand_over", team), {"to": volunteer.pk})
    assert response.status_code == 302
    assert roles(team)["vrijwilliger@example.org"] == "coordinator"
    assert roles(team)["coordinator@example.org"] == "opbouwwerker"
    assert client.get(url("settings", team)).status_code == 403
    assert client_as(personas["vrijwilliger"]).get(url("settings", team)).status_code == 200


def test_forged_ids_of_another_team_are_404_and_change_nothing(personas, team, client_as):
    elsewhere = other_team(personas)
    stranger = membership(personas["outsider"], elsewhere)
    invitation, _token = invitation_create(
        actor=personas["outsider"], workspace=elsewhere, email="x@example.org", role="partner"
    )
    before = (roles(team), roles(elsewhere), AuditEvent.objects.count())
    client = client_as(personas["coordinator"])
    assert client.get(url("member", team, stranger.pk)).status_code == 404
    assert client.post(url("member", team, stranger.pk), {"role": "partner"}).status_code == 404
    assert client.post(url("member_remove", team, stranger.pk)).status_code == 404
    assert client.post(url("invitation_revoke", team, invitation.pk)).status_code == 404
    hand_over = client.post(url("hand_over", team), {"to": stranger.pk})
    assert hand_over.status_code == 200 and form_errors(hand_over)
    assert (roles(team), roles(elsewhere), AuditEvent.objects.count()) == before
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_it_lets_volunteers_change_only_their_own_or_assigned_records(personas, team):
    from types import SimpleNamespace

    from buurtkompas.workspaces.models import Membership

    member = {
        role: Membership.objects.get(workspace=team, user=personas[role])
        for role in ("coordinator", "opbouwwerker", "vrijwilliger", "partner")
    }
    volunteer_id = personas["vrijwilliger"].pk
    theirs = SimpleNamespace(created_by_id=volunteer_id)
    others = SimpleNamespace(created_by_id=personas["coordinator"].pk)
    assert member["coordinator"].may_change(others) and member["opbouwwerker"].may_change(others)
    assert member["vrijwilliger"].may_change(theirs)
    assert not member["vrijwilliger"].may_change(others)
    assert member["vrijwilliger"].may_change(others, owners=[volunteer_id])
    assert not member["partner"].may_change(SimpleNamespace(created_by_id=personas["partner"].pk))


# The team menu: the apps register its links (workspaces/navigation.py).

MENU = (  # today's team menu, in order; settings and the audit log only for coordinators
    "workspaces:detail",
    "buurtwerk:dashboard",
    "buurtwerk:agenda",
    "buurtwerk:initiatives",
    "buurtwerk:activities",
    "buurtwerk:assets",
    "buurtwerk:leadership",
    "buurtwerk:stakeholders",
    "buurtwerk:agreements",
    "buurtwerk:signals",
    "buurtwerk:outreach",
    "buurtwerk:logbook",
    "visits:list",
    "residents:list",
    "workspaces:members",
    "workspaces:settings",
    "audit:list",
)


def menu_links(response) -> list[tuple[str, bool]]:
    """(href, marked as the current page) of each link in the wide team menu."""
    html = response.content.decode()
    menu = html[html.index('class="subnav-wide"') : html.index("</ul>", html.index("subnav-wide"))]
    return [(href, bool(cur)) for href, cur in re.findall(r'href="([^"]+)"( aria-current)?', menu)]


def test_it_shows_the_team_menu_in_its_order_with_settings_for_coordinators(
    personas, team, client_as, as_user
):
    expected = [reverse(name, args=[team.pk]) for name in MENU]
    coordinator = client_as(personas["coordinator"]).get(url("detail", team))
    assert [href for href, _current in menu_links(coordinator)] == expected
    volunteer = client_as(personas["vrijwilliger"]).get(url("detail", team))
    assert [href for href, _current in menu_links(volunteer)] == expected[:-2]
    html = as_user(personas["coordinator"]).get(url("detail", team)).content.decode()
    menu = html[html.index('class="subnav-wide"') : html.index("</ul>", html.index("subnav-wide"))]
    assert [html_module.unescape(t) for t in re.findall(r">([^<]+)</a>", menu)] == [*LABELS]


LABELS = (
    "Overview",
    "Dashboard",
    "Residents' agenda",
    "Initiatives",
    "Activities",
    "Asset map",
    "Leadership ladder",
    "Stakeholder map",
    "Agreements",
    "Housing signals",
    "Outreach",
    "Logbook",
    "Household visits",
    "Residents",
    "Team members",
    "Settings",
    "Audit log",
)


@pytest.mark.parametrize(
    "page_name, current",
    [
        ("workspaces:detail", "workspaces:detail"),
        ("workspaces:members", "workspaces:members"),
        ("workspaces:invite", "workspaces:members"),
        ("workspaces:settings", "workspaces:settings"),
        ("audit:list", "audit:list"),
        ("residents:list", "residents:list"),
        ("residents:create", "residents:list"),
        ("buurtwerk:dashboard", "buurtwerk:dashboard"),
        ("buurtwerk:initiative_create", "buurtwerk:initiatives"),
        ("buurtwerk:leadership", "buurtwerk:leadership"),
        ("buurtwerk:outreach_campaign_create", "buurtwerk:outreach"),
        ("buurtwerk:signals", "buurtwerk:signals"),
    ],
)
def test_it_marks_the_menu_link_of_the_page_being_shown(
    page_name, current, personas, team, client_as
):
    response = client_as(personas["coordinator"]).get(reverse(page_name, args=[team.pk]))
    assert response.status_code == 200
    marked = [href for href, is_current in menu_links(response) if is_current]
    assert marked == [reverse(current, args=[team.pk])]


def test_a_module_joins_the_team_menu_by_registering_a_link(personas, team, client_as):
    from buurtkompas.workspaces import navigation

    joined = navigation.NavItem("workspaces:invite", "Huisbezoeken (test)", order=850)
    hidden = navigation.NavItem("workspaces:leave", "Hidden", order=860, visible=lambda m: False)
    missing = navigation.NavItem("nowhere:list", "No such page", order=870)
    try:
        for item in (joined, hidden, missing):
            navigation.register(item)
        response = client_as(personas["coordinator"]).get(url("invite", team))
    finally:
        for item in (joined, hidden, missing):
            navigation._items.pop(item.url_name)
    hrefs = [href for href, _current in menu_links(response)]
    position = hrefs.index(url("invite", team))
    assert hrefs[position - 1 : position + 2] == [
        reverse("residents:list", args=[team.pk]),
        url("invite", team),
        url("members", team),
    ]
    assert "Huisbezoeken (test)" in text_of(response) and "Hidden" not in text_of(response)
    assert (url("invite", team), True) in menu_links(response)  # its own page is marked
