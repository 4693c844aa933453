"""The leadership ladder: recording steps (with consent), the team overview with who took a
step up, a resident's ladder, an initiative's steps, and what partners may see."""

import html
from datetime import date, timedelta
from functools import partial

import pytest

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Initiative, LeadershipStep
from buurtkompas.buurtwerk.models.initiatives import ChainStage
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.buurtwerk.selectors.leadership import stepped_up
from buurtkompas.buurtwerk.services.leadership import leadership_step_record
from buurtkompas.residents.services import ConsentMissing
from tests import helpers
from tests.helpers import (
    ESCAPED,
    NAME,
    PAYLOAD,
    count_queries,
    every_member,
    grant_personal_data,
    page,
    team_urls,
    text_of,
)

url = team_urls("buurtwerk")
# Consent to be contacted, given before any step these tests record.
resident = partial(helpers.resident, given_on=date(2020, 1, 1))


def step(team, actor, contact, rung, taken_on, **fields) -> LeadershipStep:
    return leadership_step_record(
        actor=actor, workspace=team, contact=contact, rung=rung, taken_on=taken_on, **fields
    )


def initiative_of(team, title="Repaircafé Tarwewijk") -> Initiative:
    return Initiative.objects.create(workspace=team, title=title, chain_stage=ChainStage.SAVING)


def test_it_records_a_step_only_with_consent_to_be_contacted(personas, team, as_user):
    worker = personas["opbouwwerker"]
    without = resident(team, worker, "Zonder Toestemming", consent=None)
    client = as_user(worker)
    data = {"contact": without.pk, "rung": "2", "taken_on": "2025-02-01", "note": "Zet koffie"}
    response = client.post(url("leadership_step_create", team), data)
    assert response.status_code == 200
    assert "There is no consent from this resident for being contacted." in page(response)
    assert not LeadershipStep.objects.exists()
    with pytest.raises(ConsentMissing):
        step(team, worker, without, Rung.HELPER, date(2025, 2, 1))
    contact = resident(team, worker)
    initiative = initiative_of(team)
    data.update(contact=contact.pk, initiative=initiative.pk)
    response = client.post(url("leadership_step_create", team), data)
    assert response.status_code == 302
    assert response["Location"] == url("leadership_resident", team, contact.pk)
    recorded = LeadershipStep.objects.get()
    assert (recorded.contact, recorded.rung, recorded.initiative, recorded.note) == (
        contact,
        Rung.HELPER,
        initiative,
        "Zet koffie",
    )
    event = AuditEvent.objects.get(action="buurtwerk.leadership_step.recorded")
    assert event.data == {"rung": 2, "contact_id": contact.pk}


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    contact = resident(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    data = {"contact": contact.pk, "taken_on": tomorrow, "note": "Leidt de fixers"}
    response = client.post(url("leadership_step_create", team), data)
    assert response.status_code == 200
    text = page(response)
    assert "The date cannot be in the future." in text and "This field is required." in text
    assert 'value="Leidt de fixers"' in text and f'value="{tomorrow}"' in text
    assert f'<option value="{contact.pk}" selected>' in text
    assert not LeadershipStep.objects.exists()


def test_it_starts_the_form_with_the_resident_and_initiative_from_the_link(personas, team, as_user):
    contact = resident(team, personas["coordinator"])
    initiative = initiative_of(team)
    client = as_user(personas["opbouwwerker"])
    path = url("leadership_step_create", team) + f"?bewoner={contact.pk}&initiatief={initiative.pk}"
    text = page(client.get(path))
    assert f'<option value="{contact.pk}" selected>' in text
    assert f'<option value="{initiative.pk}" selected>' in text


def test_it_counts_the_residents_who_took_a_step_up_in_a_year(personas, team, as_user, other_team):
    coordinator = personas["coordinator"]

    def ladder(name, *steps):
        contact = resident(team, coordinator, name)
        for rung, day in steps:
            step(team, coordinator, contact, rung, day)
        return contact

    before, during, after = date(2023, 6, 1), date(2024, 3, 1), date(2025, 2, 1)
    ladder("Up", (Rung.PARTICIPANT, before), (Rung.HELPER, during))  # up
    ladder("Down", (Rung.VOLUNTEER, before), (Rung.HELPER, during))  # not up
    ladder("Same", (Rung.HELPER, before), (Rung.HELPER, during))  # not up
    ladder("New", (Rung.PARTICIPANT, during), (Rung.HELPER, during))  # up, new
    ladder("Earlier only", (Rung.LEAD, before))  # no step in 2024
    ladder("Later only", (Rung.HELPER, after))  # no step in 2024
    ladder("Back up", (Rung.CO_ORGANISER, before), (Rung.HELPER, during), (Rung.LEAD, during))
    other = resident(other_team, personas["outsider"], "Elders")
    step(other_team, personas["outsider"], other, Rung.LEAD, during)
    assert stepped_up(team, 2024) == {"total": 3, "new": 1}
    assert stepped_up(team, 2025) == {"total": 1, "new": 1}
    # Every role of the team sees the same figures, a volunteer with or without the right to see
    # personal data alike; the outsider (another team's coordinator) gets 404.
    for role, user in every_member(team, personas):
        text = text_of(as_user(user).get(url("leadership", team), {"jaar": 2024}))
        assert "Steps up in 2024 3 residents took a step up in 2024" in text, role
        assert "Of them, 1 joined the ladder this year." in text, role
        # Highest step by the end of 2024, and residents who took each step in 2024.
        assert "1. participant 0 1" in text, role
        assert "2. helper 3 5" in text, role
        assert "3. volunteer (e.g. fixer or coach) 1 0" in text, role
        assert "4. co-organiser 0 0" in text, role
        assert "5. initiative lead 2 1" in text, role
    response = as_user(personas["outsider"]).get(url("leadership", team), {"jaar": 2024})
    assert response.status_code == 404


def test_it_shows_partners_only_aggregates(personas, team, as_user):
    coordinator = personas["coordinator"]
    contact = resident(team, coordinator)
    initiative = initiative_of(team)
    own = step(team, coordinator, contact, Rung.HELPER, date.today(), initiative=initiative)
    response = as_user(personas["outsider"]).get(url("leadership", team))
    assert response.status_code == 404 and NAME not in page(response)
    for persona in ("partner", "vrijwilliger"):
        client = as_user(personas[persona])
        for path in (url("leadership", team), url("leadership_initiative", team, initiative.pk)):
            response = client.get(path)
            assert response.status_code == 200
            assert NAME not in page(response)
            assert "You see numbers only" in page(response)
        overview = text_of(client.get(url("leadership", team)))
        assert "1 resident took a step up" in overview and "Repaircafé Tarwewijk" in overview
        assert client.get(url("leadership_resident", team, contact.pk)).status_code == 403
        assert client.post(url("leadership_step_delete", team, own.pk)).status_code == 403
    grant_personal_data(team, personas["vrijwilliger"])
    for persona in ("coordinator", "opbouwwerker", "vrijwilliger"):  # the volunteer now may
        client = as_user(personas[persona])
        assert NAME in page(client.get(url("leadership", team))), persona
        assert NAME in page(client.get(url("leadership_initiative", team, initiative.pk)))
        overview = text_of(client.get(url("leadership", team)))
        assert "1 resident took a step up" in overview and "You see numbers only" not in overview


def test_it_shows_a_residents_ladder_and_logs_that_it_was_seen(personas, team, as_user):
    coordinator = personas["coordinator"]
    contact = resident(team, coordinator)
    step(team, coordinator, contact, Rung.PARTICIPANT, date(2024, 1, 10))
    step(team, coordinator, contact, Rung.VOLUNTEER, date(2024, 9, 2), note="Energiecoach")
    client = as_user(personas["opbouwwerker"])
    response = client.get(url("leadership_resident", team, contact.pk))
    text = text_of(response)
    assert NAME in text and "Energiecoach" in text
    assert "volunteer (e.g. fixer or coach) first reached on 2 September 2024" in text
    assert "helper not yet" in text
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert NAME not in html.unescape(title) and f"#{contact.pk}" in title
    viewed = AuditEvent.objects.filter(action="residents.contact.viewed", object_id=str(contact.pk))
    assert viewed.count() == 1


def test_it_answers_404_for_another_teams_resident_step_or_initiative(
    personas, team, as_user, other_team
):
    elsewhere = other_team
    outsider = personas["outsider"]
    contact = resident(elsewhere, outsider)
    foreign_initiative = initiative_of(elsewhere)
    foreign = step(elsewhere, outsider, contact, Rung.HELPER, date(2024, 1, 1))
    client = as_user(personas["coordinator"])
    assert client.get(url("leadership_resident", team, contact.pk)).status_code == 404
    assert client.get(url("leadership_initiative", team, foreign_initiative.pk)).status_code == 404
    assert client.post(url("leadership_step_delete", team, foreign.pk)).status_code == 404
    data = {"contact": contact.pk, "rung": "1", "taken_on": "2024-01-01"}
    response = client.post(url("leadership_step_create", team), data)
    assert "Select a valid choice" in page(response)
    own = resident(team, personas["coordinator"], "Eigen")
    data = {
        "contact": own.pk,
        "rung": "1",
        "taken_on": "2024-01-01",
        "initiative": foreign_initiative.pk,
    }
    assert "Select a valid choice" in page(client.post(url("leadership_step_create", team), data))
    assert LeadershipStep.objects.filter(workspace=team).count() == 0
    with pytest.raises(ValueError):
        step(team, personas["coordinator"], contact, Rung.HELPER, date(2024, 1, 1))


def test_it_lets_a_volunteer_delete_only_their_own_steps(personas, team, as_user):
    volunteer = personas["vrijwilliger"]
    grant_personal_data(team, volunteer)
    contact = resident(team, personas["coordinator"])
    theirs = step(team, volunteer, contact, Rung.PARTICIPANT, date(2024, 1, 1))
    others = step(team, personas["coordinator"], contact, Rung.HELPER, date(2024, 2, 1))
    client = as_user(volunteer)
    text = page(client.get(url("leadership_resident", team, contact.pk)))
    assert url("leadership_step_delete", team, theirs.pk) in text
    assert url("leadership_step_delete", team, others.pk) not in text
    assert client.post(url("leadership_step_delete", team, others.pk)).status_code == 403
    response = client.post(url("leadership_step_delete", team, theirs.pk))
    assert response.status_code == 302
    assert list(LeadershipStep.objects.all()) == [others]
    event = AuditEvent.objects.get(action="buurtwerk.leadership_step.deleted")
    assert NAME not in str(event.data)
    assert all(NAME not in str(m) for m in client.get(response["Location"]).context["messages"])


def test_it_escapes_a_script_in_the_note(personas, team, as_user):
    coordinator = personas["coordinator"]
    contact = resident(team, coordinator)
    initiative = initiative_of(team, title="Warmtecafé")
    client = as_user(coordinator)
    data = {
        "contact": contact.pk,
        "rung": "3",
        "taken_on": "2024-05-01",
        "note": PAYLOAD,
        "initiative": initiative.pk,
    }
    assert client.post(url("leadership_step_create", team), data).status_code == 302
    for path in (
        url("leadership_resident", team, contact.pk),
        url("leadership_initiative", team, initiative.pk),
    ):
        body = client.get(path).content.decode()
        assert PAYLOAD not in body and ESCAPED in body, path
    data["taken_on"] = "not a date"
    body = client.post(url("leadership_step_create", team), data).content.decode()
    assert PAYLOAD not in body and ESCAPED in body


def test_it_shows_the_overview_with_a_constant_number_of_queries(personas, team, as_user):
    coordinator = personas["coordinator"]
    initiative = initiative_of(team)
    client = as_user(coordinator)
    first = resident(team, coordinator, "R0")
    step(team, coordinator, first, Rung.HELPER, date(2024, 1, 1), initiative=initiative)
    paths = [url("leadership", team), url("leadership_initiative", team, initiative.pk)]
    few = [count_queries(client, path) for path in paths]
    for n in range(1, 12):
        contact = resident(team, coordinator, f"R{n}")
        for rung in (Rung.PARTICIPANT, Rung.HELPER):
            step(team, coordinator, contact, rung, date(2024, 1, n), initiative=initiative)
        initiative_of(team, f"Initiative {n}").leadership_steps.create(
            workspace=team, contact=contact, rung=Rung.LEAD, taken_on=date(2024, 3, n)
        )
    assert [count_queries(client, path) for path in paths] == few


def test_it_shows_50_residents_per_page(personas, team, as_user):
    coordinator = personas["coordinator"]
    for n in range(51):
        contact = resident(team, coordinator, f"Bewoner {n:02d}")
        step(team, coordinator, contact, Rung.PARTICIPANT, date(2024, 1, 1))
    client = as_user(coordinator)
    first = page(client.get(url("leadership", team), {"jaar": 2024}))
    assert "Page 1 of 2" in first and "Bewoner 49" in first and "Bewoner 50" not in first
    second = page(client.get(url("leadership", team), {"jaar": 2024, "pagina": 2}))
    assert "Bewoner 50" in second and "Bewoner 49" not in second
