"""Residents and consent: the list (names or only counts), the form, the detail page with
consents and household visits, and who may see what. Personas come from conftest.py."""

import html
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Activity, Asset, Initiative, LeadershipStep
from buurtkompas.buurtwerk.services.activities import activity_create, activity_register
from buurtkompas.buurtwerk.services.assets import asset_create
from buurtkompas.buurtwerk.services.initiatives import initiative_create
from buurtkompas.buurtwerk.services.leadership import leadership_step_record
from buurtkompas.regions.models import Region
from buurtkompas.residents.models import NOTES_MAX, Consent, Contact, Method, Purpose
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.visits.models import HouseholdVisit
from buurtkompas.visits.services import visit_plan
from buurtkompas.workspaces.services import membership_change

NAME = "Zoë Qwertzuiop"
PAYLOAD = '<script>alert("x")</script>'
NO_VISIT_CONSENT = "There is no consent from this resident for a household visit."
# What a resident "with data in every module" has in the buurtwerk modules. The words in
# capitals are unusual on purpose: a full dump of the database is searched for them.
TALENT = ("Fietsen Quokkaplak", "Plakt banden bij Wombatnoot", "fietsen, Okapiwiel")
STEP_NOTE = "Wil het Zwerfkatje-feest mee organiseren"
INITIATIVE = "Tochtstrips voor de Tarwewijk"
ACTIVITY = "Energiecafé in het buurthuis"


@pytest.fixture
def as_user(client_as):
    """A logged-in client that reads the English UI, so texts compare with their msgids."""

    def login(user):
        client = client_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def url(name: str, team, *ids) -> str:
    return reverse(name, args=[team.pk, *ids])


def make_contact(team, actor, name: str = NAME, **fields) -> Contact:
    return contact_create(actor=actor, workspace=team, name=name, **fields)


def give_consent(contact, actor, purpose=Purpose.VISIT, partner_name: str = "") -> Consent:
    return consent_record(
        actor=actor,
        contact=contact,
        purpose=purpose,
        given_on=date.today(),
        method=Method.SPOKEN,
        partner_name=partner_name,
    )


def page(response) -> str:
    return html.unescape(response.content.decode())


def other_team(personas):
    return personas["outsider"].memberships.get().workspace


def tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


def resident_with_data_in_every_module(team, actor, name: str = NAME, **fields) -> Contact:
    """A resident with data in every module that holds data about residents, made through the
    real services: consents for contact, a visit, being listed as a volunteer; a planned visit;
    a talent on the asset map; a leadership step with a note; leading an initiative; and a
    registration for an activity."""
    contact = make_contact(team, actor, name=name, **fields)
    for purpose in (Purpose.CONTACT, Purpose.VISIT, Purpose.VOLUNTEER):
        give_consent(contact, actor, purpose)
    visit_plan(actor=actor, contact=contact, planned_for=date.today() + timedelta(days=3))
    title, description, skills = TALENT
    asset_create(
        actor=actor,
        workspace=team,
        kind=Asset.Kind.TALENT,
        title=title,
        description=description,
        skills=skills,
        contact=contact,
    )
    initiative = initiative_create(
        actor=actor, workspace=team, title=INITIATIVE, chain_stage="saving", leads=[contact]
    )
    leadership_step_record(
        actor=actor,
        workspace=team,
        contact=contact,
        rung=2,
        taken_on=date.today(),
        initiative=initiative,
        note=STEP_NOTE,
    )
    activity = activity_create(
        actor=actor,
        workspace=team,
        kind=Activity.Kind.ENERGY_CAFE,
        title=ACTIVITY,
        held_on=date.today() + timedelta(days=7),
    )
    activity_register(actor=actor, activity=activity, contact=contact)
    return Contact.objects.get(pk=contact.pk)


def test_it_records_a_resident_with_consent(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    form = client.get(url("residents:create", team))
    assert "Do not enter a BSN, date of birth or health data." in page(form)
    response = client.post(url("residents:create", team), {"name": NAME, "reach": "06-12345678"})
    contact = Contact.objects.get(workspace=team)
    assert response.status_code == 302
    assert response["Location"] == url("residents:detail", team, contact.pk)
    assert (contact.name, contact.reach, contact.created_by) == (
        NAME,
        "06-12345678",
        personas["opbouwwerker"],
    )
    consent = {"purpose": "visit", "given_on": date.today().isoformat(), "method": "paper"}
    response = client.post(url("residents:consent_record", team, contact.pk), consent)
    assert response.status_code == 302
    recorded = contact.consents.get()
    assert (recorded.purpose, recorded.method, recorded.recorded_by) == (
        "visit",
        "paper",
        personas["opbouwwerker"],
    )
    detail = page(client.get(url("residents:detail", team, contact.pk)))
    assert NAME in detail
    assert "a household visit" in detail and "on paper" in detail and "Opbouwwerker" in detail
    assert "Withdraw" in detail


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    too_long = "x" * (NOTES_MAX + 1)
    data = {"name": NAME, "reach": "via de buren", "notes": too_long}
    response = client.post(url("residents:create", team), data)
    assert response.status_code == 200
    text = page(response)
    assert "at most 500 characters" in text
    assert f'value="{NAME}"' in text and 'value="via de buren"' in text and too_long in text
    response = client.post(url("residents:create", team), {"name": "", "reach": "06"})
    assert "This field is required." in page(response)
    assert not Contact.objects.exists()


def test_it_offers_only_the_buurten_the_team_covers(personas, team, as_user):
    def region(code, level, name, parent=None):
        return Region.objects.create(
            code=code, year=2099, level=level, name=name, parent=parent, gemeente_code="GM9999"
        )

    wijk = region("WK999901", "wijk", "Testwijk")
    inside = [region(f"BU9999010{i}", "buurt", f"Binnen {i}", wijk) for i in (1, 2)]
    own = region("BU99990201", "buurt", "Eigen buurt")
    elsewhere = region("BU99990301", "buurt", "Elders")
    team.regions.set([wijk, own])
    client = as_user(personas["coordinator"])
    text = page(client.get(url("residents:create", team)))
    for buurt in [*inside, own]:
        assert f'<option value="{buurt.pk}">{buurt.name}</option>' in text
    assert f'<option value="{elsewhere.pk}"' not in text
    refused = client.post(url("residents:create", team), {"name": NAME, "buurt": elsewhere.pk})
    assert refused.status_code == 200 and not Contact.objects.exists()
    client.post(url("residents:create", team), {"name": NAME, "buurt": inside[0].pk})
    assert Contact.objects.get().buurt == inside[0]


def test_it_changes_a_resident(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    client = as_user(personas["vrijwilliger"])
    assert client.get(url("residents:edit", team, contact.pk)).status_code == 403
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("residents:edit", team, contact.pk)))
    assert f'value="{NAME}"' in form
    data = {"name": NAME, "reach": "", "notes": "Wants to join the repair café."}
    response = client.post(url("residents:edit", team, contact.pk), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.notes == "Wants to join the repair café."
    event = AuditEvent.objects.filter(action="residents.contact.changed").get()
    assert event.data == {"fields": ["notes"]}


def test_it_refuses_a_visit_without_visit_consent_and_creates_nothing(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    give_consent(contact, personas["coordinator"], Purpose.CONTACT)
    client = as_user(personas["opbouwwerker"])
    response = client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()})
    assert response.status_code == 200
    assert NO_VISIT_CONSENT in page(response)
    assert not HouseholdVisit.objects.exists()
    assert not AuditEvent.objects.filter(action="visits.visit.planned").exists()


def test_it_plans_a_visit_with_visit_consent(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    give_consent(contact, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    response = client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()})
    assert response.status_code == 302
    visit = HouseholdVisit.objects.get()
    assert (visit.contact, visit.workspace, visit.created_by) == (
        contact,
        team,
        personas["opbouwwerker"],
    )
    detail = page(client.get(url("residents:detail", team, contact.pk)))
    assert "The household visit was planned." in detail
    assert "· planned</li>" in detail
    past = client.post(url("visits:plan", team, contact.pk), {"planned_for": "2001-01-01"})
    assert "Choose today or a later date." in page(past)
    assert HouseholdVisit.objects.count() == 1


def test_it_refuses_visits_again_after_the_consent_is_withdrawn(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    consent = give_consent(contact, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    assert (
        client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()}).status_code
        == 302
    )
    response = client.post(url("residents:consent_withdraw", team, contact.pk, consent.pk))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == personas["opbouwwerker"]
    response = client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()})
    assert NO_VISIT_CONSENT in page(response)
    assert HouseholdVisit.objects.count() == 1
    again = client.post(
        url("residents:consent_withdraw", team, contact.pk, consent.pk), follow=True
    )
    assert "This consent was already withdrawn." in page(again)


def test_it_asks_the_partner_name_for_a_sharing_consent(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    data = {"purpose": "share", "given_on": date.today().isoformat(), "method": "digital"}
    response = client.post(url("residents:consent_record", team, contact.pk), data)
    assert "Name the partner the resident agreed to share with." in page(response)
    assert not Consent.objects.exists()
    data["partner_name"] = "Woonstichting De Zaak"
    assert client.post(url("residents:consent_record", team, contact.pk), data).status_code == 302
    assert Consent.objects.get().partner_name == "Woonstichting De Zaak"


@pytest.mark.parametrize("role", ["coordinator", "opbouwwerker"])
def test_it_lists_names_for_members_who_may_see_personal_data(personas, team, as_user, role):
    contact = make_contact(team, personas["coordinator"])
    give_consent(contact, personas["coordinator"])
    text = page(as_user(personas[role]).get(url("residents:list", team)))
    assert NAME in text
    assert '<span class="badge">a household visit</span>' in text


def test_it_shows_a_partner_only_counts_and_never_a_name(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"], reach="06-99999999")
    give_consent(contact, personas["coordinator"])
    client = as_user(personas["partner"])
    response = client.get(url("residents:list", team))
    text = page(response)
    assert response.status_code == 200
    assert NAME not in text and "06-99999999" not in text
    assert "You see numbers only" in text
    assert "Residents with an active consent" in text
    searched = page(client.post(url("residents:list", team), {"q": "Zo"}))
    assert NAME not in searched
    for name in ("residents:detail", "residents:edit", "residents:export_json", "residents:erase"):
        assert client.get(url(name, team, contact.pk)).status_code == 403
    assert (
        client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()}).status_code
        == 403
    )
    assert client.get(url("residents:create", team)).status_code == 403


def test_it_shows_a_volunteer_names_only_with_the_grant(personas, team, as_user):
    make_contact(team, personas["coordinator"])
    contact = Contact.objects.get()
    client = as_user(personas["vrijwilliger"])
    assert NAME not in page(client.get(url("residents:list", team)))
    assert client.get(url("residents:detail", team, contact.pk)).status_code == 403
    membership = team.memberships.get(user=personas["vrijwilliger"])
    membership_change(
        actor=personas["coordinator"],
        membership=membership,
        role="vrijwilliger",
        sees_personal_data=True,
    )
    assert NAME in page(client.get(url("residents:list", team)))
    assert NAME in page(client.get(url("residents:detail", team, contact.pk)))
    # Exporting and erasing stay with the coordinator.
    assert client.get(url("residents:export_json", team, contact.pk)).status_code == 403
    assert client.post(url("residents:erase", team, contact.pk)).status_code == 403


def test_it_hides_the_team_from_outsiders(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"])
    client = as_user(personas["outsider"])
    assert client.get(url("residents:list", team)).status_code == 404
    assert client.get(url("residents:detail", team, contact.pk)).status_code == 404
    assert as_user(None).get(url("residents:list", team)).status_code == 302


def test_it_gives_404_for_ids_from_another_team_and_changes_nothing(personas, team, as_user):
    theirs = make_contact(other_team(personas), personas["outsider"], name="Ander Persoon")
    their_consent = give_consent(theirs, personas["outsider"])
    mine = make_contact(team, personas["coordinator"])
    client = as_user(personas["coordinator"])
    for name in (
        "residents:detail",
        "residents:edit",
        "residents:export_json",
        "residents:export_pdf",
        "residents:erase",
    ):
        assert client.get(url(name, team, theirs.pk)).status_code == 404, name
    posts = [
        (url("residents:edit", team, theirs.pk), {"name": "Overwritten"}),
        (url("residents:erase", team, theirs.pk), {}),
        (
            url("residents:consent_record", team, theirs.pk),
            {"purpose": "photo", "given_on": "2024-01-01", "method": "spoken"},
        ),
        (url("residents:consent_withdraw", team, theirs.pk, their_consent.pk), {}),
        (url("residents:consent_withdraw", team, mine.pk, their_consent.pk), {}),
        (url("visits:plan", team, theirs.pk), {"planned_for": tomorrow()}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    theirs.refresh_from_db()
    their_consent.refresh_from_db()
    assert theirs.name == "Ander Persoon" and theirs.anonymised_at is None
    assert their_consent.withdrawn_at is None
    assert theirs.consents.count() == 1 and not HouseholdVisit.objects.exists()
    by_me = AuditEvent.objects.filter(actor=personas["coordinator"])
    assert not by_me.filter(object_type="residents.contact", object_id=str(theirs.pk)).exists()
    assert not by_me.filter(object_type="residents.consent").exists()


def test_it_escapes_script_payloads_on_the_list_and_detail_pages(personas, team, as_user):
    contact = make_contact(
        team, personas["coordinator"], name=PAYLOAD, reach=PAYLOAD, notes=PAYLOAD
    )
    give_consent(contact, personas["coordinator"], Purpose.SHARE, partner_name=PAYLOAD)
    client = as_user(personas["coordinator"])
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    listing = client.get(url("residents:list", team)).content.decode()
    detail = client.get(url("residents:detail", team, contact.pk)).content.decode()
    assert PAYLOAD not in listing and escaped in listing
    assert PAYLOAD not in detail and detail.count(escaped) == 4
    assert "<script>" not in detail.split("</head>", 1)[1]


def test_it_searches_with_a_post_so_no_name_lands_in_a_url(personas, team, as_user):
    make_contact(team, personas["coordinator"])
    make_contact(team, personas["coordinator"], name="Bram de Vries")
    client = as_user(personas["coordinator"])
    response = client.post(url("residents:list", team), {"q": "qwertz"})
    text = page(response)
    assert NAME in text and "Bram de Vries" not in text
    assert "1 resident found." in text
    assert 'method="post"' in text and 'name="q"' in text
    listing = page(client.get(url("residents:list", team)))
    assert NAME in listing and "Bram de Vries" in listing


def test_it_shows_the_sections_of_other_modules_on_a_residents_page(personas, team, as_user):
    contact = resident_with_data_in_every_module(team, personas["coordinator"])
    client = as_user(personas["opbouwwerker"])
    detail = page(client.get(url("residents:detail", team, contact.pk)))
    assert detail.index('id="consents"') < detail.index('id="visits"')
    assert "Household visits" in detail and "· planned</li>" in detail
    assert 'action="{}#visits"'.format(url("visits:plan", team, contact.pk)) in detail
    assert "A household visit can only be planned when" not in detail


def test_it_cancels_planned_visits_when_the_visit_consent_is_withdrawn(personas, team, as_user):
    coordinator = personas["coordinator"]
    contact = resident_with_data_in_every_module(team, coordinator)
    past = HouseholdVisit.objects.create(
        workspace=team, contact=contact, planned_for=date(2020, 1, 1), created_by=coordinator
    )
    client = as_user(personas["opbouwwerker"])
    for purpose in (Purpose.CONTACT, Purpose.VOLUNTEER):  # not the visit: nothing happens
        consent = contact.consents.get(purpose=purpose)
        client.post(url("residents:consent_withdraw", team, contact.pk, consent.pk))
    assert [v.status for v in contact.visits.exclude(pk=past.pk)] == ["planned"]
    consent = contact.consents.get(purpose=Purpose.VISIT)
    response = client.post(url("residents:consent_withdraw", team, contact.pk, consent.pk))
    assert response.status_code == 302
    assert [v.status for v in contact.visits.exclude(pk=past.pk)] == ["cancelled"]
    past.refresh_from_db()
    assert past.status == "planned"  # a visit in the past is not cancelled afterwards
    cancelled = AuditEvent.objects.get(action="visits.visit.cancelled")
    assert (cancelled.actor, cancelled.data) == (
        personas["opbouwwerker"],
        {"reason": "visit consent withdrawn"},
    )
    detail = page(client.get(url("residents:detail", team, contact.pk)))
    assert "· cancelled</li>" in detail
    assert "A household visit can only be planned when" in detail
    # The other modules keep their data: withdrawing consent is not erasure.
    assert Asset.objects.filter(contact=contact).exists()
    assert LeadershipStep.objects.get(contact=contact).note == STEP_NOTE
    assert Initiative.objects.filter(leads=contact).exists()
    assert Activity.objects.filter(registered=contact).exists()
