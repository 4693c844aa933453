"""The team dashboard /teams/<id>/dashboard/: areas in figures, what happened, what is due and
the reach of this quarter, for every role, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Agreement,
    Campaign,
    CampaignTally,
    Initiative,
    LeadershipStep,
    LogEntry,
    Milestone,
    MilestoneUpdate,
    Stakeholder,
)
from buurtkompas.buurtwerk.selectors.dashboard import quarter_of
from buurtkompas.regions.models import Region
from buurtkompas.residents.models import Contact
from buurtkompas.workspaces.models import Membership, Workspace
from tests.helpers import every_member, grant_personal_data

pytestmark = pytest.mark.django_db

MODULE_LISTS = (
    "dashboard",
    "agenda",
    "initiatives",
    "activities",
    "assets",
    "leadership",
    "stakeholders",
    "agreements",
    "signals",
    "outreach",
    "logbook",
)


def today():
    return timezone.localdate()


def url(team) -> str:
    return reverse("buurtwerk:dashboard", args=[team.pk])


def page(client, team) -> str:
    response = client.get(url(team))
    assert response.status_code == 200
    return response.content.decode()


def activity(team, title: str, days: int, **fields) -> Activity:
    return Activity.objects.create(
        workspace=team, kind="meeting", title=title, held_on=today() + timedelta(days), **fields
    )


def agreement(team, what: str, days: int | None, status: str = "open", owner=None) -> Agreement:
    party = Stakeholder.objects.get_or_create(workspace=team, name="Woonstad", kind="corporatie")[0]
    due_on = None if days is None else today() + timedelta(days)
    return Agreement.objects.create(
        workspace=team, stakeholder=party, what=what, due_on=due_on, status=status, owner=owner
    )


def milestone(team, title: str, days: int, progress: int = 0, status: str = "active"):
    initiative = Initiative.objects.get_or_create(
        workspace=team, title=f"Initiatief {status}", chain_stage="saving", status=status
    )[0]
    return Milestone.objects.create(
        workspace=team,
        initiative=initiative,
        title=title,
        due_on=today() + timedelta(days),
        progress_pct=progress,
    )


def fill(team, n: int, user=None) -> None:
    """n of everything the dashboard reads."""
    contact = Contact.objects.create(workspace=team, name="Bewoner Q")
    campaign = Campaign.objects.create(workspace=team, name="Deur aan deur", started_on=today())
    for i in range(n):
        activity(team, f"Bijeenkomst {i}", -i, participants=3, households_reached=2)
        activity(team, f"Gepland {i}", i + 1)
        AgendaItem.objects.create(
            workspace=team, title=f"Wens {i}", channel="meeting", raised_on=today()
        )
        LogEntry.objects.create(workspace=team, title=f"Log {i}", text="-", written_on=today())
        agreement(team, f"Afspraak {i}", i - n // 2, owner=user)
        step = milestone(team, f"Mijlpaal {i}", i % 30)
        MilestoneUpdate.objects.create(workspace=team, milestone=step, progress_pct=10, by=user)
        CampaignTally.objects.create(
            workspace=team, campaign=campaign, counted_on=today(), doors_knocked=10
        )
        LeadershipStep.objects.create(workspace=team, contact=contact, rung=2, taken_on=today())


def test_it_answers_every_member_of_the_team(personas, team, client_as):
    for role in ("coordinator", "opbouwwerker", "vrijwilliger", "partner"):
        assert client_as(personas[role]).get(url(team)).status_code == 200, role


def test_it_answers_outsiders_with_404_and_anonymous_visitors_with_the_login(
    personas, team, client_as
):
    assert client_as(personas["outsider"]).get(url(team)).status_code == 404
    assert client_as(None).get(url(team)).status_code == 302


def test_it_shows_the_areas_with_need_index_and_key_figures_with_year_and_source(
    personas, team, client_as
):
    team.regions.set([Region.objects.get(code="WK059915", year=2024)])
    html = page(client_as(personas["partner"]), team)
    assert "Charlois" in html and 'href="/regio/2024/WK059915/"' in html
    areas = html[html.index('id="areas-heading"') :]
    assert 'class="big"' in areas  # the need index
    assert "85984NED" in areas or "Kerncijfers wijken en buurten 2024" in areas
    assert "2024" in areas and "2020" in areas  # years of the figures (income is 2020)
    assert "gemeente=GM0599" in areas


def test_it_lists_overdue_agreements_first_and_marks_them(personas, team, client_as):
    agreement(team, "Later afgesproken", 10)
    agreement(team, "Zonder datum", None)
    agreement(team, "Te laat", -3)
    agreement(team, "Al gedaan", -20, status="done")
    html = page(client_as(personas["coordinator"]), team)
    due = html[html.index("Later afgesproken") - 2000 : html.index("Zonder datum") + 100]
    assert due.index("Te laat") < due.index("Later afgesproken") < due.index("Zonder datum")
    overdue_item = due[due.rindex("<li", 0, due.index("Te laat")) : due.index("Te laat")]
    assert "overdue-badge" in overdue_item
    later_item = due[due.index("Te laat") : due.index("Later afgesproken")]
    assert "overdue-badge" not in later_item[later_item.index("<li") :]
    assert "Al gedaan" not in html


def test_it_shows_milestones_due_within_30_days_of_running_initiatives_only(
    personas, team, client_as
):
    milestone(team, "Binnenkort", 12)
    milestone(team, "Verlopen", -2)
    milestone(team, "Veel later", 45)
    milestone(team, "Al af", 5, progress=100)
    milestone(team, "Gestopt", 5, status="stopped")
    html = page(client_as(personas["vrijwilliger"]), team)
    assert "Binnenkort" in html and "Verlopen" in html
    assert "Veel later" not in html and "Al af" not in html and "Gestopt" not in html


def test_it_counts_the_reach_of_this_quarter_only(personas, team, client_as):
    quarter = quarter_of(today())
    before = (quarter.start - today()).days - 1
    activity(team, "Vorig kwartaal", before, participants=500, households_reached=500)
    activity(team, "Energiecafé", 0, participants=12, households_reached=7)
    activity(team, "Reparatiecafé", (quarter.start - today()).days, participants=8)
    activity(team, "Volgende week", 7, participants=99)
    campaign = Campaign.objects.create(workspace=team, name="Portiek", started_on=quarter.start)
    for doors, talks in ((40, 11), (25, 9)):
        CampaignTally.objects.create(
            workspace=team,
            campaign=campaign,
            counted_on=today(),
            doors_knocked=doors,
            conversations=talks,
        )
    ann, bob = (Contact.objects.create(workspace=team, name=n) for n in ("Ann", "Bob"))
    for contact, rung in ((ann, 1), (ann, 2), (bob, 3)):
        LeadershipStep.objects.create(workspace=team, contact=contact, rung=rung, taken_on=today())
    # Counts only: every member sees the same reach; the outsider gets 404.
    for role, user in every_member(team, personas):
        response = client_as(user).get(url(team))
        assert response.context["reach"] == {
            "activities": 2,
            "participants": 20,
            "participants_counted": 2,
            "households": 7,
            "households_counted": 1,  # the repair café did not count households: not zero
            "doors": 65,
            "conversations": 20,
            "leaders": 2,
            "steps": 3,
        }, role
        assert "Ann" not in response.content.decode(), role
    assert client_as(personas["outsider"]).get(url(team)).status_code == 404


def test_it_shows_uncounted_reach_as_unknown_not_as_zero(personas, team, client_as):
    response = client_as(personas["coordinator"]).get(url(team))
    reach = response.context["reach"]
    assert (reach["activities"], reach["participants"], reach["doors"]) == (0, None, None)


def test_it_shows_log_entry_titles_only_to_members_who_may_see_personal_data(
    personas, team, client_as
):
    LogEntry.objects.create(
        workspace=team, title="Gesprek met mevrouw X", text="-", written_on=today()
    )
    for role in ("coordinator", "opbouwwerker"):
        assert "Gesprek met mevrouw X" in page(client_as(personas[role]), team), role
    for role in ("partner", "vrijwilliger"):  # the volunteer has no access to personal data
        html = page(client_as(personas[role]), team)
        assert "Gesprek met mevrouw X" not in html, role
        assert response_count(html) == "1"
    grant_personal_data(team, personas["vrijwilliger"])  # now they have
    assert "Gesprek met mevrouw X" in page(client_as(personas["vrijwilliger"]), team)


def response_count(html: str) -> str:
    logbook = html[html.index('id="dash-logbook"') :]
    start = logbook.index('<p class="log-count">') + len('<p class="log-count">')
    return logbook[start:].split(" ", 1)[0]


def test_it_hides_who_follows_up_and_the_notes_from_partners(personas, team, client_as):
    agreement(team, "Bewonersavond plannen", 5, owner=personas["opbouwwerker"])
    step = milestone(team, "Groene daken", 10)
    MilestoneUpdate.objects.create(
        workspace=team, milestone=step, progress_pct=40, note="Notitie voor het team"
    )
    worker = page(client_as(personas["coordinator"]), team)
    assert "Opbouwwerker" in worker and "Notitie voor het team" in worker
    partner = page(client_as(personas["partner"]), team)
    assert "Bewonersavond plannen" in partner and "Groene daken" in partner
    assert "Notitie voor het team" not in partner
    assert 'class="owner"' not in partner and "Opbouwwerker" not in partner


def test_it_shows_nothing_of_another_team(personas, team, client_as, other_team):
    other = other_team
    activity(other, "Activiteit van een ander team", -1)
    agreement(other, "Afspraak van een ander team", -1)
    LogEntry.objects.create(
        workspace=other, title="Log van een ander", text="-", written_on=today()
    )
    html = page(client_as(personas["coordinator"]), team)
    assert "ander team" not in html and "Log van een ander" not in html


def test_it_needs_the_same_number_of_queries_however_much_the_team_has(personas, team, client_as):
    team.regions.set(Region.objects.filter(code__in=["WK059915", "WK059910"], year=2024))
    client = client_as(personas["coordinator"])
    fill(team, 2, personas["coordinator"])
    client.get(url(team))  # warm the atlas caches
    with CaptureQueriesContext(connection) as few:
        page(client, team)
    fill(team, 40, personas["coordinator"])
    team.regions.add(*Region.objects.filter(code__in=["WK059912", "WK059901"], year=2024))
    with CaptureQueriesContext(connection) as many:
        page(client, team)
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(few) <= 25, len(few)


def test_the_team_overview_links_prominently_to_the_dashboard(personas, team, client_as):
    html = client_as(personas["partner"]).get(reverse("workspaces:detail", args=[team.pk]))
    assert f'class="button" href="{url(team)}"' in html.content.decode()


def test_the_team_menu_links_to_every_module_list_that_exists(personas, team, client_as):
    html = page(client_as(personas["vrijwilliger"]), team)
    menu = html[html.index('class="subnav"') : html.index("</nav>", html.index('class="subnav"'))]
    found = 0
    for name in MODULE_LISTS:
        try:
            target = reverse(f"buurtwerk:{name}", args=[team.pk])
        except NoReverseMatch:
            continue
        found += 1
        assert f'href="{target}"' in menu, name
    assert found >= 1 and 'aria-current="page"' in menu
    assert "<details" in menu  # the phone menu


def test_it_shows_the_demo_banner_only_in_a_demonstration_team(personas, team, client_as):
    client = client_as(personas["coordinator"])
    assert "demo-banner" not in page(client, team)
    Workspace.objects.filter(pk=team.pk).update(is_demo=True)
    assert "demo-banner" in page(client, team)
    assert Membership.objects.filter(workspace=team).count() == 4
