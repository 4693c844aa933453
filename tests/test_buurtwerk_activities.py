"""Activities: the list with filters and totals, series, registrations with consent, who may
change what, and what partners see. Personas come from conftest.py."""

from datetime import date, timedelta

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Activity, Initiative
from buurtkompas.buurtwerk.models.initiatives import ChainStage
from buurtkompas.buurtwerk.services.activities import activity_create, activity_register
from buurtkompas.residents.models import Purpose
from tests.helpers import (
    NAME,
    PAYLOAD,
    count_queries,
    grant_personal_data,
    page,
    resident,
    team_urls,
    text_of,
)

TODAY = date.today()

url = team_urls("buurtwerk")


def make(team, actor, title="Energiecafé", held_on=None, **fields) -> Activity:
    fields.setdefault("kind", Activity.Kind.ENERGY_CAFE)
    return activity_create(
        actor=actor, workspace=team, title=title, held_on=held_on or TODAY, **fields
    )


def form_data(**changes) -> dict:
    data = {
        "kind": "repair_cafe",
        "title": "Repaircafé De Tarwe",
        "held_on": "2025-05-03",
        "place": "Buurthuis",
        "participants": "14",
        "households_reached": "9",
        "outcomes": "Three fixers signed up.",
        "notes": "Bring more extension cords.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_records_an_activity_with_its_organisers(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    data = form_data(organisers=[personas["vrijwilliger"].pk, personas["opbouwwerker"].pk])
    response = client.post(url("activity_create", team), data)
    activity = Activity.objects.get(workspace=team)
    assert response.status_code == 302
    assert response["Location"] == url("activity", team, activity.pk)
    assert (activity.title, activity.held_on, activity.participants) == (
        "Repaircafé De Tarwe",
        date(2025, 5, 3),
        14,
    )
    assert set(activity.organisers.all()) == {personas["vrijwilliger"], personas["opbouwwerker"]}
    assert activity.created_by == personas["opbouwwerker"] and activity.series is None
    event = AuditEvent.objects.get(action="buurtwerk.activity.created")
    assert event.object_id == str(activity.pk) and event.data["occurrences"] == 1
    text = page(client.get(url("activity", team, activity.pk)))
    for shown in ("Repaircafé De Tarwe", "repair café", "Buurthuis", "14", "9", "Vrijwilliger"):
        assert shown in text
    assert "Three fixers signed up." in text and "Bring more extension cords." in text


def test_it_creates_a_weekly_series_in_one_transaction(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = form_data(held_on="2025-01-07", recurrence="weekly", count="4")
    client.post(url("activity_create", team), data)
    series = list(Activity.objects.filter(workspace=team).order_by("held_on"))
    assert [a.held_on for a in series] == [date(2025, 1, 7) + timedelta(weeks=n) for n in range(4)]
    assert {a.series_id for a in series} == {series[0].pk}
    assert {a.recurrence for a in series} == {"weekly"}
    assert AuditEvent.objects.get(action="buurtwerk.activity.created").data["occurrences"] == 4
    text = page(client.get(url("activity", team, series[2].pk)))
    assert "Occurrence 3 of 4 of a series (every week)." in text


def test_it_creates_a_monthly_series_until_a_date_keeping_month_ends(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = form_data(held_on="2025-01-31", recurrence="monthly", until="2025-05-31")
    client.post(url("activity_create", team), data)
    dates = list(Activity.objects.order_by("held_on").values_list("held_on", flat=True))
    assert dates == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
    ]


def test_it_refuses_a_series_without_an_end_or_longer_than_52(personas, team, as_user):
    client = as_user(personas["coordinator"])
    cases = [
        ({"recurrence": "weekly"}, "Give an end date or a number of times"),
        ({"recurrence": "weekly", "count": "53"}, "less than or equal to 52"),
        ({"recurrence": "weekly", "until": "2027-01-01"}, "at most 52 occurrences"),
        ({"recurrence": "weekly", "until": "2025-04-01"}, "must be after the first date"),
        ({"recurrence": "weekly", "until": "2025-06-01", "count": "3"}, "not both"),
    ]
    for changes, message in cases:
        response = client.post(url("activity_create", team), form_data(**changes))
        assert response.status_code == 200
        assert message in page(response), changes
    assert not Activity.objects.exists()


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = form_data(title="", participants="-3", organisers=[personas["partner"].pk])
    response = client.post(url("activity_create", team), data)
    assert response.status_code == 200
    text = page(response)
    assert "This field is required." in text
    assert "Ensure this value is greater than or equal to 0." in text
    assert 'value="Buurthuis"' in text and "Three fixers signed up." in text
    assert 'value="2025-05-03"' in text
    assert f'value="{personas["partner"].pk}"' in text and "checked" in text
    assert not Activity.objects.exists()


def test_it_offers_only_this_teams_members_and_initiatives(personas, team, as_user, other_team):
    elsewhere = other_team
    foreign = Initiative.objects.create(
        workspace=elsewhere, title="Elders", chain_stage=ChainStage.SAVING
    )
    client = as_user(personas["coordinator"])
    data = form_data(initiative=foreign.pk, organisers=[personas["outsider"].pk])
    response = client.post(url("activity_create", team), data)
    assert response.status_code == 200
    assert page(response).count("Select a valid choice") == 2
    assert not Activity.objects.exists()


def test_it_filters_the_list_and_totals_the_filtered_set(personas, team, as_user, other_team):
    coordinator = personas["coordinator"]
    initiative = Initiative.objects.create(
        workspace=team, title="Warme Tarwewijk", chain_stage=ChainStage.SAVING
    )
    past = TODAY - timedelta(days=10)
    make(team, coordinator, "Past café", past, participants=10, households_reached=4)
    make(
        team,
        coordinator,
        "Past repair",
        past - timedelta(days=400),
        kind="repair_cafe",
        participants=5,
        initiative=initiative,
    )
    make(team, coordinator, "Coming café", TODAY + timedelta(days=3))
    make(other_team, personas["outsider"], "Other team", past, participants=99)
    client = as_user(personas["partner"])

    def listed(**query):
        text = text_of(client.get(url("activities", team), query))
        titles = {t for t in ("Past café", "Past repair", "Coming café", "Other team") if t in text}
        return titles, text

    titles, text = listed()
    assert titles == {"Past café", "Past repair", "Coming café"}
    assert "15 participants counted at 2 of 3" in text
    assert "4 households reached counted at 1 of 3" in text
    assert listed(wanneer="komend")[0] == {"Coming café"}
    assert listed(wanneer="voorbij")[0] == {"Past café", "Past repair"}
    assert listed(soort="repair_cafe")[0] == {"Past repair"}
    assert listed(initiatief=initiative.pk)[0] == {"Past repair"}
    titles, text = listed(van=(past - timedelta(days=1)).isoformat(), tot=TODAY.isoformat())
    assert titles == {"Past café"}
    assert "10 participants" in text and "4 households reached" in text
    titles, text = listed(van="2025-05-01", tot="2025-04-01")
    assert "The end of the period is before its start." in text


def test_it_lists_activities_with_a_constant_number_of_queries(personas, team, as_user):
    coordinator = personas["coordinator"]
    initiative = Initiative.objects.create(workspace=team, title="I", chain_stage="saving")
    contact = resident(team, coordinator)
    client = as_user(personas["coordinator"])
    make(team, coordinator, initiative=initiative, organisers=[coordinator])
    few = count_queries(client, url("activities", team))
    for n in range(12):
        activity = make(team, coordinator, f"A{n}", initiative=initiative, organisers=[coordinator])
        activity_register(actor=coordinator, activity=activity, contact=contact)
    assert count_queries(client, url("activities", team)) == few


def test_it_shows_50_activities_per_page(personas, team, as_user):
    for n in range(51):
        make(team, personas["coordinator"], f"Activiteit {n:02d}", TODAY - timedelta(days=n + 1))
    client = as_user(personas["opbouwwerker"])
    first = page(client.get(url("activities", team), {"wanneer": "voorbij"}))
    assert "Page 1 of 2" in first and "Activiteit 50" not in first
    assert "?wanneer=voorbij&pagina=2" in first.replace("&amp;", "&")
    second = page(client.get(url("activities", team), {"wanneer": "voorbij", "pagina": 2}))
    assert "Activiteit 50" in second and "Activiteit 49" not in second


def test_it_registers_a_resident_only_with_consent_to_be_contacted(personas, team, as_user):
    worker = personas["opbouwwerker"]
    activity = make(team, personas["coordinator"])
    without = resident(team, worker, "Zonder Toestemming", consent=None)
    client = as_user(worker)
    response = client.post(url("activity_register", team, activity.pk), {"contact": without.pk})
    assert response.status_code == 200
    assert "There is no consent from this resident for being contacted." in page(response)
    assert not activity.registered.exists()
    contact = resident(team, worker)
    response = client.post(url("activity_register", team, activity.pk), {"contact": contact.pk})
    assert response.status_code == 302
    assert list(activity.registered.all()) == [contact]
    event = AuditEvent.objects.get(action="buurtwerk.activity.registered")
    assert event.data == {"contact_id": contact.pk} and NAME not in str(event.data)
    detail = client.get(url("activity", team, activity.pk))
    assert NAME in page(detail)
    assert all(NAME not in str(m) for m in detail.context["messages"])
    client.post(url("activity_unregister", team, activity.pk, contact.pk))
    assert not activity.registered.exists()


def test_it_shows_partners_a_count_instead_of_names(personas, team, as_user):
    coordinator = personas["coordinator"]
    activity = make(team, coordinator, "Warmtecafé")
    for name in (NAME, "Piet Asdfghjkl"):
        activity_register(
            actor=coordinator, activity=activity, contact=resident(team, coordinator, name)
        )
    for persona in ("partner", "vrijwilliger"):
        client = as_user(personas[persona])
        for path in (url("activity", team, activity.pk), url("activities", team)):
            text = page(client.get(path))
            assert NAME not in text and "Piet Asdfghjkl" not in text
        assert "2 residents registered." in page(client.get(url("activity", team, activity.pk)))
    text = page(as_user(personas["partner"]).get(url("activity", team, activity.pk)))
    assert "Register a resident" not in text and "Change</a>" not in text
    text = page(as_user(coordinator).get(url("activity", team, activity.pk)))
    assert NAME in text and "Piet Asdfghjkl" in text


def test_it_answers_404_for_an_activity_of_another_team(personas, team, as_user, other_team):
    foreign = make(other_team, personas["outsider"])
    contact = resident(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    assert client.get(url("activity", team, foreign.pk)).status_code == 404
    for name in ("activity_edit", "activity_delete"):
        assert client.get(url(name, team, foreign.pk)).status_code == 404, name
        assert client.post(url(name, team, foreign.pk), form_data()).status_code == 404, name
    path = url("activity_register", team, foreign.pk)
    assert client.post(path, {"contact": contact.pk}).status_code == 404
    path = url("activity_unregister", team, foreign.pk, contact.pk)
    assert client.post(path).status_code == 404
    own = make(team, personas["coordinator"])
    foreign_contact = resident(other_team, personas["outsider"])
    path = url("activity_register", team, own.pk)
    response = client.post(path, {"contact": foreign_contact.pk})
    assert "Select a valid choice" in page(response) and not own.registered.exists()
    assert (
        client.post(url("activity_unregister", team, own.pk, foreign_contact.pk)).status_code == 404
    )
    assert Activity.objects.filter(pk=foreign.pk).exists()


def test_it_lets_a_volunteer_change_only_what_they_organise_or_created(personas, team, as_user):
    volunteer = personas["vrijwilliger"]
    theirs = make(team, personas["coordinator"], organisers=[volunteer])
    own = make(team, volunteer)
    others = make(team, personas["coordinator"], organisers=[personas["opbouwwerker"]])
    client = as_user(volunteer)
    for activity in (theirs, own):
        assert client.get(url("activity_edit", team, activity.pk)).status_code == 200
        assert "Change" in page(client.get(url("activity", team, activity.pk)))
    for name in ("activity_edit", "activity_delete"):
        assert client.get(url(name, team, others.pk)).status_code == 403
        assert client.post(url(name, team, others.pk), form_data()).status_code == 403
    assert "Delete…" not in page(client.get(url("activity", team, others.pk)))
    response = client.post(url("activity_edit", team, theirs.pk), form_data(title="Nieuw"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.title == "Nieuw"
    # Editing left out the organisers field: the volunteer is no longer an organiser.
    assert client.get(url("activity_edit", team, theirs.pk)).status_code == 403


def test_it_changes_this_occurrence_only(personas, team, as_user):
    first = make(team, personas["coordinator"], "Spreekuur", recurrence="weekly", count=3)
    second = Activity.objects.get(series=first, held_on=first.held_on + timedelta(weeks=1))
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("activity_edit", team, second.pk)))
    assert "Your changes apply to this occurrence only." in form and "Repeats" not in form
    data = form_data(title="Spreekuur (verplaatst)", held_on=str(second.held_on))
    client.post(url("activity_edit", team, second.pk), data)
    titles = list(Activity.objects.order_by("held_on").values_list("title", flat=True))
    assert titles == ["Spreekuur", "Spreekuur (verplaatst)", "Spreekuur"]
    event = AuditEvent.objects.get(action="buurtwerk.activity.changed")
    assert "title" in event.data["fields"] and "Spreekuur" not in str(event.data)


def test_it_deletes_this_one_or_this_and_the_following_ones(personas, team, as_user):
    coordinator = personas["coordinator"]
    first = make(team, coordinator, "Fixrondje", date(2025, 3, 3), recurrence="weekly", count=5)
    dates = [date(2025, 3, 3) + timedelta(weeks=n) for n in range(5)]
    third = Activity.objects.get(held_on=dates[2])
    activity_register(actor=coordinator, activity=third, contact=resident(team, coordinator))
    client = as_user(personas["opbouwwerker"])
    confirm = page(client.get(url("activity_delete", team, third.pk)))
    assert f"Registered participants: {NAME}" in " ".join(confirm.split())
    assert "This one and all following ones" in confirm
    assert "Following occurrences" in confirm and "24 March 2025" in confirm
    response = client.post(url("activity_delete", team, third.pk), {})
    assert response.status_code == 200 and "This field is required." in page(response)
    response = client.post(url("activity_delete", team, third.pk), {"scope": "following"})
    assert response.status_code == 302
    assert list(Activity.objects.order_by("held_on").values_list("held_on", flat=True)) == dates[:2]
    event = AuditEvent.objects.get(action="buurtwerk.activity.deleted")
    assert event.data == {"scope": "following", "count": 3}
    client.post(url("activity_delete", team, first.pk), {"scope": "one"})
    remaining = Activity.objects.get()
    assert remaining.held_on == dates[1] and remaining.series is None
    assert remaining.registered.count() == 0


def test_it_makes_the_next_occurrence_the_first_when_the_first_is_deleted(personas, team, as_user):
    first = make(
        team, personas["coordinator"], "Koffie", date(2025, 3, 3), recurrence="weekly", count=3
    )
    client = as_user(personas["coordinator"])
    client.post(url("activity_delete", team, first.pk), {"scope": "one"})
    rest = list(Activity.objects.order_by("held_on"))
    assert [a.series_id for a in rest] == [rest[0].pk, rest[0].pk]
    client.post(url("activity_delete", team, rest[0].pk), {"scope": "following"})
    assert not Activity.objects.exists()


def test_it_escapes_a_script_in_every_text_field(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = form_data(title=PAYLOAD, place=PAYLOAD, outcomes=PAYLOAD, notes=PAYLOAD)
    client.post(url("activity_create", team), data)
    activity = Activity.objects.get()
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for path in (
        url("activities", team),
        url("activity", team, activity.pk),
        url("activity_edit", team, activity.pk),
        url("activity_delete", team, activity.pk),
    ):
        body = client.get(path).content.decode()
        assert PAYLOAD not in body, path
        assert escaped in body, path


def test_it_never_puts_a_name_in_messages_titles_or_urls(personas, team, as_user):
    coordinator = personas["coordinator"]
    activity = make(team, coordinator)
    contact = resident(team, coordinator)
    client = as_user(coordinator)
    response = client.post(
        url("activity_register", team, activity.pk), {"contact": contact.pk}, follow=True
    )
    assert list(activity.registered.all()) == [contact]
    body = response.content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert NAME not in title and NAME not in response.redirect_chain[-1][0]
    assert all(NAME not in str(m) for m in response.context["messages"])


def test_it_lets_a_volunteer_with_personal_data_register_for_their_activity(
    personas, team, as_user, resident_with_consent
):
    volunteer = personas["vrijwilliger"]
    grant_personal_data(team, volunteer)
    theirs = make(team, personas["coordinator"], organisers=[volunteer])
    others = make(team, personas["coordinator"])
    contact = resident_with_consent(Purpose.CONTACT)
    client = as_user(volunteer)
    response = client.post(url("activity_register", team, theirs.pk), {"contact": contact.pk})
    assert response.status_code == 302
    assert response["Location"] == url("activity", team, theirs.pk)
    assert list(theirs.registered.all()) == [contact]
    event = AuditEvent.objects.get(action="buurtwerk.activity.registered")
    assert (event.actor, event.object_id, event.data) == (
        volunteer,
        str(theirs.pk),
        {"contact_id": contact.pk},
    )
    assert NAME in text_of(client.get(url("activity", team, theirs.pk)))
    response = client.post(url("activity_register", team, others.pk), {"contact": contact.pk})
    assert response.status_code == 403
    assert not others.registered.exists()
    assert AuditEvent.objects.filter(action="buurtwerk.activity.registered").count() == 1


def test_it_adds_an_activity_from_an_initiatives_page_with_the_initiative_chosen(
    personas, team, as_user, other_team
):
    own = Initiative.objects.create(workspace=team, title="Groen plein", chain_stage="saving")
    foreign = Initiative.objects.create(workspace=other_team, title="Elders", chain_stage="saving")
    client = as_user(personas["opbouwwerker"])
    detail = page(client.get(url("initiative", team, own.pk)))
    link = f"{url('activity_create', team)}?initiatief={own.pk}"
    assert f'href="{link}"' in detail and "Add an activity to this initiative" in detail
    assert f'<option value="{own.pk}" selected>' in page(client.get(link))
    form = page(client.get(url("activity_create", team), {"initiatief": foreign.pk}))
    assert "selected>Elders" not in form and "Elders" not in form  # another team's: ignored
    assert client.get(url("activity_create", team), {"initiatief": "9" * 30}).status_code == 200
    partner = page(as_user(personas["partner"]).get(url("initiative", team, own.pk)))
    assert "Add an activity to this initiative" not in partner


def test_the_dashboard_offers_the_next_steps_to_members_who_may_write(personas, team, as_user):
    for role, shown in (("opbouwwerker", True), ("vrijwilliger", True), ("partner", False)):
        dashboard = page(as_user(personas[role]).get(url("dashboard", team)))
        assert ("Log an activity" in dashboard) is shown, role
        assert (f'href="{url("agenda_create", team)}"' in dashboard) is shown, role
    volunteer = page(as_user(personas["vrijwilliger"]).get(url("dashboard", team)))
    assert "Write a logbook note" not in volunteer  # the logbook needs personal data
    assert "Write a logbook note" in page(
        as_user(personas["opbouwwerker"]).get(url("dashboard", team))
    )
