"""Outreach campaigns: rounds that keep the funnel's order, the funnel with conversion per
step (never divided by zero), the rounds over time as a table and an SVG chart, and who may
change what. Outreach holds counts only, so partners see all of it."""

import html
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Campaign, CampaignTally
from buurtkompas.buurtwerk.selectors.outreach import funnel
from buurtkompas.buurtwerk.services.outreach import campaign_create, campaign_tally_add
from tests.helpers import (
    ESCAPED,
    PAYLOAD,
    count_queries,
    every_member,
    page,
    team_urls,
    text_of,
)

url = team_urls("buurtwerk")


def campaign_of(team, actor, name="Deur aan deur Tarwewijk") -> Campaign:
    return campaign_create(actor=actor, workspace=team, name=name, started_on=date(2025, 3, 1))


def add_round(campaign, actor, day, *counts) -> CampaignTally:
    fields = ("doors_knocked", "conversations", "contacts_made", "follow_up_agreed")
    return campaign_tally_add(
        actor=actor,
        campaign=campaign,
        counted_on=day,
        **dict(zip((*fields, "follow_up_done"), counts, strict=True)),
    )


def round_data(*counts, day="2025-03-08") -> dict:
    keys = ("doors_knocked", "conversations", "contacts_made", "follow_up_agreed", "follow_up_done")
    return {"counted_on": day, **{k: str(v) for k, v in zip(keys, counts, strict=True)}}


def test_it_records_a_campaign_and_its_rounds(personas, team, as_user):
    client = as_user(personas["vrijwilliger"])
    data = {"name": "Warmte-actie", "started_on": "2025-03-01", "ended_on": ""}
    response = client.post(url("outreach_campaign_create", team), data)
    campaign = Campaign.objects.get(workspace=team)
    assert response["Location"] == url("outreach_campaign", team, campaign.pk)
    response = client.post(
        url("outreach_tally_add", team, campaign.pk), round_data(40, 12, 6, 3, 1)
    )
    assert response.status_code == 302
    tally = campaign.tallies.get()
    assert (tally.doors_knocked, tally.follow_up_done, tally.created_by) == (
        40,
        1,
        personas["vrijwilliger"],
    )
    event = AuditEvent.objects.get(action="buurtwerk.campaign_tally.added")
    assert event.data["doors_knocked"] == 40 and event.data["campaign_id"] == campaign.pk


def test_it_totals_the_funnel_with_the_conversion_of_each_step(personas, team, as_user):
    coordinator = personas["coordinator"]
    campaign = campaign_of(team, coordinator)
    add_round(campaign, coordinator, date(2025, 3, 8), 40, 10, 5, 2, 1)
    add_round(campaign, coordinator, date(2025, 3, 15), 60, 20, 7, 2, 0)
    # Counts only: every role of the team sees the same funnel, a volunteer with or without the
    # right to see personal data alike; the outsider (another team's coordinator) gets 404.
    for role, user in every_member(team, personas):
        text = text_of(as_user(user).get(url("outreach_campaign", team, campaign.pk)))
        assert "Doors knocked 100 –" in text, role
        assert "Conversations 30 30%" in text, role
        assert "Contacts made 12 40%" in text, role
        assert "Follow-up agreed 4 33%" in text, role
        assert "Follow-up done 1 25%" in text, role
        assert "8 March 2025 40 10 5 2 1" in text and "15 March 2025 60 20 7 2 0" in text, role
    response = as_user(personas["outsider"]).get(url("outreach_campaign", team, campaign.pk))
    assert response.status_code == 404


def test_it_never_divides_by_zero_or_makes_up_a_percentage(personas, team, as_user):
    assert [row["pct"] for row in funnel({})] == [None] * 5
    counts = {"doors_knocked": 10, "conversations": 0, "contacts_made": 0}
    assert [row["pct"] for row in funnel(counts)] == [None, 0, None, None, None]
    campaign = campaign_of(team, personas["coordinator"])
    add_round(campaign, personas["coordinator"], date(2025, 3, 8), 10, 0, 0, 0, 0)
    text = text_of(as_user(personas["partner"]).get(url("outreach_campaign", team, campaign.pk)))
    assert "Doors knocked 10 – Conversations 0 0% Contacts made 0 –" in text
    assert "Follow-up agreed 0 – Follow-up done 0 –" in text
    empty = campaign_of(team, personas["coordinator"], "Nog niet begonnen")
    text = text_of(as_user(personas["partner"]).get(url("outreach_campaign", team, empty.pk)))
    assert "Doors knocked 0 –" in text and "No rounds have been counted yet." in text
    assert "%" not in text.split("Funnel")[1].split("Rounds")[0]


def test_it_refuses_a_step_larger_than_the_step_before_it(personas, team, as_user):
    campaign = campaign_of(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    path = url("outreach_tally_add", team, campaign.pk)
    response = client.post(path, round_data(10, 12, 3, 4, 0))
    assert response.status_code == 200
    text = page(response)
    assert "Cannot be more than “doors knocked” in the same round (10)." in text
    assert "Cannot be more than “contacts made” in the same round (3)." in text
    assert 'value="12"' in text and 'value="2025-03-08"' in text
    response = client.post(path, round_data(10, -1, 0, 0, 0, day=""))
    assert "This field is required." in page(response)
    assert "Ensure this value is greater than or equal to 0." in page(response)
    assert not CampaignTally.objects.exists()
    with pytest.raises(ValidationError) as refused:
        add_round(campaign, personas["coordinator"], date(2025, 3, 8), 5, 5, 5, 5, 6)
    assert list(refused.value.message_dict) == ["follow_up_done"]
    assert not CampaignTally.objects.exists()


def test_it_draws_the_rounds_as_an_svg_chart_with_a_text_alternative(personas, team, as_user):
    coordinator = personas["coordinator"]
    campaign = campaign_of(team, coordinator)
    client = as_user(personas["partner"])
    add_round(campaign, coordinator, date(2025, 3, 8), 1500, 300, 20, 10, 5)
    body = client.get(url("outreach_campaign", team, campaign.pk)).content.decode()
    assert body.count("<circle") == 5 + 5 and "<polyline" not in body  # one round: points only
    add_round(campaign, coordinator, date(2025, 3, 15), 900, 200, 30, 10, 8)
    response = client.get(url("outreach_campaign", team, campaign.pk))
    body = response.content.decode()
    svg = body.split('<svg viewBox="0 0 480 240"')[1].split("</svg>")[0]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'The figures are in the table "Rounds"' in html.unescape(svg)
    assert svg.count("<polyline") == 5 and svg.count("<circle") == 10
    assert ">2000<" in svg and ">1000<" in svg  # the y axis runs to a round number
    points = re.findall(r'points="([^"]+)"', svg)
    assert all(re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", p) for p in points)
    assert "style=" not in body and "<script>" not in body


def test_it_draws_coordinates_with_a_dot_in_dutch_too(personas, team, client_as):
    coordinator = personas["coordinator"]
    campaign = campaign_of(team, coordinator)
    add_round(campaign, coordinator, date(2025, 3, 8), 7, 3, 1, 1, 0)
    add_round(campaign, coordinator, date(2025, 3, 15), 9, 3, 1, 0, 0)
    add_round(campaign, coordinator, date(2025, 3, 22), 3, 3, 1, 0, 0)
    body = client_as(coordinator).get(url("outreach_campaign", team, campaign.pk)).content
    svg = body.decode().split("<svg viewBox")[1].split("</svg>")[0]
    assert re.findall(r'c[xy]="([^"]+)"', svg)
    assert all("," not in value for value in re.findall(r'c[xy]="([^"]+)"', svg))


def test_it_shows_partners_everything_but_no_forms(personas, team, as_user):
    campaign = campaign_of(team, personas["coordinator"])
    tally = add_round(campaign, personas["coordinator"], date(2025, 3, 8), 4, 3, 2, 1, 0)
    client = as_user(personas["partner"])
    text = page(client.get(url("outreach_campaign", team, campaign.pk)))
    assert "Deur aan deur Tarwewijk" in text and "Add a round" not in text
    assert "Delete" not in text.split("<main")[1]
    assert "Deur aan deur Tarwewijk" in page(client.get(url("outreach", team)))
    assert (
        client.post(
            url("outreach_tally_add", team, campaign.pk), round_data(1, 0, 0, 0, 0)
        ).status_code
        == 403
    )
    assert client.post(url("outreach_tally_delete", team, campaign.pk, tally.pk)).status_code == 403
    assert client.post(url("outreach_campaign_delete", team, campaign.pk)).status_code == 403


def test_it_answers_404_for_another_teams_campaign_or_round(personas, team, as_user, other_team):
    foreign = campaign_of(other_team, personas["outsider"])
    foreign_round = add_round(foreign, personas["outsider"], date(2025, 3, 8), 4, 3, 2, 1, 0)
    own = campaign_of(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    assert client.get(url("outreach_campaign", team, foreign.pk)).status_code == 404
    for name in ("outreach_campaign_edit", "outreach_campaign_delete"):
        assert client.get(url(name, team, foreign.pk)).status_code == 404
        assert client.post(url(name, team, foreign.pk)).status_code == 404
    path = url("outreach_tally_add", team, foreign.pk)
    assert client.post(path, round_data(1, 0, 0, 0, 0)).status_code == 404
    for campaign in (foreign, own):  # a round of another team, also under an own campaign
        path = url("outreach_tally_delete", team, campaign.pk, foreign_round.pk)
        assert client.post(path).status_code == 404
    assert Campaign.objects.filter(pk=foreign.pk).exists() and foreign.tallies.count() == 1


def test_it_lets_a_volunteer_change_only_what_they_created(personas, team, as_user):
    volunteer = personas["vrijwilliger"]
    theirs = campaign_of(team, volunteer, "Eigen campagne")
    others = campaign_of(team, personas["coordinator"], "Andermans campagne")
    own_round = add_round(others, volunteer, date(2025, 3, 8), 4, 3, 2, 1, 0)
    other_round = add_round(others, personas["coordinator"], date(2025, 3, 9), 4, 3, 2, 1, 0)
    round_in_theirs = add_round(theirs, personas["coordinator"], date(2025, 3, 9), 1, 1, 1, 1, 1)
    client = as_user(volunteer)
    assert client.get(url("outreach_campaign_edit", team, theirs.pk)).status_code == 200
    assert client.get(url("outreach_campaign_edit", team, others.pk)).status_code == 403
    assert client.post(url("outreach_campaign_delete", team, others.pk)).status_code == 403
    assert (
        client.post(
            url("outreach_tally_add", team, others.pk), round_data(1, 0, 0, 0, 0)
        ).status_code
        == 302
    )
    path = url("outreach_tally_delete", team, others.pk, other_round.pk)
    assert client.post(path).status_code == 403
    for campaign, tally in ((others, own_round), (theirs, round_in_theirs)):
        path = url("outreach_tally_delete", team, campaign.pk, tally.pk)
        assert client.post(path).status_code == 302
    assert set(CampaignTally.objects.values_list("pk", flat=True)) >= {other_round.pk}
    assert not CampaignTally.objects.filter(pk__in=[own_round.pk, round_in_theirs.pk]).exists()


def test_it_shows_the_campaign_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = {"name": "Lente-actie", "started_on": "2025-04-01", "ended_on": "2025-03-01"}
    response = client.post(url("outreach_campaign_create", team), data)
    text = page(response)
    assert response.status_code == 200 and "The end is before the start." in text
    assert 'value="Lente-actie"' in text and 'value="2025-04-01"' in text
    response = client.post(url("outreach_campaign_create", team), {"name": "", "started_on": ""})
    assert page(response).count("This field is required.") == 2
    assert not Campaign.objects.exists()


def test_it_edits_a_campaign(personas, team, as_user):
    campaign = campaign_of(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    assert 'value="Deur aan deur Tarwewijk"' in page(
        client.get(url("outreach_campaign_edit", team, campaign.pk))
    )
    data = {"name": "Nieuwe naam", "started_on": "2025-03-01", "ended_on": "2025-06-30"}
    assert client.post(url("outreach_campaign_edit", team, campaign.pk), data).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.ended_on) == ("Nieuwe naam", date(2025, 6, 30))
    event = AuditEvent.objects.get(action="buurtwerk.campaign.changed")
    assert set(event.data["fields"]) == {"name", "ended_on"}


def test_it_confirms_before_deleting_a_campaign_with_its_rounds(personas, team, as_user):
    coordinator = personas["coordinator"]
    campaign = campaign_of(team, coordinator)
    add_round(campaign, coordinator, date(2025, 3, 8), 40, 12, 6, 3, 1)
    add_round(campaign, coordinator, date(2025, 3, 15), 20, 5, 2, 1, 1)
    client = as_user(personas["opbouwwerker"])
    text = text_of(client.get(url("outreach_campaign_delete", team, campaign.pk)))
    assert "2 rounds:" in text and "8 March 2025 · 40 doors knocked" in text
    assert "deleted together with all its rounds" in text
    assert Campaign.objects.exists()
    response = client.post(url("outreach_campaign_delete", team, campaign.pk))
    assert response["Location"] == url("outreach", team)
    assert not Campaign.objects.exists() and not CampaignTally.objects.exists()
    assert AuditEvent.objects.get(action="buurtwerk.campaign.deleted").data == {"rounds": 2}


def test_it_escapes_a_script_in_the_campaign_name(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = {"name": PAYLOAD, "started_on": "2025-03-01"}
    client.post(url("outreach_campaign_create", team), data)
    campaign = Campaign.objects.get()
    for path in (
        url("outreach", team),
        url("outreach_campaign", team, campaign.pk),
        url("outreach_campaign_edit", team, campaign.pk),
        url("outreach_campaign_delete", team, campaign.pk),
    ):
        body = client.get(path).content.decode()
        assert PAYLOAD not in body and ESCAPED in body, path


def test_it_lists_campaigns_and_rounds_with_a_constant_number_of_queries(personas, team, as_user):
    coordinator = personas["coordinator"]
    client = as_user(coordinator)
    first = campaign_of(team, coordinator)
    add_round(first, coordinator, date(2025, 3, 8), 4, 3, 2, 1, 0)
    paths = [url("outreach", team), url("outreach_campaign", team, first.pk)]
    few = [count_queries(client, path) for path in paths]
    for n in range(12):
        campaign = campaign_of(team, coordinator, f"Campagne {n}")
        add_round(campaign, coordinator, date(2025, 4, n + 1), 4, 3, 2, 1, 0)
        add_round(first, personas["opbouwwerker"], date(2025, 4, n + 1), 9, 3, 2, 1, 0)
    assert [count_queries(client, path) for path in paths] == few
    text = text_of(client.get(url("outreach", team)))
    assert "Deur aan deur Tarwewijk since 1 Mar 2025 13 112 39 26 13 0" in text
