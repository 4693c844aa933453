"""The logbook: writing, finding back (words, tags, dates), changing and deleting entries, and
who sees what (texts for members who may see personal data, counts per month for others)."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import AgendaItem, Initiative, LogEntry, Stakeholder
from buurtkompas.buurtwerk.services.logbook import log_entry_create
from tests.helpers import ESCAPED, PAYLOAD, grant_personal_data, page, team_url

url = team_url

pytestmark = pytest.mark.django_db

SECRET = "Mevrouw Xylofoon vertelde over haar schulden"


@pytest.fixture
def tags(team, personas, other_team):
    """One initiative, party and agenda item of the team, and one of each of another team."""
    made = {}
    for workspace, suffix in ((team, ""), (other_team, "_elsewhere")):
        made["initiative" + suffix] = Initiative.objects.create(
            workspace=workspace, title=f"Klusteam{suffix}", chain_stage="saving"
        )
        made["stakeholder" + suffix] = Stakeholder.objects.create(
            workspace=workspace, name=f"Woonstad{suffix}", kind="corporatie"
        )
        made["agenda_item" + suffix] = AgendaItem.objects.create(
            workspace=workspace,
            title=f"Schimmel in de flat{suffix}",
            channel="meeting",
            raised_on=date(2025, 1, 6),
        )
    return made


def write(team, actor, title="Overleg", text="Afspraken gemaakt.", on=date(2025, 3, 4), **tags):
    return log_entry_create(
        actor=actor, workspace=team, written_on=on, title=title, text=text, **tags
    )


def test_it_writes_an_entry_with_tags_and_shows_it(personas, team, as_user, tags):
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("buurtwerk:logbook_create", team)))
    assert "Klusteam" in form and "Woonstad" in form and "Klusteam_elsewhere" not in form
    data = {
        "written_on": "2025-03-04",
        "title": "Bewonersavond",
        "text": SECRET,
        "initiatives": [tags["initiative"].pk],
        "stakeholders": [tags["stakeholder"].pk],
        "agenda_items": [tags["agenda_item"].pk],
    }
    response = client.post(url("buurtwerk:logbook_create", team), data)
    entry = LogEntry.objects.get(workspace=team)
    assert response["Location"] == url("buurtwerk:logbook_entry", team, entry.pk)
    assert list(entry.initiatives.all()) == [tags["initiative"]]
    assert entry.created_by == personas["opbouwwerker"]
    detail = page(client.get(response["Location"]))
    assert SECRET in detail and "Woonstad" in detail and "Schimmel in de flat" in detail
    assert "written by Opbouwwerker" in detail
    event = AuditEvent.objects.get(action="buurtwerk.log_entry.created")
    assert event.data == {"initiatives": 1, "stakeholders": 1, "agenda_items": 1}
    assert "Xylofoon" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user, tags):
    client = as_user(personas["coordinator"])
    future = (date.today() + timedelta(days=1)).isoformat()
    data = {
        "written_on": future,
        "title": "",
        "text": "Ik wil dit niet kwijt",
        "stakeholders": [tags["stakeholder"].pk],
    }
    response = client.post(url("buurtwerk:logbook_create", team), data)
    text = page(response)
    assert response.status_code == 200
    assert "The date cannot be in the future." in text and "This field is required." in text
    assert "Ik wil dit niet kwijt" in text and f'value="{future}"' in text
    pk = tags["stakeholder"].pk
    assert re.search(rf'value="{pk}"[^>]*checked', response.content.decode())
    assert 'aria-invalid="true"' in text
    assert not LogEntry.objects.exists()


def test_it_refuses_tags_of_another_team(personas, team, as_user, tags):
    client = as_user(personas["coordinator"])
    data = {
        "written_on": "2025-03-04",
        "title": "Overleg",
        "text": "Tekst",
        "initiatives": [tags["initiative_elsewhere"].pk],
    }
    response = client.post(url("buurtwerk:logbook_create", team), data)
    assert response.status_code == 200
    assert "Select a valid choice." in page(response)
    assert not LogEntry.objects.exists()
    with pytest.raises(ValueError):
        write(team, personas["coordinator"], stakeholders=[tags["stakeholder_elsewhere"]])


def test_it_lists_newest_first_and_searches_words_in_title_and_text(personas, team, as_user):
    actor = personas["coordinator"]
    write(team, actor, title="Oud overleg", text="Over de Warmtepomp", on=date(2024, 5, 1))
    write(team, actor, title="Nieuw overleg", text="Over isolatie", on=date(2025, 5, 1))
    write(team, actor, title="Één gesprek met de school", text="", on=date(2025, 2, 1))
    client = as_user(personas["opbouwwerker"])
    listing = page(client.get(url("buurtwerk:logbook", team)))
    assert listing.index("Nieuw overleg") < listing.index("Één gesprek") < listing.index("Oud")
    found = page(client.post(url("buurtwerk:logbook", team), {"q": "warmtePOMP"}))
    assert "Oud overleg" in found and "Nieuw overleg" not in found and "1 log entry" in found
    both = page(client.post(url("buurtwerk:logbook", team), {"q": "overleg isolatie"}))
    assert "Nieuw overleg" in both and "Oud overleg" not in both
    accented = page(client.post(url("buurtwerk:logbook", team), {"q": "één"}))
    assert "Één gesprek" in accented and "1 log entry" in accented
    literal = page(client.post(url("buurtwerk:logbook", team), {"q": "100%_"}))
    assert "0 log entries" in literal


def test_it_keeps_searched_words_out_of_the_url(personas, team, as_user):
    write(team, personas["coordinator"], title="Xylofoon")
    write(team, personas["coordinator"], title="Anders")
    client = as_user(personas["coordinator"])
    listing = page(client.get(url("buurtwerk:logbook", team) + "?q=xylofoon"))
    assert "Anders" in listing  # words in a link are ignored
    assert 'method="post"' in listing


def test_it_filters_by_tag_and_by_date_range(personas, team, as_user, tags):
    actor = personas["coordinator"]
    write(team, actor, title="Met klusteam", on=date(2025, 1, 5), initiatives=[tags["initiative"]])
    write(
        team, actor, title="Met woonstad", on=date(2025, 2, 5), stakeholders=[tags["stakeholder"]]
    )
    write(
        team, actor, title="Over schimmel", on=date(2025, 3, 5), agenda_items=[tags["agenda_item"]]
    )
    client = as_user(personas["coordinator"])
    by_party = page(
        client.get(url("buurtwerk:logbook", team) + f"?partij={tags['stakeholder'].pk}")
    )
    assert "Met woonstad" in by_party and "Met klusteam" not in by_party
    by_item = page(
        client.post(url("buurtwerk:logbook", team), {"agendapunt": tags["agenda_item"].pk})
    )
    assert "Over schimmel" in by_item and "Met woonstad" not in by_item
    by_initiative = page(
        client.post(url("buurtwerk:logbook", team), {"initiatief": tags["initiative"].pk})
    )
    assert "Met klusteam" in by_initiative and "Over schimmel" not in by_initiative
    dates = {"van": "2025-02-01", "tot": "2025-03-05"}
    by_dates = page(client.post(url("buurtwerk:logbook", team), dates))
    assert "Met woonstad" in by_dates and "Over schimmel" in by_dates
    assert "Met klusteam" not in by_dates
    wrong = page(
        client.post(url("buurtwerk:logbook", team), {"van": "2025-03-01", "tot": "2025-01-01"})
    )
    assert "The start date is after the end date." in wrong


def test_it_lists_entries_with_a_constant_number_of_queries(personas, team, as_user, tags):
    client = as_user(personas["coordinator"])

    def queries(**data) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url("buurtwerk:logbook", team), data).status_code == 200
        return len(captured)

    write(team, personas["coordinator"])
    few = queries()
    every_tag = {key: [tags[key]] for key in ("initiative", "stakeholder", "agenda_item")}
    every_tag = {f"{key}s": value for key, value in every_tag.items()}
    for n in range(60):
        write(
            team, personas["opbouwwerker"], title=f"Entry {n:02}", on=date(2025, 1, 1), **every_tag
        )
    assert queries() == few
    assert queries(pagina=2) == few
    second = page(client.post(url("buurtwerk:logbook", team), {"pagina": 2}))
    assert "Page 2 of 2" in second and 'name="pagina" value="1"' in second


def test_it_shows_partners_only_the_number_of_entries_per_month(personas, team, as_user):
    write(team, personas["coordinator"], text=SECRET, on=date(2025, 1, 5))
    write(team, personas["coordinator"], title="Tweede", on=date(2025, 1, 20))
    entry = write(team, personas["coordinator"], title="Derde", on=date(2025, 3, 1))
    for persona in ("partner", "vrijwilliger"):  # the volunteer has no access to personal data
        client = as_user(personas[persona])
        for response in (
            client.get(url("buurtwerk:logbook", team)),
            client.post(url("buurtwerk:logbook", team), {"q": "Tweede"}),
        ):
            text = page(response)
            assert "You see numbers only" in text
            assert "January 2025" in text and "March 2025" in text
            assert "Tweede" not in text and "Xylofoon" not in text and "Derde" not in text
        assert client.get(url("buurtwerk:logbook_entry", team, entry.pk)).status_code == 403
    january = page(as_user(personas["partner"]).get(url("buurtwerk:logbook", team)))
    assert '<td class="num">2</td>' in january.split("January 2025", 1)[1]


def test_it_lets_a_volunteer_with_access_change_only_their_own_entries(personas, team, as_user):
    grant_personal_data(team, personas["vrijwilliger"])
    theirs = write(team, personas["vrijwilliger"], title="Mijn verslag")
    others = write(team, personas["opbouwwerker"], title="Van een ander")
    client = as_user(personas["vrijwilliger"])
    listing = page(client.get(url("buurtwerk:logbook", team)))
    assert "Van een ander" in listing  # they may read it
    assert url("buurtwerk:logbook_edit", team, theirs.pk) in listing
    assert url("buurtwerk:logbook_edit", team, others.pk) not in listing
    for name in ("buurtwerk:logbook_edit", "buurtwerk:logbook_delete"):
        assert client.get(url(name, team, others.pk)).status_code == 403
        assert client.post(url(name, team, others.pk)).status_code == 403
    data = {"written_on": "2025-03-04", "title": "Mijn verslag", "text": "Nieuwe tekst"}
    response = client.post(url("buurtwerk:logbook_edit", team, theirs.pk), data)
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.text == "Nieuwe tekst"
    event = AuditEvent.objects.get(action="buurtwerk.log_entry.changed")
    assert event.data == {"fields": ["text"]}
    others.refresh_from_db()
    assert others.title == "Van een ander"


def test_it_changes_the_tags_of_an_entry(personas, team, as_user, tags):
    entry = write(team, personas["coordinator"], initiatives=[tags["initiative"]])
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("buurtwerk:logbook_edit", team, entry.pk)))
    assert "Afspraken gemaakt." in form
    data = {
        "written_on": "2025-03-04",
        "title": "Overleg",
        "text": "Afspraken gemaakt.",
        "stakeholders": [tags["stakeholder"].pk],
    }
    client.post(url("buurtwerk:logbook_edit", team, entry.pk), data)
    assert list(entry.initiatives.all()) == [] and list(entry.stakeholders.all()) == [
        tags["stakeholder"]
    ]
    event = AuditEvent.objects.get(action="buurtwerk.log_entry.changed")
    assert event.data == {"fields": ["initiatives", "stakeholders"]}


def test_it_confirms_before_deleting_and_lists_what_the_entry_is_linked_to(
    personas, team, as_user, tags
):
    entry = write(
        team, personas["coordinator"], title="Weg ermee", agenda_items=[tags["agenda_item"]]
    )
    client = as_user(personas["coordinator"])
    confirm = page(client.get(url("buurtwerk:logbook_delete", team, entry.pk)))
    assert "Schimmel in de flat" in confirm and "only their link to this entry goes" in confirm
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url("buurtwerk:logbook_delete", team, entry.pk))
    assert response["Location"] == url("buurtwerk:logbook", team)
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
    assert AgendaItem.objects.filter(pk=tags["agenda_item"].pk).exists()
    assert AuditEvent.objects.get(action="buurtwerk.log_entry.deleted").data == {}


def test_it_gives_404_for_entries_of_another_team_and_changes_nothing(
    personas, team, as_user, other_team
):
    elsewhere = write(other_team, personas["outsider"], title="Elders")
    client = as_user(personas["coordinator"])
    assert client.get(url("buurtwerk:logbook_entry", team, elsewhere.pk)).status_code == 404
    for name in ("buurtwerk:logbook_edit", "buurtwerk:logbook_delete"):
        assert client.get(url(name, team, elsewhere.pk)).status_code == 404
        assert client.post(url(name, team, elsewhere.pk), {"title": "x"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.title == "Elders"
    listing = page(client.get(url("buurtwerk:logbook", team)))
    assert "Elders" not in listing


def test_it_escapes_script_payloads_in_every_text_field(personas, team, as_user, tags):
    Initiative.objects.filter(pk=tags["initiative"].pk).update(title=PAYLOAD)
    Stakeholder.objects.filter(pk=tags["stakeholder"].pk).update(name=PAYLOAD)
    entry = write(
        team,
        personas["coordinator"],
        title=PAYLOAD,
        text=PAYLOAD,
        initiatives=[tags["initiative"]],
        stakeholders=[tags["stakeholder"]],
    )
    client = as_user(personas["coordinator"])
    pages = {
        "list": client.get(url("buurtwerk:logbook", team)),
        "search": client.post(url("buurtwerk:logbook", team), {"q": PAYLOAD}),
        "detail": client.get(url("buurtwerk:logbook_entry", team, entry.pk)),
        "edit": client.get(url("buurtwerk:logbook_edit", team, entry.pk)),
        "delete": client.get(url("buurtwerk:logbook_delete", team, entry.pk)),
    }
    for name, response in pages.items():
        text = response.content.decode()
        assert response.status_code == 200, name
        assert PAYLOAD not in text and "<script>" not in text.split("</head>", 1)[1], name
        assert ESCAPED in text, name
    assert pages["detail"].content.decode().count(ESCAPED) >= 4  # title, text, two tags
