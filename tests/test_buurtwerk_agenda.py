"""The residents' agenda (bewonersagenda): list with filters and counts, the form, the status
steps, turning an item into an initiative, deleting, and who may do what."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import AgendaItem, Initiative, LogEntry
from buurtkompas.buurtwerk.services.agenda import agenda_item_create, agenda_item_set_status
from buurtkompas.buurtwerk.services.initiatives import initiative_create
from buurtkompas.regions.models import Region
from buurtkompas.residents.services import contact_create
from tests.helpers import ESCAPED, PAYLOAD, count_queries, page, team_urls

url = team_urls("buurtwerk")


def make_item(team, actor, title="Bankjes bij de speeltuin", **fields) -> AgendaItem:
    fields = {"channel": "doorstep", "raised_on": date(2025, 4, 1), **fields}
    return agenda_item_create(actor=actor, workspace=team, title=title, **fields)


def form_data(**changes) -> dict:
    data = {
        "title": "Speeltuin opknappen",
        "description": "Het klimrek is kapot.",
        "street": "Pleinweg",
        "channel": "meeting",
        "supporters": "14",
        "raised_on": "2025-05-06",
        "buurt": "",
    }
    return {**data, **changes}


def test_it_adds_an_agenda_item(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    assert "never who raised it" in page(client.get(url("agenda_create", team)))
    response = client.post(url("agenda_create", team), form_data())
    item = AgendaItem.objects.get(workspace=team)
    assert response.status_code == 302
    assert response["Location"] == url("agenda_item", team, item.pk)
    assert (item.title, item.supporters, item.status, item.created_by) == (
        "Speeltuin opknappen",
        14,
        "heard",
        personas["opbouwwerker"],
    )
    detail = page(client.get(url("agenda_item", team, item.pk)))
    assert "Het klimrek is kapot." in detail and "Pleinweg" in detail and "meeting" in detail
    event = AuditEvent.objects.get(action="buurtwerk.agenda_item.created")
    assert event.object_id == str(item.pk)
    assert "Speeltuin" not in str(event.data) and "klimrek" not in str(event.data)


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    future = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(url("agenda_create", team), form_data(raised_on=future, channel=""))
    assert response.status_code == 200
    text = page(response)
    assert "The date cannot be in the future." in text and "This field is required." in text
    assert 'value="Speeltuin opknappen"' in text and "Het klimrek is kapot." in text
    assert 'value="Pleinweg"' in text and 'value="14"' in text
    assert 'aria-invalid="true"' in text
    response = client.post(url("agenda_create", team), form_data(supporters="-3"))
    assert "greater than or equal to 0" in page(response)
    assert not AgendaItem.objects.exists()


def test_it_changes_an_item_and_logs_only_the_field_names(personas, team, as_user):
    item = make_item(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("agenda_edit", team, item.pk)))
    assert 'value="Bankjes bij de speeltuin"' in form
    data = form_data(title="Bankjes bij de speeltuin", channel="doorstep", raised_on="2025-04-01")
    response = client.post(url("agenda_edit", team, item.pk), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.description, item.supporters) == ("Het klimrek is kapot.", 14)
    event = AuditEvent.objects.get(action="buurtwerk.agenda_item.changed")
    assert event.data == {"fields": ["description", "street", "supporters"]}


def test_it_offers_only_the_buurten_the_team_covers(personas, team, as_user):
    def region(code, level, name, parent=None):
        return Region.objects.create(
            code=code, year=2099, level=level, name=name, parent=parent, gemeente_code="GM9999"
        )

    wijk = region("WK999901", "wijk", "Testwijk")
    inside = region("BU99990101", "buurt", "Binnen", wijk)
    own = region("BU99990201", "buurt", "Eigen buurt")
    elsewhere = region("BU99990301", "buurt", "Elders")
    team.regions.set([wijk, own])
    client = as_user(personas["coordinator"])
    text = page(client.get(url("agenda_create", team)))
    assert f'<option value="{inside.pk}">Binnen</option>' in text
    assert f'<option value="{own.pk}">Eigen buurt</option>' in text
    assert f'<option value="{elsewhere.pk}"' not in text
    refused = client.post(url("agenda_create", team), form_data(buurt=elsewhere.pk))
    assert refused.status_code == 200 and not AgendaItem.objects.exists()
    with pytest.raises(ValidationError):
        make_item(team, personas["coordinator"], buurt=elsewhere)
    client.post(url("agenda_create", team), form_data(buurt=inside.pk))
    assert AgendaItem.objects.get().buurt == inside
    listed = page(client.get(url("agenda", team), {"buurt": own.pk}))
    assert "0 agenda items" in listed


def test_it_filters_searches_sorts_and_counts_per_status(personas, team, as_user):
    actor = personas["coordinator"]
    make_item(team, actor, "Groen plein", supporters=3, raised_on=date(2025, 1, 1))
    make_item(team, actor, "Minder hondenpoep", supporters=30, channel="survey")
    done = make_item(team, actor, "Groene daken", supporters=8, raised_on=date(2025, 6, 1))
    agenda_item_set_status(actor=actor, item=done, status="done")
    client = as_user(personas["partner"])
    text = page(client.get(url("agenda", team)))
    assert "3 agenda items" in text
    assert 'Heard <span class="agenda-count">2</span>' in text
    assert 'Done <span class="agenda-count">1</span>' in text
    assert text.index("Groene daken") < text.index("Minder hondenpoep") < text.index("Groen plein")
    text = page(client.get(url("agenda", team), {"sort": "supporters"}))
    assert text.index("Minder hondenpoep") < text.index("Groene daken") < text.index("Groen plein")
    text = page(client.get(url("agenda", team), {"q": "groen"}))
    assert "2 agenda items" in text and "Minder hondenpoep" not in text
    assert 'Heard <span class="agenda-count">1</span>' in text
    text = page(client.get(url("agenda", team), {"q": "groen", "status": "done"}))
    assert "1 agenda item" in text and "Groene daken" in text and "Groen plein</a>" not in text
    text = page(client.get(url("agenda", team), {"channel": "survey"}))
    assert "1 agenda item" in text and "Minder hondenpoep" in text
    text = page(client.get(url("agenda", team), {"status": "nonsense", "channel": "survey"}))
    assert "were not understood" in text and "1 agenda item" in text


def test_it_lists_with_the_same_number_of_queries_for_more_rows(personas, team, as_user):
    actor = personas["coordinator"]

    def add(n):
        for i in range(n):
            item = make_item(team, actor, f"Wens {i}")
            initiative_create(
                actor=actor,
                workspace=team,
                title=f"Aanpak {i}",
                chain_stage="greening",
                agenda_items=[item],
            )

    client = as_user(personas["vrijwilliger"])

    def count() -> int:
        return count_queries(client, url("agenda", team))

    add(2)
    few = count()
    add(20)
    assert count() == few


def test_it_pages_the_list_by_50(personas, team, as_user):
    for i in range(51):
        make_item(team, personas["coordinator"], f"Wens {i:02d}", supporters=i)
    client = as_user(personas["coordinator"])
    first = page(client.get(url("agenda", team), {"sort": "supporters"}))
    assert "51 agenda items" in first and "Page 1 of 2" in first
    assert "Wens 50" in first and "Wens 00</a>" not in first
    assert "?sort=supporters&pagina=2" in first
    second = page(client.get(url("agenda", team), {"sort": "supporters", "pagina": 2}))
    assert "Wens 00</a>" in second and "Wens 50" not in second


def test_it_moves_the_status_on_and_needs_a_reason_for_not_feasible(personas, team, as_user):
    item = make_item(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    status = url("agenda_status", team, item.pk)
    response = client.post(status, {"status": "discussed"})
    assert response["Location"] == url("agenda_item", team, item.pk)
    item.refresh_from_db()
    assert item.status == "discussed"
    response = client.post(status, {"status": "not_feasible", "reason": "  "})
    assert response.status_code == 200
    assert "Say why it is not feasible." in page(response)
    item.refresh_from_db()
    assert item.status == "discussed"
    with translation.override("en"), pytest.raises(ValidationError, match="deserve an answer"):
        agenda_item_set_status(actor=personas["coordinator"], item=item, status="not_feasible")
    reason = "De gemeente verkoopt het terrein."
    client.post(status, {"status": "not_feasible", "reason": reason})
    item.refresh_from_db()
    assert (item.status, item.status_reason) == ("not_feasible", reason)
    assert reason in page(client.get(url("agenda_item", team, item.pk)))
    event = AuditEvent.objects.filter(action="buurtwerk.agenda_item.status_changed").latest("id")
    assert event.data == {"from": "discussed", "to": "not_feasible"}
    client.post(status, {"status": "heard"})
    item.refresh_from_db()
    assert (item.status, item.status_reason) == ("heard", "")


def test_it_moves_an_item_on_from_the_list_and_returns_to_the_same_page(personas, team, as_user):
    item = make_item(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    listed = url("agenda", team) + "?status=heard&sort=supporters"
    text = page(client.get(listed))
    assert "Mark as discussed" in text
    response = client.post(
        url("agenda_status", team, item.pk), {"status": "discussed", "next": listed}
    )
    assert response["Location"] == listed
    item.refresh_from_db()
    assert item.status == "discussed"
    for elsewhere in ("https://evil.example/", url("initiatives", team), "//evil.example/agenda/"):
        response = client.post(
            url("agenda_status", team, item.pk), {"status": "picked_up", "next": elsewhere}
        )
        assert response["Location"] == url("agenda_item", team, item.pk)


def test_it_turns_an_item_into_an_initiative(personas, team, as_user):
    item = make_item(team, personas["coordinator"], description="Een plek om te zitten.")
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("agenda_take_up", team, item.pk)))
    assert 'value="Bankjes bij de speeltuin"' in form and "Een plek om te zitten." in form
    refused = client.post(url("agenda_take_up", team, item.pk), {"title": "Bankjes"})
    assert refused.status_code == 200 and "This field is required." in page(refused)
    assert not Initiative.objects.exists()
    data = {"title": "Bankjesplan", "goal": "Vier bankjes", "chain_stage": "greening"}
    response = client.post(url("agenda_take_up", team, item.pk), data)
    initiative = Initiative.objects.get()
    assert response["Location"] == url("initiative", team, initiative.pk)
    assert (initiative.title, initiative.workspace, initiative.created_by) == (
        "Bankjesplan",
        team,
        personas["opbouwwerker"],
    )
    assert list(initiative.agenda_items.all()) == [item]
    item.refresh_from_db()
    assert item.status == "picked_up"
    detail = page(client.get(url("agenda_item", team, item.pk)))
    assert "Bankjesplan" in detail
    listed = page(client.get(url("agenda", team)))
    assert f'href="{url("initiative", team, initiative.pk)}">Bankjesplan</a>' in listed


def test_it_lets_a_volunteer_change_only_what_they_recorded(personas, team, as_user):
    theirs = make_item(team, personas["coordinator"], "Van de coördinator")
    client = as_user(personas["vrijwilliger"])
    for name in ("agenda_edit", "agenda_delete", "agenda_take_up"):
        assert client.get(url(name, team, theirs.pk)).status_code == 403, name
    for name in ("agenda_edit", "agenda_delete", "agenda_take_up", "agenda_status"):
        assert client.post(url(name, team, theirs.pk), {"status": "done"}).status_code == 403
    assert "Mark as discussed" not in page(client.get(url("agenda", team)))
    client.post(url("agenda_create", team), form_data(title="Van de vrijwilliger"))
    own = AgendaItem.objects.get(title="Van de vrijwilliger")
    assert own.created_by == personas["vrijwilliger"]
    assert client.post(url("agenda_status", team, own.pk), {"status": "done"}).status_code == 302
    assert client.get(url("agenda_edit", team, own.pk)).status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == "heard" and AgendaItem.objects.count() == 2


def test_it_lets_a_partner_read_but_not_change(personas, team, as_user):
    item = make_item(team, personas["coordinator"])
    client = as_user(personas["partner"])
    assert "Bankjes bij de speeltuin" in page(client.get(url("agenda", team)))
    detail = page(client.get(url("agenda_item", team, item.pk)))
    assert "Bankjes bij de speeltuin" in detail
    assert "Change the status" not in detail and "Turn into an initiative" not in detail
    assert client.get(url("agenda_create", team)).status_code == 403
    assert client.post(url("agenda_status", team, item.pk), {"status": "done"}).status_code == 403
    assert client.post(url("agenda_delete", team, item.pk)).status_code == 403
    item.refresh_from_db()
    assert item.status == "heard"


def test_it_gives_404_for_ids_from_another_team_and_changes_nothing(
    personas, team, as_user, other_team
):
    theirs = make_item(other_team, personas["outsider"], "Van een ander team")
    client = as_user(personas["coordinator"])
    for name in ("agenda_item", "agenda_edit", "agenda_delete", "agenda_take_up"):
        assert client.get(url(name, team, theirs.pk)).status_code == 404, name
    posts = [
        ("agenda_edit", form_data()),
        ("agenda_status", {"status": "done"}),
        ("agenda_take_up", {"title": "X", "chain_stage": "saving"}),
        ("agenda_delete", {}),
    ]
    for name, data in posts:
        assert client.post(url(name, team, theirs.pk), data).status_code == 404, name
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Van een ander team", "heard")
    assert not Initiative.objects.exists()
    by_me = AuditEvent.objects.filter(actor=personas["coordinator"])
    assert not by_me.filter(action__startswith="buurtwerk.").exists()


def test_it_confirms_before_deleting_and_keeps_what_linked_to_it(personas, team, as_user):
    actor = personas["coordinator"]
    item = make_item(team, actor)
    initiative = initiative_create(
        actor=actor,
        workspace=team,
        title="Bankjesplan",
        chain_stage="greening",
        agenda_items=[item],
    )
    entry = LogEntry.objects.create(
        workspace=team, written_on=date(2025, 4, 2), title="Overleg", text="Over bankjes"
    )
    entry.agenda_items.add(item)
    client = as_user(personas["opbouwwerker"])
    confirm = page(client.get(url("agenda_delete", team, item.pk)))
    assert "1 initiative answers this item:" in confirm and "Bankjesplan" in confirm
    assert "only their link to this item is removed" in confirm
    assert "1 logbook entry mentions this item." in confirm
    response = client.post(url("agenda_delete", team, item.pk))
    assert response["Location"] == url("agenda", team)
    assert not AgendaItem.objects.exists()
    assert Initiative.objects.get() == initiative and not initiative.agenda_items.exists()
    assert LogEntry.objects.get() == entry
    event = AuditEvent.objects.get(action="buurtwerk.agenda_item.deleted")
    assert event.data == {"initiatives_unlinked": 1} and event.object_id == str(item.pk)


def test_it_escapes_script_payloads_in_every_text_field(personas, team, as_user):
    item = make_item(
        team, personas["coordinator"], title=PAYLOAD, description=PAYLOAD, street=PAYLOAD
    )
    agenda_item_set_status(
        actor=personas["coordinator"], item=item, status="not_feasible", reason=PAYLOAD
    )
    client = as_user(personas["coordinator"])
    pages = [
        client.get(url("agenda", team)),
        client.get(url("agenda", team), {"q": PAYLOAD}),
        client.get(url("agenda_item", team, item.pk)),
        client.get(url("agenda_edit", team, item.pk)),
        client.get(url("agenda_take_up", team, item.pk)),
        client.get(url("agenda_delete", team, item.pk)),
        client.post(url("agenda_status", team, item.pk), {"status": "done"}, follow=True),
    ]
    for response in pages:
        body = response.content.decode()
        assert PAYLOAD not in body
        assert ESCAPED in body


def test_it_keeps_residents_names_out_of_the_agenda(personas, team, as_user):
    contact_create(actor=personas["coordinator"], workspace=team, name="Zoë Qwertzuiop")
    make_item(team, personas["coordinator"])
    client = as_user(personas["partner"])
    for path in (url("agenda", team), url("agenda_item", team, AgendaItem.objects.get().pk)):
        assert "Zoë Qwertzuiop" not in page(client.get(path))


def test_it_offers_no_buurt_filter_when_the_team_has_no_buurten(personas, team, as_user):
    team.regions.clear()
    client = as_user(personas["coordinator"])
    for name in ("agenda", "signals"):
        html = client.get(url(name, team)).content.decode()
        assert 'name="buurt"' not in html, name  # a select whose only choice is "all"
    wijk = Region.objects.create(
        code="WK999901", year=2099, level="wijk", name="Testwijk", gemeente_code="GM9999"
    )
    Region.objects.create(
        code="BU99990101",
        year=2099,
        level="buurt",
        name="Binnen",
        parent=wijk,
        gemeente_code="GM9999",
    )
    team.regions.set([wijk])
    for name in ("agenda", "signals"):
        html = as_user(personas["coordinator"]).get(url(name, team)).content.decode()
        assert 'name="buurt"' in html and "Binnen" in html, name
