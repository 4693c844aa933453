"""The cases of the security and fuzz test of issue 8, replayed on SQLite and PostgreSQL.

1. Every multiple-choice field that takes ids of records (buurtwerk forms, new and edit, and the
   areas of a team) answers a huge id, a very negative id and a non-number with a form error;
   nothing is saved. Id filters in a query string are ignored or refused, never a crash.
2. A 100,000-character query in every search is a page with a message, never a server error.
3. A NUL character in the path, the query string, a cookie or a form is a 400 with a message
   (JSON under /api/), for every public page and the signals dossier with its downloads.
   PostgreSQL refuses NUL in text, so run this file on it too:
   DB=postgres PGPASSWORD=buurtkompas PGTESTDATABASE=test_bk_fuzz pytest tests/test_fuzz.py

The client does not re-raise a view's exception: a server error is observed as a 500 status.
"""

import html
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from buurtkompas.buurtwerk.models import Activity, Initiative, LogEntry, Stakeholder
from buurtkompas.buurtwerk.services.activities import activity_create
from buurtkompas.buurtwerk.services.agenda import agenda_item_create
from buurtkompas.buurtwerk.services.initiatives import initiative_create
from buurtkompas.buurtwerk.services.logbook import log_entry_create
from buurtkompas.buurtwerk.services.signals import signal_create
from buurtkompas.core.params import SEARCH_MAX
from buurtkompas.regions.models import Region
from buurtkompas.residents.models import Method, Purpose
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.workspaces.models import Workspace

HUGE = "99999999999999999999"
NEGATIVE = "-99999999999999999999"
CHOICE = "Select a valid choice. {} is not one of the available choices."
NOT_A_VALUE = "“{}” is not a valid value."
BAD_IDS = {  # value, the error's code and its (English) message
    "huge": (HUGE, "invalid_choice", CHOICE),
    "negative": (NEGATIVE, "invalid_choice", CHOICE),
    "just beyond 64 bits": (str(2**63), "invalid_choice", CHOICE),
    "not a number": ("12abc", "invalid_pk_value", NOT_A_VALUE),
}
LONG = "tarwe" * 20_000  # 100,000 characters
TOO_LONG = f"Ensure this value has at most {SEARCH_MAX} characters (it has {len(LONG)})."
NOT_ALLOWED = ["bevat een teken dat niet is toegestaan", "contains a character that is not allowed"]
WIJK = "/regio/2024/WK001400/"  # Centrum, gemeente Groningen
FORM_ENCODED = "application/x-www-form-urlencoded"


# --- clients and the team's records ---------------------------------------------------------


@pytest.fixture
def browser():
    """browser(user) -> a client that reads the English UI and reports a crash as a 500."""

    def make(user=None) -> Client:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def records(personas, team):
    """One record of each kind the forms link to, and one record of each form to edit."""
    actor = personas["coordinator"]
    lead = contact_create(actor=actor, workspace=team, name="Zoë Qwertzuiop")
    consent_record(
        actor=actor,
        contact=lead,
        purpose=Purpose.CONTACT,
        given_on=date(2025, 1, 6),
        method=Method.SPOKEN,
    )
    party = Stakeholder.objects.create(workspace=team, name="Woonstad", kind="corporatie")
    item = agenda_item_create(
        actor=actor,
        workspace=team,
        title="Meer bomen",
        channel="survey",
        raised_on=date(2025, 2, 2),
    )
    initiative = initiative_create(
        actor=actor, workspace=team, title="Groene Tarwewijk", chain_stage="greening"
    )
    activity = activity_create(
        actor=actor,
        workspace=team,
        kind="repair_cafe",
        title="Repaircafé",
        held_on=date(2025, 5, 3),
    )
    entry = log_entry_create(
        actor=actor, workspace=team, written_on=date(2025, 3, 4), title="Overleg", text="Tekst"
    )
    return {
        "leads": lead,
        "partners": party,
        "stakeholders": party,
        "agenda_items": item,
        "initiatives": initiative,
        "organisers": personas["vrijwilliger"],
        "initiative": initiative,
        "activity": activity,
        "logbook": entry,
    }


# --- 1. ids in multiple-choice fields -------------------------------------------------------


@dataclass(frozen=True)
class IdForm:
    """A buurtwerk form with fields that take several ids of the team's records."""

    create: str
    edit: str
    model: type
    fields: tuple[str, ...]
    data: dict

    def url(self, team, records, action: str) -> str:
        if action == "create":
            return reverse(f"buurtwerk:{self.create}", args=[team.pk])
        record = records[self.create.removesuffix("_create")]
        return reverse(f"buurtwerk:{self.edit}", args=[team.pk, record.pk])


ID_FORMS = {
    "initiative": IdForm(
        "initiative_create",
        "initiative_edit",
        Initiative,
        ("leads", "partners", "agenda_items"),
        {"title": "Geveltuinen", "goal": "Twintig", "chain_stage": "greening", "status": "active"},
    ),
    "activity": IdForm(
        "activity_create",
        "activity_edit",
        Activity,
        ("organisers",),
        {"kind": "repair_cafe", "title": "Geveltuinen", "held_on": "2025-05-03"},
    ),
    "logbook": IdForm(
        "logbook_create",
        "logbook_edit",
        LogEntry,
        ("initiatives", "stakeholders", "agenda_items"),
        {"written_on": "2025-03-04", "title": "Geveltuinen", "text": "Verslag"},
    ),
}
ID_FIELDS = [(form, field) for form, spec in ID_FORMS.items() for field in spec.fields]


def assert_field_error(response, field: str, code: str, message: str):
    """A page (200) showing the form again with this one error at this field."""
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()[field]] == [code]
    assert message in html.unescape(response.content.decode())


def title_of(record) -> str:
    record.refresh_from_db()
    return record.title


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("action", ["create", "edit"])
@pytest.mark.parametrize(("form", "field"), ID_FIELDS)
def test_it_answers_a_bad_id_in_a_multiple_choice_field_with_a_form_error(
    personas, team, records, browser, form, field, action, bad
):
    spec, (value, code, message) = ID_FORMS[form], BAD_IDS[bad]
    before = spec.model.objects.count()
    valid = records[field].pk
    data = {**spec.data, field: [valid, value]}
    response = browser(personas["coordinator"]).post(spec.url(team, records, action), data)
    assert_field_error(response, field, code, message.format(value))
    assert spec.model.objects.count() == before
    if action == "edit":
        assert title_of(records[form]) != "Geveltuinen"


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("page", ["workspaces:create", "workspaces:settings"])
def test_it_answers_a_bad_area_id_of_a_team_with_a_form_error(
    personas, team, organisation, browser, page, bad
):
    value, code, message = BAD_IDS[bad]
    area = Region.objects.filter(level="wijk").latest("year")
    url = reverse(page, args=[] if page == "workspaces:create" else [team.pk])
    data = {"name": "Nepteam", "lead_organisation": organisation.pk, "regions": [area.pk, value]}
    before = Workspace.objects.count()
    response = browser(personas["coordinator"]).post(url, data)
    assert_field_error(response, "regions", code, message.format(value))
    assert Workspace.objects.count() == before
    assert not Workspace.objects.filter(name="Nepteam").exists()


ID_FILTERS = [
    ("activities", "initiatief"),
    ("logbook", "initiatief"),
    ("logbook", "partij"),
    ("logbook", "agendapunt"),
    ("agenda", "buurt"),
    ("signals", "buurt"),
    ("leadership_step_create", "bewoner"),
    ("leadership_step_create", "initiatief"),
]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(("view", "name"), ID_FILTERS)
def test_it_never_crashes_on_a_bad_id_in_a_query_string(
    personas, team, records, browser, view, name, bad
):
    value = BAD_IDS[bad][0]
    url = reverse(f"buurtwerk:{view}", args=[team.pk])
    response = browser(personas["coordinator"]).get(url, {name: value})
    assert response.status_code == 200
    assert team.name in html.unescape(response.content.decode())  # the team's page, as ever


# --- 2. a 100,000-character search ----------------------------------------------------------


@dataclass(frozen=True)
class Search:
    url: str  # with {team} for a team page
    method: str
    data: dict
    message: str
    logged_in: bool = True


SEARCHES = {
    "site search": Search("/zoeken/", "get", {"q": LONG}, "Nothing found for", False),
    "gemeente list": Search("/gemeenten/", "get", {"q": LONG}, "No municipalities found.", False),
    "ranking": Search("/atlas/ranglijst/", "get", {"q": LONG}, "Ranking", False),
    "api regions": Search("/api/regions", "get", {"q": LONG}, '"count": 0', False),
    "new team, area search": Search(
        "/teams/nieuw/",
        "post",
        {"name": "Nepteam", "area_query": LONG, "search_areas": "1"},
        "No district or neighbourhood found.",
    ),
    "new team, saved": Search("/teams/nieuw/", "post", {"name": "X", "area_query": LONG}, TOO_LONG),
    "team settings, area search": Search(
        "/teams/{team}/instellingen/",
        "post",
        {"name": "Nepteam", "area_query": LONG, "search_areas": "1"},
        "No district or neighbourhood found.",
    ),
    "team settings, saved": Search(
        "/teams/{team}/instellingen/", "post", {"name": "X", "area_query": LONG}, TOO_LONG
    ),
    "agenda": Search("/teams/{team}/agenda/", "get", {"q": LONG}, TOO_LONG),
    "asset map": Search("/teams/{team}/krachtenkaart/", "get", {"zoek": LONG}, TOO_LONG),
    "logbook": Search("/teams/{team}/logboek/", "post", {"q": LONG}, TOO_LONG),
    "residents": Search("/teams/{team}/bewoners/", "post", {"q": LONG}, "Residents"),
}


@pytest.mark.parametrize("name", SEARCHES)
def test_it_answers_a_100000_character_search_with_a_page_not_a_crash(
    personas, team, browser, name
):
    search = SEARCHES[name]
    client = browser(personas["coordinator"] if search.logged_in else None)
    response = getattr(client, search.method)(search.url.format(team=team.pk), search.data)
    assert response.status_code == 200
    assert search.message in html.unescape(response.content.decode())


def test_it_searches_on_the_first_100_characters(db, browser):
    response = browser().get("/zoeken/", {"q": "  Centrum" + " " * 200 + "x"})
    assert response.status_code == 200
    assert response.context["search_query"] == "Centrum"
    assert "results for “Centrum”" in html.unescape(response.content.decode())


# --- 3. NUL in an address or a form ---------------------------------------------------------

PUBLIC_NUL = {
    "search, query": "/zoeken/?q=Cent%00rum",
    "search, path": "/zoeken%00/",
    "gemeente list, query": "/gemeenten/?q=%00",
    "gemeente list, year": "/gemeenten/?jaar=2024%00",
    "region page, code": "/regio/2024/WK00%0014/",
    "region page, code end": "/regio/2024/WK001400%00/",
    "region page, query": f"{WIJK}?x=%00",
    "ranking, query": "/atlas/ranglijst/?q=%00",
    "ranking, path": "/atlas/ranglijst%00/",
    "home, parameter name": "/?%00=1",
}
API_NUL = {
    "region, code": "/api/regions/2024/WK00%0014",
    "region, query": "/api/regions/2024/WK001400?format=%00",
    "regions, query": "/api/regions?q=%00",
    "values, query": "/api/values?q=a%00",
}
SIGNAL_VIEWS = ["signal_complex", "signals_csv", "signals_pdf"]


def assert_refused_page(response):
    """400 with a short page that says why, in Dutch and in English."""
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = html.unescape(response.content.decode())
    assert all(sentence in text for sentence in NOT_ALLOWED)


@pytest.mark.parametrize("url", PUBLIC_NUL.values(), ids=PUBLIC_NUL.keys())
def test_it_refuses_a_nul_in_the_address_of_a_public_page(db, browser, url):
    assert_refused_page(browser().get(url))


@pytest.mark.parametrize("url", API_NUL.values(), ids=API_NUL.keys())
def test_it_refuses_a_nul_in_an_api_address_with_a_json_400(db, browser, url):
    response = browser().get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "bad_request"
    assert "not allowed" in response.json()["reason"]


@pytest.mark.parametrize("view", SIGNAL_VIEWS)
def test_it_refuses_a_nul_in_the_complex_of_the_signals_dossier(personas, team, browser, view):
    actor = personas["coordinator"]
    signal_create(
        actor=actor,
        workspace=team,
        complex="Flat Aan Zee",
        problem="mould",
        households=2,
        noted_on=date(2025, 1, 6),
        source="conversation",
    )
    client = browser(actor)
    url = reverse(f"buurtwerk:{view}", args=[team.pk])
    assert client.get(url, {"complex": "Flat Aan Zee"}).status_code == 200
    assert_refused_page(client.get(url, {"complex": "Flat Aan\x00Zee"}))


def post(client, url: str, data: dict, encoding: str):
    if encoding == "multipart":
        return client.post(url, data)
    return client.post(url, urlencode(data, doseq=True), content_type=FORM_ENCODED)


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_it_refuses_a_nul_in_a_form_and_saves_nothing(personas, team, browser, encoding):
    client = browser(personas["coordinator"])
    url = reverse("buurtwerk:initiative_create", args=[team.pk])
    data = {**ID_FORMS["initiative"].data, "title": "Gevel\x00tuinen"}
    assert_refused_page(post(client, url, data, encoding))
    assert not Initiative.objects.exists()
    assert post(client, url, {**data, "title": "Geveltuinen"}, encoding).status_code == 302


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_it_refuses_a_nul_in_a_search_that_is_posted(personas, team, browser, encoding):
    client = browser(personas["coordinator"])
    for url in (f"/teams/{team.pk}/bewoners/", f"/teams/{team.pk}/logboek/"):
        assert_refused_page(post(client, url, {"q": "Zo\x00ë"}, encoding))
        assert post(client, url, {"q": "Zoë"}, encoding).status_code == 200


@pytest.mark.parametrize("name", [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME])
def test_it_refuses_a_nul_in_a_cookie_without_reading_the_session(db, browser, name):
    client = browser()
    client.cookies[name] = "abcdefghijklmnop\x00qrstuvwxyz0123"
    assert_refused_page(client.get("/zoeken/", {"q": "Centrum"}))
    client.cookies[name] = "abcdefghijklmnopqrstuvwxyz0123"
    assert client.get("/zoeken/", {"q": "Centrum"}).status_code == 200


def test_it_lets_a_field_refuse_a_nul_that_does_not_come_through_a_request(personas, team):
    from buurtkompas.buurtwerk.forms.initiatives import InitiativeForm

    membership = personas["coordinator"].memberships.get()
    form = InitiativeForm(
        {**ID_FORMS["initiative"].data, "title": "a\x00b"}, workspace=team, membership=membership
    )
    assert [error.code for error in form.errors.as_data()["title"]] == [
        "null_characters_not_allowed"
    ]
