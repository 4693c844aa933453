"""Initiatives: the list with progress, the form with resident leads (who need consent to be
contacted), partners and agenda items, milestones with their history, deleting, and who may
see and do what."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Initiative,
    LeadershipStep,
    Milestone,
    MilestoneUpdate,
    Stakeholder,
)
from buurtkompas.buurtwerk.services.agenda import agenda_item_create
from buurtkompas.buurtwerk.services.initiatives import (
    initiative_create,
    initiative_update,
    milestone_create,
    milestone_update,
)
from buurtkompas.residents.services import consent_withdraw
from tests.helpers import ESCAPED, NAME, PAYLOAD, count_queries, page, resident, team_urls

url = team_urls("buurtwerk")

NO_CONSENT = "There is no consent from this resident for being contacted."


def make_initiative(team, actor, title="Groene Tarwewijk", **fields) -> Initiative:
    fields = {"chain_stage": "greening", **fields}
    return initiative_create(actor=actor, workspace=team, title=title, **fields)


def party(team, name="Woonstad Rotterdam") -> Stakeholder:
    return Stakeholder.objects.create(workspace=team, name=name, kind="corporatie")


def item(team, actor, title="Meer bomen") -> AgendaItem:
    return agenda_item_create(
        actor=actor, workspace=team, title=title, channel="survey", raised_on=date(2025, 2, 2)
    )


def test_it_adds_an_initiative_with_leads_partners_and_agenda_items(personas, team, as_user):
    actor = personas["opbouwwerker"]
    lead, partner, wish = resident(team, actor), party(team), item(team, actor)
    client = as_user(actor)
    form = page(client.get(url("initiative_create", team)))
    assert NAME in form and "Woonstad Rotterdam" in form and "Meer bomen" in form
    data = {
        "title": "Geveltuinen",
        "goal": "Twintig geveltuinen voor de zomer",
        "chain_stage": "greening",
        "status": "active",
        "leads": [lead.pk],
        "partners": [partner.pk],
        "agenda_items": [wish.pk],
    }
    response = client.post(url("initiative_create", team), data)
    initiative = Initiative.objects.get()
    assert response["Location"] == url("initiative", team, initiative.pk)
    assert list(initiative.leads.all()) == [lead]
    assert list(initiative.partners.all()) == [partner]
    assert list(initiative.agenda_items.all()) == [wish]
    detail = page(client.get(url("initiative", team, initiative.pk)))
    assert "Twintig geveltuinen" in detail and NAME in detail and "Woonstad Rotterdam" in detail
    assert "Meer bomen" in detail and "no milestones yet" in detail
    event = AuditEvent.objects.get(action="buurtwerk.initiative.created")
    assert event.data == {
        "chain_stage": "greening",
        "status": "active",
        "leads": 1,
        "partners": 1,
        "agenda_items": 1,
    }
    assert NAME not in str(AuditEvent.objects.values_list("data", flat=True))


def test_it_refuses_a_lead_without_consent_to_be_contacted(personas, team, as_user):
    actor = personas["coordinator"]
    without = resident(team, actor, consent=None)
    client = as_user(actor)
    form = page(client.get(url("initiative_create", team)))
    assert f"{NAME} (no consent to be contacted yet)" in form
    data = {"title": "Geveltuinen", "chain_stage": "greening", "status": "idea"}
    response = client.post(url("initiative_create", team), {**data, "leads": [without.pk]})
    assert response.status_code == 200
    text = page(response)
    assert NO_CONSENT in text and 'value="Geveltuinen"' in text
    assert not Initiative.objects.exists()
    with translation.override("en"), pytest.raises(ValidationError, match=NO_CONSENT):
        make_initiative(team, actor, leads=[without])
    assert not Initiative.objects.exists()


def test_it_refuses_to_keep_a_lead_whose_consent_was_withdrawn(personas, team):
    actor = personas["coordinator"]
    lead = resident(team, actor)
    initiative = make_initiative(team, actor, leads=[lead])
    consent_withdraw(actor=actor, consent=lead.consents.get())
    lead.refresh_from_db()
    with pytest.raises(ValidationError):
        initiative_update(actor=actor, initiative=initiative, leads=[lead])
    initiative_update(actor=actor, initiative=initiative, leads=[])
    assert not initiative.leads.exists()


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    partner = party(team)
    client = as_user(personas["coordinator"])
    data = {"title": "", "goal": "Een doel", "chain_stage": "nonsense", "partners": [partner.pk]}
    response = client.post(url("initiative_create", team), data)
    assert response.status_code == 200
    text = page(response)
    assert "This field is required." in text and "Select a valid choice." in text
    assert "Een doel" in text
    assert f'value="{partner.pk}" id="id_partners_0" checked' in text
    assert not Initiative.objects.exists()


def test_it_shows_partners_counts_and_never_residents_names(personas, team, as_user):
    actor = personas["coordinator"]
    leads = [resident(team, actor), resident(team, actor, "Jan Asdfghjkl")]
    initiative = make_initiative(team, actor, leads=leads)
    for role in ("partner", "vrijwilliger"):
        client = as_user(personas[role])
        for path in (url("initiatives", team), url("initiative", team, initiative.pk)):
            text = page(client.get(path))
            assert NAME not in text and "Asdfghjkl" not in text, (role, path)
        assert "2 residents" in page(client.get(url("initiative", team, initiative.pk)))
    text = page(as_user(actor).get(url("initiative", team, initiative.pk)))
    assert NAME in text and "Jan Asdfghjkl" in text


def test_it_keeps_the_leads_when_a_volunteer_without_access_to_names_edits(personas, team, as_user):
    volunteer = personas["vrijwilliger"]
    initiative = make_initiative(team, volunteer, leads=[resident(team, volunteer)])
    client = as_user(volunteer)
    form = page(client.get(url("initiative_edit", team, initiative.pk)))
    assert NAME not in form and 'name="leads"' not in form
    data = {"title": "Nieuwe titel", "chain_stage": "saving", "status": "active", "leads": []}
    assert client.post(url("initiative_edit", team, initiative.pk), data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.leads.count()) == ("Nieuwe titel", 1)
    event = AuditEvent.objects.get(action="buurtwerk.initiative.changed")
    assert event.data == {"fields": ["title", "chain_stage", "status"]}


def test_it_lets_a_volunteer_change_only_the_initiatives_they_started(personas, team, as_user):
    theirs = make_initiative(team, personas["opbouwwerker"])
    milestone = milestone_create(actor=personas["opbouwwerker"], initiative=theirs, title="Start")
    client = as_user(personas["vrijwilliger"])
    assert client.get(url("initiative", team, theirs.pk)).status_code == 200
    for name, ids in [
        ("initiative_edit", [theirs.pk]),
        ("initiative_delete", [theirs.pk]),
        ("milestone_create", [theirs.pk]),
        ("milestone_edit", [theirs.pk, milestone.pk]),
        ("milestone_delete", [theirs.pk, milestone.pk]),
    ]:
        assert client.get(url(name, team, *ids)).status_code == 403, name
        assert client.post(url(name, team, *ids), {"title": "X"}).status_code == 403, name
    assert Milestone.objects.count() == 1 and Initiative.objects.get().title == "Groene Tarwewijk"


def test_it_lets_a_partner_read_but_not_change(personas, team, as_user):
    initiative = make_initiative(team, personas["coordinator"])
    client = as_user(personas["partner"])
    detail = page(client.get(url("initiative", team, initiative.pk)))
    assert "Groene Tarwewijk" in detail and "Add a milestone" not in detail
    assert client.get(url("initiative_create", team)).status_code == 403
    assert client.post(url("initiative_delete", team, initiative.pk)).status_code == 403
    assert Initiative.objects.exists()


def test_it_lists_progress_and_the_agenda_items_with_constant_queries(personas, team, as_user):
    actor = personas["coordinator"]

    def add(n):
        for i in range(n):
            initiative = make_initiative(
                team, actor, f"Initiatief {i}", agenda_items=[item(team, actor, f"Wens {i}")]
            )
            milestone_create(actor=actor, initiative=initiative, title="a", progress_pct=50)
            milestone_create(actor=actor, initiative=initiative, title="b", progress_pct=25)

    client = as_user(personas["partner"])

    def count() -> int:
        return count_queries(client, url("initiatives", team))

    add(2)
    few = count()
    add(20)
    assert count() == few
    text = page(client.get(url("initiatives", team)))
    assert "22 initiatives" in text
    assert 'value="38"' in text and "38%" in text  # round((50 + 25) / 2), as the model does
    assert "Wens 7</a>" in text


def test_it_filters_by_chain_stage_and_status_and_pages_by_50(personas, team, as_user):
    actor = personas["coordinator"]
    make_initiative(team, actor, "Isolatie", chain_stage="saving", status="active")
    make_initiative(team, actor, "Zonnedaken", chain_stage="transition", status="idea")
    client = as_user(personas["coordinator"])
    text = page(client.get(url("initiatives", team), {"chain_stage": "saving"}))
    assert "1 initiative" in text and "Isolatie" in text and "Zonnedaken" not in text
    text = page(client.get(url("initiatives", team), {"status": "idea"}))
    assert "Zonnedaken" in text and "Isolatie" not in text
    for i in range(49):
        make_initiative(team, actor, f"Z{i:02d}")
    text = page(client.get(url("initiatives", team)))
    assert "51 initiatives" in text and "Page 1 of 2" in text and "Zonnedaken" not in text
    second = page(client.get(url("initiatives", team), {"pagina": 2}))
    assert "Zonnedaken" in second and "Z48" not in second


def test_it_keeps_the_history_of_every_progress_change(personas, team, as_user):
    initiative = make_initiative(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    data = {"title": "Plantenbakken", "due_on": "2025-09-01", "progress_pct": "10"}
    response = client.post(url("milestone_create", team, initiative.pk), data)
    assert response["Location"] == url("initiative", team, initiative.pk)
    milestone = Milestone.objects.get()
    edit = url("milestone_edit", team, initiative.pk, milestone.pk)
    assert 'value="10"' in page(client.get(edit))
    data.update(progress_pct="60", note="Tien bakken geplaatst")
    assert client.post(edit, data).status_code == 302
    client.post(edit, {**data, "note": ""})  # nothing changed: nothing added
    history = list(milestone.updates.order_by("id").values_list("progress_pct", "note", "by"))
    worker = personas["opbouwwerker"].pk
    assert history == [(10, "", worker), (60, "Tien bakken geplaatst", worker)]
    detail = page(client.get(url("initiative", team, initiative.pk)))
    assert "Plantenbakken" in detail and "due 1 September 2025" in detail
    assert "Tien bakken geplaatst" in detail and "Opbouwwerker" in detail
    # the history reads as what happened, newest first, under its own heading
    assert "History of this milestone (2 changes)" in detail
    assert detail.index("Opbouwwerker set the progress to 60%.") < detail.index(
        "Opbouwwerker set the progress to 10%."
    )
    event = AuditEvent.objects.filter(action="buurtwerk.milestone.changed").earliest("id")
    assert event.data == {"fields": [], "progress_from": 10, "progress_to": 60}


def test_it_keeps_progress_between_0_and_100(personas, team, as_user):
    actor = personas["coordinator"]
    initiative = make_initiative(team, actor)
    client = as_user(actor)
    for value, message in (("101", "less than or equal to 100"), ("-1", "greater than or equal")):
        data = {"title": "Plantenbakken", "progress_pct": value}
        response = client.post(url("milestone_create", team, initiative.pk), data)
        assert response.status_code == 200 and message in page(response)
        assert 'value="Plantenbakken"' in page(response)
    assert not Milestone.objects.exists()
    for value in (101, -5, 50.5):
        with pytest.raises(ValidationError):
            milestone_create(actor=actor, initiative=initiative, title="x", progress_pct=value)
    milestone = milestone_create(actor=actor, initiative=initiative, title="x", progress_pct=100)
    with pytest.raises(ValidationError):
        milestone_update(actor=actor, milestone=milestone, title="x", due_on=None, progress_pct=200)
    milestone.refresh_from_db()
    assert milestone.progress_pct == 100 and milestone.updates.count() == 1


def test_it_shows_the_activities_under_an_initiative(personas, team, as_user):
    initiative = make_initiative(team, personas["coordinator"])
    Activity.objects.create(
        workspace=team,
        initiative=initiative,
        kind="greening",
        title="Plantdag",
        held_on=date(2025, 4, 12),
        participants=23,
    )
    Activity.objects.create(workspace=team, kind="other", title="Los", held_on=date(2025, 4, 1))
    text = page(as_user(personas["partner"]).get(url("initiative", team, initiative.pk)))
    assert "Plantdag" in text and "23 participants" in text and "Los" not in text


def test_it_confirms_before_deleting_and_keeps_what_linked_to_it(personas, team, as_user):
    actor = personas["coordinator"]
    lead, wish = resident(team, actor), item(team, actor)
    initiative = make_initiative(team, actor, leads=[lead], agenda_items=[wish])
    milestone = milestone_create(actor=actor, initiative=initiative, title="Plan", progress_pct=5)
    activity = Activity.objects.create(
        workspace=team,
        initiative=initiative,
        kind="meeting",
        title="Buurtavond",
        held_on=date(2025, 3, 1),
    )
    step = LeadershipStep.objects.create(
        workspace=team, contact=lead, rung=5, taken_on=date(2025, 3, 2), initiative=initiative
    )
    client = as_user(actor)
    confirm = page(client.get(url("initiative_delete", team, initiative.pk)))
    assert "Meer bomen" in confirm and "Buurtavond" in confirm
    assert "1 resident is named as a lead" in confirm and NAME not in confirm
    assert "Its 1 milestone and its history are deleted with it." in confirm
    assert "1 step on the ladder of involvement" in confirm
    response = client.post(url("initiative_delete", team, initiative.pk))
    assert response["Location"] == url("initiatives", team)
    assert not Initiative.objects.exists() and not Milestone.objects.exists()
    assert not MilestoneUpdate.objects.exists()
    activity.refresh_from_db()
    step.refresh_from_db()
    assert activity.initiative is None and step.initiative is None
    assert AgendaItem.objects.get() == wish and lead.consents.exists()
    event = AuditEvent.objects.get(action="buurtwerk.initiative.deleted")
    assert event.data == {"milestones": 1}
    milestone_page = url("milestone_edit", team, initiative.pk, milestone.pk)
    assert client.get(milestone_page).status_code == 404


def test_it_confirms_before_deleting_a_milestone(personas, team, as_user):
    actor = personas["coordinator"]
    initiative = make_initiative(team, actor)
    milestone = milestone_create(actor=actor, initiative=initiative, title="Plan")
    milestone_update(actor=actor, milestone=milestone, title="Plan", due_on=None, progress_pct=9)
    client = as_user(actor)
    path = url("milestone_delete", team, initiative.pk, milestone.pk)
    assert "Its history of 2 entries is deleted with it." in page(client.get(path))
    assert client.post(path)["Location"] == url("initiative", team, initiative.pk)
    assert not Milestone.objects.exists() and Initiative.objects.exists()


def test_it_gives_404_for_ids_from_another_team_and_changes_nothing(
    personas, team, as_user, other_team
):
    outsider = personas["outsider"]
    theirs = make_initiative(other_team, outsider, "Van een ander team")
    their_milestone = milestone_create(actor=outsider, initiative=theirs, title="Hun mijlpaal")
    mine = make_initiative(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    paths = [
        url("initiative", team, theirs.pk),
        url("initiative_edit", team, theirs.pk),
        url("initiative_delete", team, theirs.pk),
        url("milestone_create", team, theirs.pk),
        url("milestone_edit", team, theirs.pk, their_milestone.pk),
        url("milestone_edit", team, mine.pk, their_milestone.pk),
        url("milestone_delete", team, mine.pk, their_milestone.pk),
    ]
    data = {"title": "Overschreven", "chain_stage": "saving", "status": "done", "progress_pct": 99}
    for path in paths:
        assert client.get(path).status_code == 404, path
    for path in paths[1:]:  # the first is the page itself, which takes no POST
        assert client.post(path, data).status_code == 404, path
    theirs.refresh_from_db()
    their_milestone.refresh_from_db()
    assert theirs.title == "Van een ander team" and their_milestone.progress_pct == 0
    their_contact = resident(other_team, outsider, "Van Elders")
    their_party = party(other_team, "Hun partij")
    their_item = item(other_team, outsider, "Hun wens")
    forged = {
        "title": "X",
        "chain_stage": "saving",
        "status": "idea",
        "leads": [their_contact.pk],
        "partners": [their_party.pk],
        "agenda_items": [their_item.pk],
    }
    response = client.post(url("initiative_edit", team, mine.pk), forged)
    assert response.status_code == 200 and "Select a valid choice." in page(response)
    for objects in ({"leads": [their_contact]}, {"partners": [their_party]}):
        with pytest.raises(ValidationError):
            initiative_update(actor=personas["coordinator"], initiative=mine, **objects)
    assert not mine.leads.exists() and not mine.partners.exists()


def test_it_escapes_script_payloads_in_every_text_field(personas, team, as_user):
    actor = personas["coordinator"]
    lead = resident(team, actor, PAYLOAD)
    initiative = make_initiative(
        team,
        actor,
        PAYLOAD,
        goal=PAYLOAD,
        leads=[lead],
        partners=[party(team, PAYLOAD)],
        agenda_items=[item(team, actor, PAYLOAD)],
    )
    milestone = milestone_create(
        actor=actor, initiative=initiative, title=PAYLOAD, progress_pct=5, note=PAYLOAD
    )
    client = as_user(actor)
    paths = [
        url("initiatives", team),
        url("initiative", team, initiative.pk),
        url("initiative_edit", team, initiative.pk),
        url("initiative_delete", team, initiative.pk),
        url("milestone_edit", team, initiative.pk, milestone.pk),
        url("milestone_delete", team, initiative.pk, milestone.pk),
    ]
    for path in paths:
        body = client.get(path).content.decode()
        assert PAYLOAD not in body, path
        assert ESCAPED in body, path
