"""The krachtenveld: parties on a power/interest grid, agreements with them (overdue first),
deleting a party others link to, and who may change what."""

import re
from datetime import date, timedelta

import pytest

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Agreement, Initiative, LogEntry, Stakeholder
from buurtkompas.buurtwerk.selectors.stakeholders import (
    ATTITUDE_CLASS,
    marker,
    overdue_agreements,
    power_grid,
)
from buurtkompas.buurtwerk.services.stakeholders import agreement_create, stakeholder_create
from tests.helpers import PAYLOAD, count_queries, page, team_urls

url = team_urls("buurtwerk")

pytestmark = pytest.mark.django_db


def party(team, actor, name: str = "Woonstad Rotterdam", **fields) -> Stakeholder:
    fields.setdefault("kind", "corporatie")
    return stakeholder_create(actor=actor, workspace=team, name=name, **fields)


def agree(stakeholder, actor, what: str = "Spreekuur in het buurthuis", **fields) -> Agreement:
    return agreement_create(actor=actor, stakeholder=stakeholder, what=what, **fields)


def days(n: int) -> date:
    return date.today() + timedelta(days=n)


PARTY_DATA = {
    "name": "Energiecoöperatie Zuid",
    "kind": "cooperatie",
    "contact_person": "Voorzitter",
    "influence": "2",
    "interest": "5",
    "attitude": "2",
    "notes": "Wil zonnepanelen op de school",
}


def test_it_adds_a_party_and_shows_it_on_the_grid_and_in_the_table(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    response = client.post(url("stakeholder_create", team), PARTY_DATA)
    stakeholder = Stakeholder.objects.get(workspace=team)
    assert response["Location"] == url("stakeholder_detail", team, stakeholder.pk)
    assert (stakeholder.influence, stakeholder.interest, stakeholder.attitude) == (2, 5, 2)
    text = page(client.get(url("stakeholders", team)))
    detail = url("stakeholder_detail", team, stakeholder.pk)
    label = "Energiecoöperatie Zuid: champion, influence 2, interest 5"
    assert f'<a href="{detail}" class="stakeholders-point" aria-label="{label}">' in text
    assert "stakeholders-att-champion" in text
    assert "Energiecoöperatie…" in text  # the short label on the grid; the table has it in full
    assert "Voorzitter" in text and "energy cooperative" in text
    event = AuditEvent.objects.get(action="buurtwerk.stakeholder.created")
    assert event.data == {"kind": "cooperatie"}


def test_it_draws_each_attitude_with_its_own_shape_and_a_legend(personas, team, as_user):
    shapes = {attitude: marker(attitude, 0, 0) for attitude in ATTITUDE_CLASS}
    commands = {attitude: re.sub(r"[-\d., ]+", "", d) for attitude, d in shapes.items()}
    assert commands == {-2: "MLLZ", -1: "MLLLZ", 0: "MaaZ", 1: "MhvhZ", 2: "MLLZ"}
    assert shapes[-2].endswith("L0.0,6.0Z") and shapes[2].startswith("M0.0,-6.0")  # down, up
    for attitude in ATTITUDE_CLASS:
        party(team, personas["coordinator"], f"Partij {attitude}", attitude=attitude)
    text = page(as_user(personas["partner"]).get(url("stakeholders", team)))
    for label in ("opposed", "sceptical", "neutral", "positive", "champion"):
        assert f"stakeholders-att-{label}" in text
        assert f"</svg> {label}</li>" in text  # the legend names each shape


def test_it_places_crowded_cells_with_a_note_of_how_many_more(personas, team):
    for n in range(9):
        party(team, personas["coordinator"], f"Winkel {n}", kind="winkel", influence=3, interest=3)
    grid = power_grid(Stakeholder.objects.filter(workspace=team).order_by("name"))
    assert len(grid["points"]) == 6
    assert [n for _x, _y, n in grid["overflow"]] == [3]
    assert len({point.y for point in grid["points"]}) == 6


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = {**PARTY_DATA, "name": "", "influence": "9"}
    text = page(client.post(url("stakeholder_create", team), data))
    assert "This field is required." in text
    assert "Select a valid choice. 9 is not one of the available choices." in text
    assert 'value="Voorzitter"' in text and "Wil zonnepanelen op de school" in text
    assert not Stakeholder.objects.exists()
    stakeholder = party(team, personas["coordinator"])
    data = {"what": "", "due_on": "morgen", "status": "open"}
    text = page(client.post(url("agreement_create", team, stakeholder.pk), data))
    assert "This field is required." in text and "Enter a valid date." in text
    assert 'value="morgen"' in text
    assert not Agreement.objects.exists()


def test_it_escapes_script_in_every_text_field(personas, team, as_user):
    coordinator = personas["coordinator"]
    fields = {"contact_person": PAYLOAD, "notes": PAYLOAD}
    stakeholder = party(team, coordinator, PAYLOAD, **fields)
    agreement = agree(stakeholder, coordinator, PAYLOAD, due_on=days(-1))
    initiative = Initiative.objects.create(workspace=team, title=PAYLOAD, chain_stage="saving")
    initiative.partners.add(stakeholder)
    client = as_user(coordinator)
    pages = [
        url("stakeholders", team),
        url("stakeholder_detail", team, stakeholder.pk),
        url("stakeholder_edit", team, stakeholder.pk),
        url("stakeholder_delete", team, stakeholder.pk),
        url("agreements", team),
        url("agreement_create", team, stakeholder.pk),
        url("agreement_edit", team, agreement.pk),
        url("agreement_delete", team, agreement.pk),
    ]
    for path in pages:
        raw = client.get(path).content.decode()
        assert PAYLOAD not in raw, path
        assert "&lt;script&gt;" in raw, path


def test_it_answers_404_for_a_party_or_agreement_of_another_team(
    personas, team, as_user, other_team
):
    outsider = personas["outsider"]
    theirs = party(other_team, outsider, "Hun gemeente", kind="gemeente")
    their_agreement = agree(theirs, outsider)
    client = as_user(personas["coordinator"])
    for name in ("stakeholder_detail", "stakeholder_edit", "stakeholder_delete"):
        assert client.get(url(name, team, theirs.pk)).status_code == 404, name
    assert client.post(url("stakeholder_delete", team, theirs.pk)).status_code == 404
    assert client.post(url("agreement_create", team, theirs.pk), {}).status_code == 404
    for name in ("agreement_edit", "agreement_delete"):
        assert client.get(url(name, team, their_agreement.pk)).status_code == 404, name
        assert client.post(url(name, team, their_agreement.pk)).status_code == 404, name
    ours = party(team, personas["coordinator"])
    data = {"what": "Bewonersavond", "owner": outsider.pk, "status": "open"}
    text = page(client.post(url("agreement_create", team, ours.pk), data))
    assert "Select a valid choice." in text
    assert Agreement.objects.filter(workspace=team).count() == 0
    assert Stakeholder.objects.filter(pk=theirs.pk).exists()


def test_it_lets_a_volunteer_change_what_they_added_or_follow_up(personas, team, as_user):
    coordinator, volunteer = personas["coordinator"], personas["vrijwilliger"]
    theirs = party(team, coordinator)
    followed = agree(theirs, coordinator, "Folder verspreiden", owner=volunteer)
    other = agree(theirs, coordinator, "Subsidie aanvragen", owner=personas["opbouwwerker"])
    client = as_user(volunteer)
    assert client.get(url("stakeholder_edit", team, theirs.pk)).status_code == 403
    assert client.post(url("stakeholder_delete", team, theirs.pk)).status_code == 403
    assert client.get(url("agreement_edit", team, other.pk)).status_code == 403
    data = {"what": "Folder verspreiden", "owner": volunteer.pk, "status": "done"}
    response = client.post(url("agreement_edit", team, followed.pk), data)
    assert response["Location"] == url("stakeholder_detail", team, theirs.pk)
    followed.refresh_from_db()
    assert followed.status == "done"
    text = page(client.get(url("stakeholder_detail", team, theirs.pk)))
    assert url("agreement_edit", team, followed.pk) in text
    assert url("agreement_edit", team, other.pk) not in text
    assert client.post(url("agreement_create", team, theirs.pk), data).status_code == 302


def test_it_lets_partners_read_but_not_write(personas, team, as_user):
    stakeholder = party(team, personas["coordinator"], contact_person="Wethouder")
    agreement = agree(stakeholder, personas["coordinator"], owner=personas["opbouwwerker"])
    client = as_user(personas["partner"])
    text = page(client.get(url("stakeholder_detail", team, stakeholder.pk)))
    assert "Woonstad Rotterdam" in text and "Spreekuur in het buurthuis" in text
    assert "Add an agreement" not in text and "Delete…" not in text
    assert "Add a party" not in page(client.get(url("stakeholders", team)))
    assert url("agreement_edit", team, agreement.pk) not in page(
        client.get(url("agreements", team))
    )
    for path in (url("stakeholder_create", team), url("agreement_edit", team, agreement.pk)):
        assert client.post(path, PARTY_DATA).status_code == 403


def test_it_lists_overdue_agreements_first_and_marks_them(personas, team, as_user, other_team):
    coordinator = personas["coordinator"]
    stakeholder = party(team, coordinator)
    agree(stakeholder, coordinator, "Later dit jaar", due_on=days(30))
    agree(stakeholder, coordinator, "Al gedaan", due_on=days(-20), status="done")
    late = agree(stakeholder, coordinator, "Te laat", due_on=days(-3))
    later = agree(stakeholder, coordinator, "Nog later te laat", due_on=days(-10))
    agree(stakeholder, coordinator, "Zonder datum")
    text = page(as_user(personas["partner"]).get(url("agreements", team)))
    order = ["Nog later te laat", "Te laat", "Later dit jaar", "Zonder datum", "Al gedaan"]
    assert [text.index(what) for what in order] == sorted(text.index(what) for what in order)
    assert text.count('class="stakeholders-overdue"') == 2
    assert text.count("stakeholders-row-overdue") == 2
    assert list(overdue_agreements(team)) == [later, late]
    assert list(overdue_agreements(other_team)) == []
    text = page(as_user(personas["partner"]).get(url("agreements", team) + "?status=overdue"))
    assert "Te laat" in text and "Later dit jaar" not in text
    text = page(as_user(personas["partner"]).get(url("stakeholders", team)))
    assert "(2 overdue)" in text


def test_it_asks_before_deleting_a_party_others_link_to(personas, team, as_user):
    coordinator = personas["coordinator"]
    stakeholder = party(team, coordinator)
    agree(stakeholder, coordinator, "Gevels isoleren")
    initiative = Initiative.objects.create(
        workspace=team, title="Groene daken", chain_stage="greening"
    )
    initiative.partners.add(stakeholder)
    note = LogEntry.objects.create(
        workspace=team, written_on=date.today(), title="Overleg", text="x"
    )
    note.stakeholders.add(stakeholder)
    client = as_user(coordinator)
    text = page(client.get(url("stakeholder_delete", team, stakeholder.pk)))
    assert "Gevels isoleren" in text and "Groene daken" in text
    assert "1 logbook note names this party." in text
    assert "The agreements with this party are deleted with it." in text
    response = client.post(url("stakeholder_delete", team, stakeholder.pk))
    assert response["Location"] == url("stakeholders", team)
    assert not Stakeholder.objects.exists() and not Agreement.objects.exists()
    assert not initiative.partners.exists() and not note.stakeholders.exists()
    event = AuditEvent.objects.get(action="buurtwerk.stakeholder.deleted")
    assert event.data == {"kind": "corporatie", "agreements": 1, "initiatives": 1, "log_entries": 1}
    lonely = party(team, coordinator, "Bakkerij")
    text = page(client.get(url("stakeholder_delete", team, lonely.pk)))
    assert "Nothing links to this party." in text


def test_it_lists_many_parties_and_agreements_with_a_constant_number_of_queries(
    personas, team, as_user
):
    coordinator = personas["coordinator"]
    agree(party(team, coordinator, "Eerste"), coordinator, owner=coordinator, due_on=days(-1))
    client = as_user(coordinator)

    def count(name: str) -> int:
        return count_queries(client, url(name, team))

    before = {name: count(name) for name in ("stakeholders", "agreements")}
    for n in range(12):
        stakeholder = party(team, coordinator, f"Partij {n}", influence=n % 5 + 1)
        owner = personas["vrijwilliger"] if n % 2 else coordinator
        agree(stakeholder, coordinator, f"Afspraak {n}", owner=owner, due_on=days(n - 6))
    assert {name: count(name) for name in ("stakeholders", "agreements")} == before


def test_it_paginates_parties_and_agreements_by_fifty(personas, team, as_user):
    coordinator = personas["coordinator"]
    stakeholder = party(team, coordinator, "Aaa")
    for n in range(50):
        party(team, coordinator, f"Partij {n:02d}")
        agree(stakeholder, coordinator, f"Afspraak {n:02d}", due_on=days(n))
    agree(stakeholder, coordinator, "Afspraak 50")
    client = as_user(personas["partner"])
    text = page(client.get(url("stakeholders", team)))
    assert "Page 1 of 2" in text and "Partij 48" in text and "Partij 49" not in text
    text = page(client.get(url("agreements", team) + "?status=open"))
    assert "Afspraak 49" in text and "Afspraak 50" not in text
    assert "?status=open&pagina=2" in text
