"""Privacy by design: the resident's rights (export, erasure), the retention rule, the audit
trail without names, and no name in URLs, flash messages or the database after erasure."""

import json
import re
import zlib
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from buurtkompas.audit.models import AuditEvent
from buurtkompas.residents.models import Contact, Purpose
from buurtkompas.residents.pdf import FONT_DIR, FONT_FILES, contact_pdf
from buurtkompas.visits.services import visit_plan
from tests.test_residents import (
    NAME,
    give_consent,
    make_contact,
    other_team,
    page,
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
    """A resident with every kind of data: reach, notes, two consents and a planned visit."""
    coordinator = personas["coordinator"]
    contact = make_contact(team, coordinator, reach=REACH, notes=NOTES)
    give_consent(contact, coordinator, Purpose.VISIT)
    give_consent(contact, coordinator, Purpose.SHARE, partner_name=PARTNER)
    visit_plan(actor=coordinator, contact=contact, planned_for=timezone.localdate())
    return Contact.objects.get(pk=contact.pk)


def traces(text: str) -> list[str]:
    """Which of the resident's data occur in `text` (the ASCII part of the name too, for
    JSON that escapes "ë")."""
    markers = (NAME, "Qwertzuiop", "31415926", "Xanthippe", "Ypsilon", "Vuurvliegje")
    return [marker for marker in markers if marker in text]


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


def pdf_text(pdf: bytes) -> str:
    """The text shown in an fpdf2 PDF: literal strings of its content streams, read as
    latin-1 (core font) and through each embedded font's ToUnicode map (2-byte glyph ids)."""
    streams = []
    # Cut each stream by its /Length: a compressed stream may itself end in a CR byte.
    for match in re.finditer(rb"/Length (\d+)\b[^>]*>>\s*stream\r?\n", pdf):
        raw = pdf[match.end() : match.end() + int(match.group(1))]
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    maps = [
        {int(src, 16): chr(int(dst, 16)) for src, dst in re.findall(rb"<(\w{4})> <(\w{4})>", s)}
        for s in streams
        if b"beginbfchar" in s
    ]
    unescape = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"(": b"(", b")": b")", b"\\": b"\\"}
    texts = []
    for stream in streams:
        for literal in re.findall(rb"\((.*?)(?<!\\)\) Tj", stream, re.S):
            data = re.sub(rb"\\([nrt()\\])", lambda m: unescape[m.group(1)], literal)
            texts.append(data.decode("latin-1"))
            glyphs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
            texts += ["".join(cmap.get(g, "\ufffd") for g in glyphs) for cmap in maps]
    return "\n".join(texts)


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
    assert {c["purpose"] for c in data["consents"]} == {"visit", "share"}
    assert PARTNER in [c["partner"] for c in data["consents"]]
    assert [v["status"] for v in data["visits"]] == ["planned"]
    assert "residents.contact.created" in [e["action"] for e in data["history"]]


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
    assert resident.visits.count() == 1 and resident.consents.count() == 2
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
