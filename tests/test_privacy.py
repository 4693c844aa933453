"""Privacy by design: the resident's rights (export, erasure), the retention rule, the audit
trail without names, and no name in URLs, flash messages or the database after erasure."""

import json
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Activity, Asset, Initiative, LeadershipStep, LogEntry
from buurtkompas.buurtwerk.services.logbook import log_entry_create
from buurtkompas.core.pdf import FONT_DIR, FONT_FILES
from buurtkompas.residents import registry
from buurtkompas.residents.models import Contact, Purpose
from buurtkompas.residents.pdf import contact_pdf
from buurtkompas.residents.redaction import MARKER
from buurtkompas.visits.services import visit_plan
from tests.helpers import pdf_text
from tests.test_residents import (
    ACTIVITY,
    INITIATIVE,
    NAME,
    STEP_NOTE,
    TALENT,
    give_consent,
    make_contact,
    other_team,
    page,
    resident_with_data_in_every_module,
    tomorrow,
    url,
)

REACH = "06-31415926 via buurvrouw Xanthippe"
NOTES = "Wil graag meedoen met het Klusteam Ypsilon."
PARTNER = "Stichting Vuurvliegje"
DOCS = Path(settings.BASE_DIR) / "docs" / "privacy.md"


@pytest.fixture
def as_user(client_as):
    """A logged-in client that reads the English UI, so texts compare with their msgids."""

    def login(user):
        client = client_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def resident(personas, team):
    """A resident with data in every module: reach, notes, consents (one to share with a
    partner), planned visits, a talent, a leadership step with a note, an initiative they
    lead and an activity they are registered for. The team's logbook mentions them by name."""
    coordinator = personas["coordinator"]
    contact = resident_with_data_in_every_module(team, coordinator, reach=REACH, notes=NOTES)
    give_consent(contact, coordinator, Purpose.SHARE, partner_name=PARTNER)
    visit_plan(actor=coordinator, contact=contact, planned_for=timezone.localdate())
    log_entry_create(
        actor=coordinator,
        workspace=team,
        written_on=timezone.localdate(),
        title="Koffie met zoe qwertzuiop",  # typed without the diacritic
        text=f"Gesproken met {NAME} over tocht. {NAME.upper()} wil een klusteam.",
    )
    return Contact.objects.get(pk=contact.pk)


def traces(text: str) -> list[str]:
    """Which of the resident's data occur in `text` (the ASCII part of the name too, for
    JSON that escapes "ë", and in any case)."""
    markers = (NAME, "Qwertzuiop", "31415926", "Xanthippe", "Ypsilon", "Vuurvliegje")
    markers += ("Quokkaplak", "Wombatnoot", "Okapiwiel", "Zwerfkatje")  # buurtwerk data
    return [marker for marker in markers if marker.lower() in text.lower()]


def section_titles() -> list[str]:
    """The title of every registered personal-data module, in English."""
    with translation.override("en"):
        return [str(module.title) for module in registry.modules()]


def tables_holding_traces() -> dict[str, list[str]]:
    """A full dump of every table, the same way on SQLite and PostgreSQL."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            while rows := cursor.fetchmany(2000):
                hits = traces(repr(rows))
                if hits:
                    found.setdefault(table, []).extend(hits)
    return found


def test_it_exports_everything_as_json(personas, team, as_user, resident):
    response = as_user(personas["coordinator"]).get(url("residents:export_json", team, resident.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="bewoner-{resident.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["contact"]["name"], data["contact"]["reach"], data["contact"]["notes"]) == (
        NAME,
        REACH,
        NOTES,
    )
    assert data["workspace"]["controller"] == "Welzijn Zuid"
    assert {c["purpose"] for c in data["consents"]} == {"visit", "share", "contact", "volunteer"}
    assert PARTNER in [c["partner"] for c in data["consents"]]
    assert [v["status"] for v in data["visits"]] == ["planned", "planned"]
    assert "residents.contact.created" in [e["action"] for e in data["history"]]
    # One section per registered module, under its key; the buurtwerk data too.
    assert set(data) == {"workspace", *(module.key for module in registry.modules())}
    assert {"contact", "consents", "history", "visits", "buurtwerk"} <= set(data)
    title, description, skills = TALENT
    assert data["buurtwerk"] == {
        "talents": [{"title": title, "description": description, "skills": skills}],
        "leadership_steps": [
            {"rung": 2, "taken_on": timezone.localdate().isoformat(), "note": STEP_NOTE}
        ],
        "initiatives_led": [INITIATIVE],
        "activities_registered": [
            {"title": ACTIVITY, "held_on": (timezone.localdate() + timedelta(7)).isoformat()}
        ],
    }


def test_it_exports_a_readable_pdf(personas, team, as_user, resident):
    response = as_user(personas["coordinator"]).get(url("residents:export_pdf", team, resident.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bewoner-{resident.pk}.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) > 0
    text = pdf_text(pdf)
    assert "Data held about a resident" in text
    if (FONT_DIR / FONT_FILES[""]).exists():  # CI installs fonts-dejavu-core
        assert NAME in text
    else:  # a core font: latin-1 only
        assert NAME in text or "Qwertzuiop" in text
    assert REACH in text and NOTES in text and PARTNER in text
    assert "a household visit" in text and "planned" in text and "recorded" in text
    # Every section of the JSON is in the PDF, the buurtwerk data too.
    for title in section_titles():
        assert title in text, title
    for item in (*TALENT, STEP_NOTE, INITIATIVE, ACTIVITY, "helper"):
        assert item in text, item


def test_it_falls_back_to_a_core_font_without_dejavu(tmp_path):
    data = {
        "contact": {
            "id": 7,
            "name": "Zoë Ŋgwenya 李",
            "reach": "",
            "buurt": "",
            "notes": "",
            "created_at": "2025-01-02T10:00:00+00:00",
            "last_activity_at": "2025-01-02T10:00:00+00:00",
        },
        "workspace": {"name": "Team", "controller": "Welzijn Zuid"},
        "consents": [],
        "visits": [],
        "history": [],
    }
    pdf = contact_pdf(data, font_dir=tmp_path)
    assert pdf.startswith(b"%PDF") and b"/FontFile" not in pdf
    assert "Zoë ?gwenya ?" in pdf_text(pdf)


def test_it_leaves_export_and_erasure_to_the_coordinator(personas, team, as_user, resident):
    client = as_user(personas["opbouwwerker"])
    for name in ("residents:export_json", "residents:export_pdf", "residents:erase"):
        assert client.get(url(name, team, resident.pk)).status_code == 403
    assert client.post(url("residents:erase", team, resident.pk)).status_code == 403
    detail = url("residents:detail", team, resident.pk)
    assert "The resident's rights" not in page(client.get(detail))
    assert "The resident's rights" in page(as_user(personas["coordinator"]).get(detail))


def test_it_erases_a_resident_without_a_trace_of_their_data_and_keeps_the_counts(
    personas, team, as_user, resident
):
    client = as_user(personas["coordinator"])
    client.get(url("residents:detail", team, resident.pk))
    client.get(url("residents:export_pdf", team, resident.pk))
    assert "Qwertzuiop" in repr(tables_holding_traces())
    confirm = page(client.get(url("residents:erase", team, resident.pk)))
    assert "This cannot be undone." in confirm and "The counts stay" in confirm
    contacts_before = Contact.objects.count()
    response = client.post(url("residents:erase", team, resident.pk))
    assert response.status_code == 302
    assert response["Location"] == url("residents:list", team)
    assert tables_holding_traces() == {}
    assert Contact.objects.count() == contacts_before
    assert resident.visits.count() == 2 and resident.consents.count() == 4
    # The modules erased their part and kept what counts, without the person.
    assert not Asset.objects.filter(contact=resident).exists()
    assert not Initiative.objects.filter(leads=resident).exists()
    assert not Activity.objects.filter(registered=resident).exists()
    assert Initiative.objects.filter(title=INITIATIVE).exists()
    assert Activity.objects.filter(title=ACTIVITY).exists()
    assert LeadershipStep.objects.get(contact=resident).note == ""
    entry = LogEntry.objects.get(workspace=team)
    assert entry.title == f"Koffie met {MARKER}"
    assert entry.text == f"Gesproken met {MARKER} over tocht. {MARKER} wil een klusteam."
    listing = page(client.get(url("residents:list", team)))
    assert f"#{resident.pk}" in listing and "anonymised" in listing
    for name in ("residents:detail", "residents:edit", "residents:export_json", "residents:erase"):
        assert client.get(url(name, team, resident.pk)).status_code == 404
    partner_view = page(as_user(personas["partner"]).get(url("residents:list", team)))
    assert "<strong>1</strong> residents recorded" in partner_view


def test_it_audits_every_view_export_and_erasure_without_the_name(
    personas, team, as_user, resident
):
    client = as_user(personas["coordinator"])
    steps = [
        ("residents:detail", "residents.contact.viewed"),
        ("residents:export_json", "residents.contact.exported"),
        ("residents:export_pdf", "residents.contact.exported"),
        ("residents:erase", "residents.contact.viewed"),  # the confirmation shows the name
    ]
    for name, action in steps:
        before = AuditEvent.objects.count()
        client.get(url(name, team, resident.pk))
        event = AuditEvent.objects.first()
        assert AuditEvent.objects.count() == before + 1
        assert (event.action, event.actor, event.workspace) == (
            action,
            personas["coordinator"],
            team,
        )
        assert (event.object_type, event.object_id) == ("residents.contact", str(resident.pk))
    client.post(url("residents:erase", team, resident.pk))
    assert AuditEvent.objects.first().action == "residents.contact.erased"
    assert traces(repr(list(AuditEvent.objects.values()))) == []


def test_it_never_puts_a_name_in_a_url_or_a_flash_message(personas, team, as_user):
    client = as_user(personas["coordinator"])
    created = client.post(url("residents:create", team), {"name": NAME})
    contact = Contact.objects.get()
    consent = {"purpose": "visit", "given_on": timezone.localdate().isoformat(), "method": "spoken"}
    responses = [
        created,
        client.post(url("residents:edit", team, contact.pk), {"name": NAME, "notes": NOTES}),
        client.post(url("residents:consent_record", team, contact.pk), consent),
        client.post(url("visits:plan", team, contact.pk), {"planned_for": tomorrow()}),
        client.post(url("residents:consent_withdraw", team, contact.pk, contact.consents.get().pk)),
        client.post(url("residents:erase", team, contact.pk)),
    ]
    for response in responses:
        assert response.status_code == 302
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages and traces(response["Location"] + " ".join(messages)) == []
    assert traces(repr(client.cookies)) == []


def test_it_anonymises_only_stale_contacts_and_reports_per_team(personas, team):
    coordinator, outsider = personas["coordinator"], personas["outsider"]
    stale = make_contact(team, coordinator, reach=REACH)
    fresh = make_contact(team, coordinator, name="Nog Actief")
    elsewhere = make_contact(other_team(personas), outsider, name="Ook Oud")
    long_ago = timezone.now() - timedelta(days=25 * 31)
    Contact.objects.filter(pk__in=[stale.pk, elsewhere.pk]).update(last_activity_at=long_ago)
    out = StringIO()
    call_command("retention", stdout=out)
    assert out.getvalue().splitlines() == [
        "Ander team: 1 contact anonymised (no activity for 24 months)",
        "Energieteam Tarwewijk: 1 contact anonymised (no activity for 24 months)",
    ]
    stale.refresh_from_db(), fresh.refresh_from_db(), elsewhere.refresh_from_db()
    assert (stale.name, stale.reach, elsewhere.name) == ("", "", "")
    assert stale.anonymised_at and elsewhere.anonymised_at
    assert fresh.name == "Nog Actief" and fresh.anonymised_at is None
    events = AuditEvent.objects.filter(action="residents.contact.anonymised")
    assert sorted(e.object_id for e in events) == sorted([str(stale.pk), str(elsewhere.pk)])
    again = StringIO()
    call_command("retention", stdout=again)
    assert again.getvalue() == "No contacts without activity for 24 months: nothing anonymised.\n"
    assert events.count() == 2


def test_it_changes_nothing_in_a_dry_run(personas, team):
    stale = make_contact(team, personas["coordinator"])
    Contact.objects.filter(pk=stale.pk).update(
        last_activity_at=timezone.now() - timedelta(days=100)
    )
    out = StringIO()
    call_command("retention", "--months", "3", "--dry-run", stdout=out)
    assert out.getvalue() == (
        "Energieteam Tarwewijk: 1 contact would be anonymised (no activity for 3 months)\n"
    )
    stale.refresh_from_db()
    assert stale.name == NAME and stale.anonymised_at is None
    assert not AuditEvent.objects.filter(action="residents.contact.anonymised").exists()
    quiet = StringIO()
    call_command("retention", "--months", "4", "--verbosity", "0", stdout=quiet)
    assert quiet.getvalue() == ""
    with pytest.raises(CommandError):
        call_command("retention", "--months", "0")


def test_it_documents_the_privacy_design_for_a_privacy_officer():
    text = DOCS.read_text(encoding="utf-8")
    for term in (
        "verwerkingsverantwoordelijke",
        "24 months",
        "RETENTION_MONTHS",
        "BSN",
        "argon2",
        "audit",
        "partner",
        "erasure",
    ):
        assert term.lower() in text.lower(), term


def test_it_shows_and_audits_how_often_the_name_is_redacted_but_never_the_texts(
    personas, team, as_user, resident
):
    coordinator = personas["coordinator"]
    neighbour = make_contact(team, coordinator, name="Bram de Vries", notes=f"Buurman van {NAME}.")
    elsewhere = make_contact(other_team(personas), personas["outsider"], notes=f"Ook {NAME}.")
    client = as_user(coordinator)
    confirm = page(client.get(url("residents:erase", team, resident.pk)))
    assert "The name appears 4 times in the team's texts" in confirm
    assert "Personal data: 1 (residents: 1)" in confirm
    assert "Neighbourhood work: 3 (log entries: 3)" in confirm
    assert "Buurman van" not in confirm and "klusteam" not in confirm  # counts, not texts
    client.post(url("residents:erase", team, resident.pk))
    neighbour.refresh_from_db(), elsewhere.refresh_from_db()
    assert neighbour.notes == f"Buurman van {MARKER}."
    assert elsewhere.notes == f"Ook {NAME}."  # another team's texts are theirs
    erased = AuditEvent.objects.get(action="residents.contact.erased")
    assert erased.data == {"name_redacted": 4, "redacted_in": ["contact: 1", "buurtwerk: 3"]}


@pytest.mark.parametrize(("name", "reason"), [("Bo", "too_short"), ("Oma", "common_word")])
def test_it_does_not_search_a_name_that_is_too_short_or_common_and_says_so(
    personas, team, as_user, name, reason
):
    coordinator = personas["coordinator"]
    contact = make_contact(team, coordinator, name=name)
    text = f"{name} kwam langs; {name.lower()} wil meedoen. Bob en Omar ook."
    entry = log_entry_create(
        actor=coordinator, workspace=team, written_on=timezone.localdate(), title="Ro", text=text
    )
    client = as_user(coordinator)
    confirm = page(client.get(url("residents:erase", team, contact.pk)))
    assert "This name is too short or too common to look for safely" in confirm
    assert client.post(url("residents:erase", team, contact.pk)).status_code == 302
    entry.refresh_from_db()
    assert entry.text == text
    erased = AuditEvent.objects.get(action="residents.contact.erased")
    assert erased.data == {"name_not_redacted": reason}


def test_it_says_when_the_name_is_not_in_the_teams_texts(personas, team, as_user):
    contact = make_contact(team, personas["coordinator"], notes=f"{NAME} zelf")
    client = as_user(personas["coordinator"])
    confirm = page(client.get(url("residents:erase", team, contact.pk)))
    assert "The name does not appear in the team's other texts" in confirm
    client.post(url("residents:erase", team, contact.pk))
    assert AuditEvent.objects.get(action="residents.contact.erased").data == {"name_redacted": 0}


def test_it_redacts_the_name_when_the_retention_rule_anonymises(personas, team, resident):
    Contact.objects.filter(pk=resident.pk).update(
        last_activity_at=timezone.now() - timedelta(days=25 * 31)
    )
    call_command("retention", stdout=StringIO())
    assert tables_holding_traces() == {}
    event = AuditEvent.objects.get(action="residents.contact.anonymised")
    assert event.data == {
        "rule": "no activity for 24 months",
        "name_redacted": 3,
        "redacted_in": ["buurtwerk: 3"],
    }


@pytest.fixture
def notebook():
    """A module registered only for this test: its export must reach both formats."""
    module = registry.register(
        registry.PersonalData(
            key="notebook",
            title="Notebook of the test module",
            export=lambda contact: {"pages": 3, "colour": "Okapigroen", "tags": ["a", "b"]},
            erase=lambda contact: None,
        )
    )
    yield module
    registry.unregister(module.key)


def test_it_renders_a_registered_modules_export_as_a_section_of_both_formats(
    personas, team, as_user, resident, notebook
):
    client = as_user(personas["coordinator"])
    data = json.loads(client.get(url("residents:export_json", team, resident.pk)).content)
    assert data["notebook"] == {"pages": 3, "colour": "Okapigroen", "tags": ["a", "b"]}
    text = pdf_text(client.get(url("residents:export_pdf", team, resident.pk)).content)
    assert "Notebook of the test module" in text
    assert "pages: 3" in text and "colour: Okapigroen" in text and "tags: a, b" in text
    history, notebook_at = text.index("History"), text.index("Notebook of the test module")
    assert text.index("Neighbourhood work") < notebook_at < history  # by order, history last
