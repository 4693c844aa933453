"""The housing signals dossier: recording signals, the overview per complex, one complex's
timeline, and its evidence summary as PDF and CSV. Personas come from conftest.py."""

import csv
import io
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import HousingSignal
from buurtkompas.buurtwerk.services.signals import signal_create
from buurtkompas.regions.models import Region
from tests.helpers import ESCAPED, PAYLOAD, count_queries, every_member, page, pdf_text, team_url

url = team_url

pytestmark = pytest.mark.django_db

NOTE = "Bij nummer 12 woont mevrouw Quinta"


def record(team, actor, complex="Flat Zuidwijk", problem="mould", **fields) -> HousingSignal:
    values = {"households": 1, "noted_on": date(2025, 3, 4), "source": "conversation", **fields}
    return signal_create(actor=actor, workspace=team, complex=complex, problem=problem, **values)


def form_data(**fields) -> dict:
    data = {
        "complex": "Flat Zuidwijk",
        "buurt": "",
        "problem": "mould",
        "households": "2",
        "noted_on": "2025-03-04",
        "source": "visit",
        "note": "",
    }
    return {**data, **fields}


def test_it_records_a_signal_into_the_dossier_of_its_complex(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    form = page(client.get(url("buurtwerk:signal_create", team)))
    assert "No names." in form and 'list="signal-complexes"' in form
    response = client.post(url("buurtwerk:signal_create", team), form_data(note="tocht"))
    assert response.status_code == 302
    assert response["Location"] == url("buurtwerk:signal_complex", team, complex="Flat Zuidwijk")
    signal = HousingSignal.objects.get(workspace=team)
    assert (signal.households, signal.source, signal.created_by) == (
        2,
        "visit",
        personas["opbouwwerker"],
    )
    event = AuditEvent.objects.get(action="buurtwerk.housing_signal.created")
    assert event.data == {"problem": "mould", "households": 2, "source": "visit"}


def test_it_pools_spellings_of_one_complex(personas, team):
    record(team, personas["coordinator"], complex="Hof van Ède")
    record(team, personas["coordinator"], complex="  hof VAN   ède ")
    assert set(HousingSignal.objects.values_list("complex", flat=True)) == {"Hof van Ède"}


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["vrijwilliger"])
    future = (date.today() + timedelta(days=2)).isoformat()
    data = form_data(complex="   ", households="0", noted_on=future, note="kapotte ketel")
    response = client.post(url("buurtwerk:signal_create", team), data)
    assert response.status_code == 200
    text = page(response)
    assert "Name the building complex or the street." in text or "This field is required." in text
    assert "Ensure this value is greater than or equal to 1." in text
    assert "The date cannot be in the future." in text
    assert "kapotte ketel" in text and f'value="{future}"' in text
    assert 'aria-invalid="true"' in text
    assert not HousingSignal.objects.exists()


def test_it_groups_the_overview_per_complex_with_totals_per_problem(
    personas, team, as_user, other_team
):
    actor = personas["coordinator"]
    record(team, actor, households=3, noted_on=date(2025, 1, 10))
    record(team, actor, households=2, noted_on=date(2025, 4, 2))
    record(team, actor, problem="draught", households=5, noted_on=date(2025, 2, 1))
    record(team, actor, complex="Portiekflat Noord", problem="heating")
    record(other_team, personas["outsider"], complex="Elders")
    # Every member sees the same dossier (it holds no names); only partners cannot add to it.
    # The outsider, another team's coordinator, gets 404.
    for role, user in every_member(team, personas):
        response = as_user(user).get(url("buurtwerk:signals", team))
        text = re.sub(r"<td[^>]*>", "<td>", page(response))
        assert "2 complexes or streets" in text and "Elders" not in text, role
        assert ("Record a signal" in text) is (role != "partner"), role  # partners read only
        zuidwijk = text.split("Flat Zuidwijk", 1)[1].split("Portiekflat Noord", 1)[0]
        assert zuidwijk.index("draught") < zuidwijk.index("mould or damp")  # the model's order
        mould = zuidwijk.split("mould or damp", 1)[1]
        assert "<td>5</td>" in mould and "<td>2</td>" in mould, role
        assert "10 Jan 2025" in mould and "2 Apr 2025" in mould, role
        total = zuidwijk.split("All problems", 1)[1]
        assert "<td>10</td>" in total and "<td>3</td>" in total, role
    assert as_user(personas["outsider"]).get(url("buurtwerk:signals", team)).status_code == 404


def test_it_filters_the_overview_by_buurt_and_problem(personas, team, as_user):
    buurten = list(Region.objects.buurten().order_by("code")[:2])
    team.regions.add(*buurten)
    actor = personas["coordinator"]
    record(team, actor, complex="Blok Een", buurt=buurten[0], problem="mould")
    record(team, actor, complex="Blok Twee", buurt=buurten[1], problem="mould")
    record(team, actor, complex="Blok Drie", buurt=buurten[0], problem="draught")
    client = as_user(personas["opbouwwerker"])
    by_buurt = page(client.get(url("buurtwerk:signals", team, buurt=buurten[0].pk)))
    assert "Blok Een" in by_buurt and "Blok Drie" in by_buurt and "Blok Twee" not in by_buurt
    both = page(client.get(url("buurtwerk:signals", team, buurt=buurten[0].pk, probleem="mould")))
    assert "Blok Een" in both and "Blok Drie" not in both and "Blok Twee" not in both
    assert "1 complex or street" in both


def test_it_lists_complexes_with_a_constant_number_of_queries(personas, team, as_user):
    client = as_user(personas["coordinator"])

    def queries() -> int:
        return count_queries(client, url("buurtwerk:signals", team))

    record(team, personas["coordinator"], complex="Blok 0")
    few = queries()
    for n in range(1, 60):
        record(team, personas["coordinator"], complex=f"Blok {n:02}", problem="draught")
        record(team, personas["coordinator"], complex=f"Blok {n:02}", problem="heating")
    assert queries() == few
    text = page(client.get(url("buurtwerk:signals", team, pagina=2)))
    assert "Page 2 of 2" in text and "Blok 59" in text and "Blok 01" not in text


def test_it_handles_complex_names_with_spaces_accents_and_url_characters(personas, team, as_user):
    name = "Hof van Ède & Zn. 12/14 #3?a=b+c"
    record(team, personas["coordinator"], complex=name)
    record(team, personas["coordinator"], complex="Hof van Ède")
    client = as_user(personas["partner"])
    overview = client.get(url("buurtwerk:signals", team)).content.decode()
    link = reverse("buurtwerk:signal_complex", args=[team.pk]) + "?" + urlencode({"complex": name})
    assert link.replace("&", "&amp;") in overview or link in overview
    response = client.get(url("buurtwerk:signal_complex", team, complex=name))
    assert response.status_code == 200
    text = page(response)
    assert name in text and "1 household" not in text
    assert response.context["dossier"].signals == 1
    other = client.get(url("buurtwerk:signal_complex", team, complex="Hof van Ede"))
    assert other.status_code == 404


def test_it_shows_the_timeline_per_month_with_the_months_between(personas, team, as_user):
    actor = personas["coordinator"]
    record(team, actor, households=3, noted_on=date(2024, 11, 20))
    record(team, actor, households=2, noted_on=date(2024, 11, 3))
    record(team, actor, problem="high_bills", households=4, noted_on=date(2025, 1, 31))
    response = as_user(personas["vrijwilliger"]).get(
        url("buurtwerk:signal_complex", team, complex="Flat Zuidwijk")
    )
    timeline = response.context["dossier"].timeline
    assert [month for month, _cells in timeline] == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
    ]
    assert [cells for _month, cells in timeline] == [[5, None], [None, None], [None, 4]]
    assert "December 2024" in page(response)


def test_it_exports_the_evidence_summary_as_pdf_without_notes(personas, team, as_user):
    actor = personas["vrijwilliger"]
    record(team, actor, households=3, noted_on=date(2025, 1, 10), note=NOTE)
    record(team, actor, problem="single_glazing", households=7, noted_on=date(2025, 3, 2))
    response = as_user(personas["partner"]).get(
        url("buurtwerk:signals_pdf", team, complex="Flat Zuidwijk")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="signalen-flat-zuidwijk.pdf"'
    text = pdf_text(response.content)
    for expected in (
        "Housing signals: evidence summary",
        "Energieteam Tarwewijk",
        "Welzijn Zuid",
        "Flat Zuidwijk",
        "10 January 2025 to 2 March 2025",
        "single glazing",
        "February 2025",
        "survey",
    ):
        assert expected in text, expected
    assert "Quinta" not in text and "Vrijwilliger" not in text
    event = AuditEvent.objects.get(action="buurtwerk.housing_signal.exported")
    assert event.data == {"format": "pdf", "signals": 2}
    assert event.actor == personas["partner"]


def test_it_exports_the_same_summary_as_csv(personas, team, as_user):
    actor = personas["coordinator"]
    record(team, actor, households=3, noted_on=date(2025, 1, 10), note=NOTE)
    record(team, actor, households=1, noted_on=date(2025, 3, 2))
    record(team, actor, complex="=HYPERLINK(1)", noted_on=date(2025, 3, 2))
    response = as_user(personas["partner"]).get(
        url("buurtwerk:signals_csv", team, complex="Flat Zuidwijk")
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Housing signals: evidence summary"]
    assert ["Lead organisation", "Welzijn Zuid"] in rows
    assert ["mould or damp", "4", "2", "2025-01-10", "2025-03-02"] in rows
    assert ["Month", "mould or damp"] in rows
    assert [["2025-01", "3"], ["2025-02", ""], ["2025-03", "1"]] == [
        row for row in rows if row[:1] and row[0].startswith("2025-")
    ]
    assert "Quinta" not in response.content.decode()
    formula = as_user(personas["partner"]).get(
        url("buurtwerk:signals_csv", team, complex="=HYPERLINK(1)")
    )
    assert ["Building complex or street", "'=HYPERLINK(1)"] in list(
        csv.reader(io.StringIO(formula.content.decode("utf-8-sig")))
    )


def test_it_shows_notes_only_to_members_who_may_see_personal_data(personas, team, as_user):
    record(team, personas["coordinator"], note=NOTE)
    complex_url = url("buurtwerk:signal_complex", team, complex="Flat Zuidwijk")
    assert NOTE in page(as_user(personas["opbouwwerker"]).get(complex_url))
    for persona in ("partner", "vrijwilliger"):
        text = page(as_user(personas[persona]).get(complex_url))
        assert "Flat Zuidwijk" in text and NOTE not in text


def test_it_lets_a_volunteer_change_only_their_own_signals(personas, team, as_user):
    theirs = record(team, personas["vrijwilliger"])
    others = record(team, personas["opbouwwerker"])
    client = as_user(personas["vrijwilliger"])
    complex_page = page(client.get(url("buurtwerk:signal_complex", team, complex="Flat Zuidwijk")))
    assert url("buurtwerk:signal_edit", team, theirs.pk) in complex_page
    assert url("buurtwerk:signal_edit", team, others.pk) not in complex_page
    for name in ("buurtwerk:signal_edit", "buurtwerk:signal_delete"):
        assert client.get(url(name, team, others.pk)).status_code == 403
        assert client.post(url(name, team, others.pk), form_data()).status_code == 403
    response = client.post(url("buurtwerk:signal_edit", team, theirs.pk), form_data(households=4))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.households == 4
    assert AuditEvent.objects.get(action="buurtwerk.housing_signal.changed").data == {
        "fields": ["households", "source"]
    }
    coordinator = as_user(personas["coordinator"])
    assert (
        coordinator.post(url("buurtwerk:signal_edit", team, theirs.pk), form_data()).status_code
        == 302
    )


def test_it_confirms_before_deleting_and_says_what_changes(personas, team, as_user):
    signal = record(team, personas["opbouwwerker"], households=3)
    record(team, personas["opbouwwerker"], problem="draught")
    client = as_user(personas["opbouwwerker"])
    confirm = page(client.get(url("buurtwerk:signal_delete", team, signal.pk)))
    assert "counts 3 households fewer for “mould or damp”" in confirm
    assert "Nothing else in the team's workspace links to a signal" in confirm
    assert HousingSignal.objects.filter(pk=signal.pk).exists()
    response = client.post(url("buurtwerk:signal_delete", team, signal.pk))
    assert response["Location"] == url("buurtwerk:signal_complex", team, complex="Flat Zuidwijk")
    assert not HousingSignal.objects.filter(pk=signal.pk).exists()
    last = HousingSignal.objects.get(workspace=team)
    response = client.post(url("buurtwerk:signal_delete", team, last.pk))
    assert response["Location"] == url("buurtwerk:signals", team)
    assert AuditEvent.objects.filter(action="buurtwerk.housing_signal.deleted").count() == 2


def test_it_gives_404_for_ids_and_complexes_of_another_team(personas, team, as_user, other_team):
    elsewhere = record(other_team, personas["outsider"], complex="Elders")
    client = as_user(personas["coordinator"])
    for name in ("buurtwerk:signal_edit", "buurtwerk:signal_delete"):
        assert client.get(url(name, team, elsewhere.pk)).status_code == 404
        assert client.post(url(name, team, elsewhere.pk), form_data()).status_code == 404
    for name in ("buurtwerk:signal_complex", "buurtwerk:signals_pdf", "buurtwerk:signals_csv"):
        assert client.get(url(name, team, complex="Elders")).status_code == 404
    elsewhere.refresh_from_db()
    assert (elsewhere.complex, elsewhere.households) == ("Elders", 1)
    assert HousingSignal.objects.filter(workspace=team).count() == 0


def test_it_sends_a_request_without_a_complex_back_to_the_overview(personas, team, as_user):
    client = as_user(personas["partner"])
    for name in ("buurtwerk:signal_complex", "buurtwerk:signals_pdf", "buurtwerk:signals_csv"):
        response = client.get(url(name, team))
        assert response["Location"] == url("buurtwerk:signals", team)


def test_it_escapes_script_payloads_in_every_text_field(personas, team, as_user):
    signal = record(team, personas["coordinator"], complex=PAYLOAD, note=PAYLOAD)
    client = as_user(personas["coordinator"])
    pages = {
        "overview": client.get(url("buurtwerk:signals", team)),
        "complex": client.get(url("buurtwerk:signal_complex", team, complex=PAYLOAD)),
        "edit": client.get(url("buurtwerk:signal_edit", team, signal.pk)),
        "delete": client.get(url("buurtwerk:signal_delete", team, signal.pk)),
        "create": client.get(url("buurtwerk:signal_create", team, complex=PAYLOAD)),
    }
    for name, response in pages.items():
        text = response.content.decode()
        body = text.split("</head>", 1)[1]
        assert response.status_code == 200, name
        assert "<script>" not in body and PAYLOAD not in text, name
        assert ESCAPED in text, name
    complex_page = pages["complex"].content.decode()
    assert complex_page.count(ESCAPED) >= 3  # title, heading, note
