"""The audit log of a team: who did what to which object, and when; never personal data."""

import ast
import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.audit.services import log_action
from buurtkompas.residents.services import contact_create, contact_update, contact_view
from buurtkompas.workspaces.models import Membership

pytestmark = pytest.mark.django_db

RESIDENT = "Mevrouw Geheim-Jansen"


def audit_url(team, name="list"):
    return reverse(f"audit:{name}", args=[team.pk])


def rows(response) -> list[dict]:
    return response.context["rows"]


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def activity(personas, team, client_as):
    """A morning's work in the team, done through the pages and services."""
    coordinator, worker = personas["coordinator"], personas["opbouwwerker"]
    client = client_as(coordinator)
    client.post(
        reverse("workspaces:invite", args=[team.pk]),
        {"email": "nieuw@example.org", "role": "opbouwwerker"},
    )
    volunteer = Membership.objects.get(workspace=team, user=personas["vrijwilliger"])
    client.post(
        reverse("workspaces:member", args=[team.pk, volunteer.pk]),
        {"role": "vrijwilliger", "sees_personal_data": "on"},
    )
    contact = contact_create(
        actor=worker, workspace=team, name=RESIDENT, reach="06-12345678", notes="Tochtige ramen"
    )
    contact_update(actor=worker, contact=contact, name=RESIDENT + " (Annie)")
    contact_view(actor=worker, workspace=team, contact_id=contact.pk)
    return contact


def test_it_shows_each_action_with_actor_and_never_a_residents_name(
    activity, personas, team, client_as
):
    response = client_as(personas["coordinator"]).get(audit_url(team))
    assert response.status_code == 200
    shown = {(row["code"], row["actor"]) for row in rows(response)}
    assert shown >= {
        ("workspaces.workspace.created", "Coordinator"),
        ("workspaces.invitation.created", "Coordinator"),
        ("workspaces.membership.changed", "Coordinator"),
        ("residents.contact.created", "Opbouwwerker"),
        ("residents.contact.changed", "Opbouwwerker"),
        ("residents.contact.viewed", "Opbouwwerker"),
    }
    viewed = next(r for r in rows(response) if r["code"] == "residents.contact.viewed")
    assert viewed["object_id"] == str(activity.pk) and viewed["object"]
    html = response.content.decode()
    for secret in ("Geheim", "Annie", "06-12345678", "Tochtige", "nieuw@example.org"):
        assert secret not in html
    export = client_as(personas["coordinator"]).get(audit_url(team, "export"))
    text = str(csv_rows(export))
    for secret in ("Geheim", "Annie", "06-12345678", "Tochtige", "nieuw@example.org"):
        assert secret not in text


def test_it_shows_only_the_teams_own_events(activity, personas, team, client_as):
    elsewhere = personas["outsider"].memberships.get().workspace
    log_action(actor=personas["outsider"], workspace=elsewhere, action="test.elsewhere")
    response = client_as(personas["coordinator"]).get(audit_url(team))
    assert "test.elsewhere" not in {row["code"] for row in rows(response)}
    own = AuditEvent.objects.filter(workspace=team).count()
    assert response.context["page"].paginator.count == own
    assert personas["outsider"] not in response.context["form"].fields["actor"].queryset


def test_it_filters_by_action_and_member(activity, personas, team, client_as):
    client = client_as(personas["coordinator"])
    by_action = client.get(audit_url(team), {"action": "residents.contact.viewed"})
    assert [row["code"] for row in rows(by_action)] == ["residents.contact.viewed"]
    worker = personas["opbouwwerker"]
    by_member = client.get(audit_url(team), {"actor": worker.pk})
    assert {row["actor"] for row in rows(by_member)} == {"Opbouwwerker"}
    assert len(rows(by_member)) == 3


def test_it_filters_by_date_range(activity, personas, team, client_as):
    events = AuditEvent.objects.filter(workspace=team).order_by("id")
    here = timezone.get_current_timezone()
    moments = [datetime(2025, 3, day, 12, tzinfo=here) for day in (1, 2, 3)]
    for event, at in zip(events, moments, strict=False):
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
    client = client_as(personas["coordinator"])
    response = client.get(audit_url(team), {"date_from": "2025-03-02", "date_to": "2025-03-03"})
    assert [row["at"].day for row in rows(response)] == [3, 2]
    only_first = client.get(audit_url(team), {"date_to": "2025-03-01"})
    assert [row["at"].day for row in rows(only_first)] == [1]


def test_it_refuses_a_date_range_that_ends_before_it_starts(activity, personas, team, client_as):
    client = client_as(personas["coordinator"])
    bad = {"date_from": "2025-03-05", "date_to": "2025-03-01"}
    response = client.get(audit_url(team), bad)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    export = client.get(audit_url(team, "export"), bad)
    assert export.status_code == 302
    assert export["Location"].startswith(audit_url(team) + "?")


def test_it_refuses_a_member_of_another_team_as_filter(activity, personas, team, client_as):
    response = client_as(personas["coordinator"]).get(
        audit_url(team), {"actor": personas["outsider"].pk}
    )
    assert response.context["form"].errors["actor"]


def test_it_exports_the_filtered_log_as_csv(activity, personas, team, client_as):
    client = client_as(personas["coordinator"])
    response = client.get(
        audit_url(team, "export"), {"actor": personas["opbouwwerker"].pk, "headers": "codes"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    exported = csv_rows(response)
    assert [row["action"] for row in exported] == [
        "residents.contact.viewed",
        "residents.contact.changed",
        "residents.contact.created",
    ]
    assert {row["actor"] for row in exported} == {"Opbouwwerker"}
    assert {row["object_type"] for row in exported} == {"residents.contact"}
    assert {row["object_id"] for row in exported} == {str(activity.pk)}
    everything = csv_rows(client.get(audit_url(team, "export"), {"headers": "codes"}))
    assert len(everything) == AuditEvent.objects.filter(workspace=team).count()


def test_the_export_keeps_spreadsheets_from_running_formulas(personas, team, client_as):
    worker = personas["opbouwwerker"]
    worker.name = '=HYPERLINK("http://evil.example")'
    worker.save()
    log_action(actor=worker, workspace=team, action="test.action")
    client = client_as(personas["coordinator"])
    exported = csv_rows(client.get(audit_url(team, "export"), {"headers": "codes"}))
    assert exported[0]["actor"].startswith("'=")


def test_it_pages_through_a_long_log(personas, team, client_as):
    for n in range(60):
        log_action(actor=personas["coordinator"], workspace=team, action=f"test.step{n:02d}")
    client = client_as(personas["coordinator"])
    first = client.get(audit_url(team))
    assert len(rows(first)) == 50 and rows(first)[0]["code"] == "test.step59"
    second = client.get(audit_url(team), {"pagina": 2})
    assert len(rows(second)) == 11  # 10 steps and the team's creation
    assert 'href="?pagina=1"' in second.content.decode()


def test_only_coordinators_open_the_audit_log(personas, team, client_as):
    for role in ("opbouwwerker", "vrijwilliger", "partner"):
        client = client_as(personas[role])
        assert client.get(audit_url(team)).status_code == 403
        assert client.get(audit_url(team, "export")).status_code == 403
    client = client_as(personas["outsider"])
    assert client.get(audit_url(team)).status_code == 404
    assert client.get(audit_url(team, "export")).status_code == 404


# Every action a service writes has a readable name in the audit log.

ACTION_CODE = re.compile(r"[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+")


def action_codes_in_the_code() -> dict[str, str]:
    """action code (or the constant start of an f-string code, ending in ".") -> where written."""
    found = {}
    package = Path(__file__).resolve().parent.parent / "buurtkompas"
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for keyword in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                value = keyword.value
                if keyword.arg != "action":
                    continue
                if isinstance(value, ast.JoinedStr) and isinstance(value.values[0], ast.Constant):
                    value = value.values[0]  # f"workspaces.listing.{what}": its constant start
                if isinstance(value, ast.Constant) and ACTION_CODE.fullmatch(value.value + "x"):
                    found[value.value.removesuffix("x")] = f"{path.name}:{node.lineno}"
    return found


def test_every_action_written_in_the_code_has_a_label():
    from buurtkompas.audit.labels import ACTION_LABELS, action_label, object_label

    def named_start(start: str) -> bool:  # registered labels, or the object's model names it
        app_label, entity = start.split(".")[:2]
        model = f"{app_label}.{entity.replace('_', '')}"
        return any(a.startswith(start) for a in ACTION_LABELS) or object_label(model) != model

    codes = action_codes_in_the_code()
    assert {"residents.contact.created", "workspaces.listing.", "accounts.2fa.enabled"} <= set(
        codes
    )
    unnamed = [
        (code, where)
        for code, where in codes.items()
        if (code.endswith(".") and not named_start(code))
        or (not code.endswith(".") and action_label(code) == code)
    ]
    assert unnamed == [], "register labels with audit.labels.register() in the app's ready()"


def test_an_app_registers_its_own_action_labels():
    from buurtkompas.audit.labels import ACTION_LABELS, action_label, register

    register({"tests.thing.polished": "thing polished"})
    try:
        assert action_label("tests.thing.polished") == "thing polished"
    finally:
        ACTION_LABELS.pop("tests.thing.polished")
    with translation.override("en"):
        assert action_label("residents.contact.created") == "resident added"
        assert action_label("workspaces.membership.left") == "member left the team"
        assert action_label("visits.visit.planned") == "household visit planned"


# The details of an event in words (issue 14): choices by their labels, fields by their names.


def agenda_status_changed(personas, team):
    from datetime import date

    from buurtkompas.buurtwerk.services.agenda import agenda_item_create, agenda_item_set_status

    worker = personas["opbouwwerker"]
    item = agenda_item_create(
        actor=worker, workspace=team, title="Bankje", channel="doorstep", raised_on=date.today()
    )
    agenda_item_set_status(actor=worker, item=item, status="picked_up")


def test_it_shows_the_details_of_an_event_in_dutch_words(personas, team, client_as):
    agenda_status_changed(personas, team)
    response = client_as(personas["coordinator"]).get(audit_url(team))
    changed = next(r for r in rows(response) if r["code"] == "buurtwerk.agenda_item.status_changed")
    with translation.override("nl"):
        from django.utils.translation import gettext

        words = [gettext("from"), gettext("heard"), gettext("to"), gettext("picked up")]
    assert changed["details"] == f"{words[0]}: {words[1]}; {words[2]}: {words[3]}"
    assert "picked_up" not in changed["details"] and words[3] != "picked up"


def test_it_downloads_dutch_column_names_and_codes_on_request(personas, team, client_as):
    agenda_status_changed(personas, team)
    client = client_as(personas["coordinator"])
    readable = csv_rows(client.get(audit_url(team, "export")))
    with translation.override("nl"):
        from django.utils.translation import gettext

        assert list(readable[0]) == [
            gettext(h)
            for h in (
                "When", "Who", "Action code", "Kind of object", "Object number",
                "Details (codes)", "What", "Details",
            )
        ]  # fmt: skip
        assert gettext("When") != "When"
    codes = csv_rows(client.get(audit_url(team, "export"), {"headers": "codes"}))
    assert list(codes[0])[:6] == ["at", "actor", "action", "object_type", "object_id", "data"]
    changed = next(r for r in codes if r["action"] == "buurtwerk.agenda_item.status_changed")
    assert '"to": "picked_up"' in changed["data"]


def data_keys_in_the_code() -> dict[str, str]:
    """Every literal key of a `data={…}` passed to log_action or an event recorder."""
    found = {}
    package = Path(__file__).resolve().parent.parent / "buurtkompas"
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            added = getattr(node.func, "attr", "") == "update" and getattr(
                node.func.value, "id", ""
            )
            if added == "data" and node.args and isinstance(node.args[0], ast.Dict):  # data.update
                found |= {k.value: f"{path.name}:{node.lineno}" for k in node.args[0].keys if k}
            if not any(k.arg == "action" for k in node.keywords):
                continue
            for keyword in node.keywords:
                if keyword.arg == "data" and isinstance(keyword.value, ast.Dict):
                    for key in keyword.value.keys:
                        if isinstance(key, ast.Constant):
                            found[key.value] = f"{path.name}:{node.lineno}"
    return found


def test_every_detail_written_in_the_code_has_a_name():
    from django.apps import apps

    from buurtkompas.audit.labels import DATA_LABELS

    keys = data_keys_in_the_code()
    assert {"from", "to", "fields", "contact_id", "progress_to"} <= set(keys)
    field_names = {f.name for m in apps.get_models() for f in m._meta.get_fields()}
    unnamed = {k: w for k, w in keys.items() if k not in DATA_LABELS and k not in field_names}
    assert unnamed == {}, "name these keys in audit.labels.DATA_LABELS"
