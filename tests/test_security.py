"""Security of the web pages (issue "Accounts, neighbourhood teams and privacy by design").

1. A strict Content-Security-Policy on every HTML page, and no inline code in any page.
2. Script payloads typed into every text field come back inert wherever they are shown.
3. CSRF is enforced on every POST form.
4. The production settings pass `check --deploy` and make the cookies Secure/HttpOnly.
5. Nothing accepts uploaded files, except the photo of a meter at a household visit (issue 10):
   re-encoded without EXIF, kept in a private folder, never served as media.
6. Behind a reverse proxy: the client's address is read from X-Forwarded-For only when
   TRUSTED_PROXIES or TRUSTED_PROXY_COUNT says so, and spoofed entries are ignored.

Personas come from conftest.py; the real shared data is imported once per session.
"""

import importlib
import inspect
import json
import os
import re
import secrets
import subprocess
import sys
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.utils.html import escape
from django.views import static

from buurtkompas.accounts.models import FailedLogin, Organisation, User
from buurtkompas.core.client import client_ip
from buurtkompas.residents.models import Consent, Contact, Method, Purpose
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.visits.models import HouseholdVisit
from buurtkompas.visits.services import visit_plan
from buurtkompas.workspaces.models import Invitation, Membership, Workspace
from buurtkompas.workspaces.services import invitation_create
from tests.conftest import PASSWORD

ISSUE_APPS = ("accounts", "workspaces", "residents", "visits", "audit")
WIJK = "/regio/2024/WK001400/"  # Centrum, gemeente Groningen
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
]
NEW_PASSWORD = "another-horse-battery-staple-43"


# Helpers: what a page may not contain, and the policy it must carry.

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class InlineCode(HTMLParser):
    """Collects everything a strict CSP would block or that runs code inline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=...>: inline event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style=...>: style attribute")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>: javascript: URL")
        if tag == "script":
            self.in_script = True
            if not names.get("src"):
                self.problems.append("<script> without src")
        elif tag == "style":
            self.problems.append("<style> element")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"<script> with a body: {data.strip()[:40]!r}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.problems


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.split() for part in header.split(";"))
    return {d[0].lower(): d[1:] for d in directives if d}


def assert_strict_policy(response) -> None:
    csp = policy(response)
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp.get("default-src"))
        assert sources, f"{directive} (or default-src) is missing"
        unsafe = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:"}
        assert not unsafe & set(sources), f"{directive} {sources}"
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] in (["'self'"], ["'none'"])
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def assert_inert(response, payload: str, *, shown: bool = True) -> None:
    """The payload is not in the page as markup; where the page shows it, it is escaped."""
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    where = response.request["PATH_INFO"]
    assert payload not in html, f"raw payload in {where}"
    if shown:
        assert escape(payload) in html, f"the escaped payload is not shown on {where}"
    assert inline_code(html) == [], where
    assert_strict_policy(response)


def get_ok(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response


def post(client, path: str, data: dict, status: int = 302):
    response = client.post(path, data)
    assert response.status_code == status, (
        f"{path}: {response.status_code}, expected {status}\n{response.content.decode()[:3000]}"
    )
    return response


def team_url(name: str, team, *ids) -> str:
    return reverse(name, args=[team.pk, *ids])


def in_team(name: str, *attrs: str):
    """A path builder: the team URL `name` with the ids of the named objects."""

    def path(o) -> str:
        return team_url(name, o.team, *(getattr(o, attr).pk for attr in attrs))

    return path


def named(name: str):
    return lambda o: reverse(name)


def at(path: str):
    return lambda o: path


def logged_in(o, client) -> bool:
    return "_auth_user_id" in client.session


def invitation_link(mailoutbox) -> str:
    match = re.search(r"/account/uitnodiging/[^/\s]+/", mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes a third of a second per hash; the personas alone need five of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def objects(personas, team):
    """A resident with a visit consent and a planned visit, an open invitation, a member."""
    coordinator = personas["coordinator"]
    contact = contact_create(
        actor=coordinator, workspace=team, name="Bewoner Veilig", reach="06-1", notes="a\nb"
    )
    consent = consent_record(
        actor=coordinator,
        contact=contact,
        purpose=Purpose.VISIT,
        given_on=date.today(),
        method=Method.SPOKEN,
    )
    visit = visit_plan(
        actor=coordinator, contact=contact, planned_for=date.today() + timedelta(days=1)
    )
    invitation, token = invitation_create(
        actor=coordinator, workspace=team, email="nieuw@example.org", role="opbouwwerker"
    )
    return SimpleNamespace(
        team=team,
        contact=contact,
        consent=consent,
        invitation=invitation,
        token=token,
        member=Membership.objects.get(workspace=team, user=personas["opbouwwerker"]),
        organisation=team.lead_organisation,
        visit=visit,
    )


# 1. Content-Security-Policy and no inline code, on every page.

PUBLIC_PAGES = {
    "home": "/",
    "gemeente list": "/gemeenten/",
    "gemeente page": "/regio/2024/GM0014/",
    "wijk page": WIJK,
    "search": "/zoeken/?q=centrum",
    "atlas map": "/atlas/",
    "ranking": "/atlas/ranglijst/",
    "API docs": "/api/",
}


def page_cases():
    """(persona, path builder, expected status) per page of the site."""
    cases = {name: (None, at(path), 200) for name, path in PUBLIC_PAGES.items()}
    cases.update(
        {
            "login": (None, named("accounts:login"), 200),
            "password reset": (None, named("accounts:password_reset"), 200),
            "invitation": (None, lambda o: reverse("signup:invitation", args=[o.token]), 200),
            "invalid invitation": (None, at("/account/uitnodiging/nep/"), 404),
            "not found": (None, at("/regio/2024/WK999999/"), 404),
            "bad atlas parameter": (None, at("/atlas/ranglijst/?level=x"), 400),
            "profile": ("coordinator", named("accounts:profile"), 200),
            "password change": ("coordinator", named("accounts:password_change"), 200),
            "two-step set-up": ("coordinator", named("accounts:two_factor"), 200),
            "my teams": ("coordinator", named("workspaces:list"), 200),
            "new team": ("coordinator", named("workspaces:create"), 200),
            "team overview": ("coordinator", in_team("workspaces:detail"), 200),
            "team overview (partner)": ("partner", in_team("workspaces:detail"), 200),
            "settings": ("coordinator", in_team("workspaces:settings"), 200),
            "members": ("coordinator", in_team("workspaces:members"), 200),
            "members (volunteer)": ("vrijwilliger", in_team("workspaces:members"), 200),
            "invite": ("coordinator", in_team("workspaces:invite"), 200),
            "member role": ("coordinator", in_team("workspaces:member", "member"), 200),
            "member remove": ("coordinator", in_team("workspaces:member_remove", "member"), 200),
            "hand over": ("coordinator", in_team("workspaces:hand_over"), 200),
            "leave": ("opbouwwerker", in_team("workspaces:leave"), 200),
            "audit log": ("coordinator", in_team("audit:list"), 200),
            "residents list": ("coordinator", in_team("residents:list"), 200),
            "residents counts (partner)": ("partner", in_team("residents:list"), 200),
            "resident form (new)": ("opbouwwerker", in_team("residents:create"), 200),
            "resident detail": ("opbouwwerker", in_team("residents:detail", "contact"), 200),
            "resident detail (coordinator)": (
                "coordinator",
                in_team("residents:detail", "contact"),
                200,
            ),
            "resident form (change)": ("opbouwwerker", in_team("residents:edit", "contact"), 200),
            "resident erase": ("coordinator", in_team("residents:erase", "contact"), 200),
            "forbidden (partner)": ("partner", in_team("residents:create"), 403),
        }
    )
    return [pytest.param(*case, id=name) for name, case in cases.items()]


@pytest.mark.parametrize("persona,path_of,status", page_cases())
def test_it_serves_every_page_with_a_strict_policy_and_no_inline_code(
    personas, objects, client_as, persona, path_of, status
):
    client = client_as(personas[persona] if persona else None)
    response = client.get(path_of(objects))
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert_strict_policy(response)
    html = response.content.decode()
    assert inline_code(html) == []
    assert "javascript:" not in html.lower()


def test_it_sends_the_policy_with_redirects_and_error_pages_too(client, personas, team):
    redirected = client.get(team_url("workspaces:detail", team))  # anonymous: to the log-in
    assert redirected.status_code == 302
    assert_strict_policy(redirected)
    client.force_login(personas["outsider"])
    not_found = client.get(team_url("workspaces:detail", team))  # another team: 404
    assert not_found.status_code == 404
    assert_strict_policy(not_found)
    assert inline_code(not_found.content.decode()) == []


def test_it_recognises_inline_code_when_there_is_some():
    """The checker itself: each kind of inline code is found, proper markup is not."""
    bad = (
        "<script>alert(1)</script><a href='javascript:x()'>x</a>"
        '<img src="x" onerror="y()"><p style="color:red">z</p><style>p{}</style>'
        '<div hx-on:click="z()"></div>'
    )
    assert inline_code(bad) == [
        "<script> without src",
        "<script> with a body: 'alert(1)'",
        "<a href='javascript:x()'>: javascript: URL",
        "<img onerror=...>: inline event handler",
        "<p style=...>: style attribute",
        "<style> element",
        "<div hx-on:click=...>: inline event handler",
    ]
    good = '<script src="/static/a.js" defer></script><p class="x">&lt;script&gt;</p>'
    assert inline_code(good) == []


# 2. Script payloads in every text field come back inert.


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_a_new_team_and_its_new_organisation_everywhere(
    personas, client_as, payload, mailoutbox
):
    client = client_as(personas["vrijwilliger"])
    data = {
        "name": payload,
        "description": f"{payload}\n{payload}",
        "lead_organisation": "",
        "new_organisation_name": payload,
        "new_organisation_kind": "anders",
    }
    post(client, reverse("workspaces:create"), data)
    team = Workspace.objects.get(name=payload)
    assert team.lead_organisation.name == payload
    for name in ("detail", "members", "settings"):
        assert_inert(get_ok(client, team_url(f"workspaces:{name}", team)), payload)
    for name in ("residents:list", "audit:list"):
        assert_inert(get_ok(client, team_url(name, team)), payload)
    for name in ("workspaces:list", "accounts:profile", "workspaces:create"):
        assert_inert(get_ok(client, reverse(name)), payload)
    # The invited person sees the team's name on the invitation page.
    post(
        client,
        team_url("workspaces:invite", team),
        {"email": "gast@example.org", "role": "partner"},
    )
    invited = Client()
    assert_inert(get_ok(invited, invitation_link(mailoutbox)), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_the_team_settings_form(personas, team, client_as, payload):
    client = client_as(personas["coordinator"])
    data = {
        "name": payload,
        "description": payload,
        "lead_organisation": team.lead_organisation_id,
    }
    post(client, team_url("workspaces:settings", team), data)
    team.refresh_from_db()
    assert (team.name, team.description) == (payload, payload)
    for name in ("workspaces:detail", "workspaces:settings", "workspaces:members"):
        assert_inert(get_ok(client, team_url(name, team)), payload)
    assert_inert(get_ok(client, reverse("workspaces:list")), payload)
    member = client_as(personas["partner"])
    assert_inert(get_ok(member, team_url("workspaces:detail", team)), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_what_the_team_forms_echo_back_when_they_are_refused(
    personas, team, client_as, payload
):
    client = client_as(personas["coordinator"])
    teams = Workspace.objects.count()
    kind = {"name": "Team", "new_organisation_name": "Org", "new_organisation_kind": payload}
    assert_inert(post(client, reverse("workspaces:create"), kind, 200), payload)
    # The area search posts the form back: the query and the other fields are shown again.
    search = {"name": payload, "description": payload, "area_query": payload, "search_areas": "1"}
    assert_inert(post(client, reverse("workspaces:create"), search, 200), payload)
    settings_search = {**search, "lead_organisation": team.lead_organisation_id}
    assert_inert(post(client, team_url("workspaces:settings", team), settings_search, 200), payload)
    unnamed = {"name": "", "description": payload, "lead_organisation": payload}
    assert_inert(post(client, reverse("workspaces:create"), unnamed, 200), payload)
    assert Workspace.objects.count() == teams
    assert not Organisation.objects.filter(name="Org").exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_an_invalid_invitation_address_and_role(personas, team, client_as, payload):
    client = client_as(personas["coordinator"])
    url = team_url("workspaces:invite", team)
    assert_inert(post(client, url, {"email": payload, "role": "vrijwilliger"}, 200), payload)
    assert_inert(post(client, url, {"email": "iemand@example.org", "role": payload}, 200), payload)
    assert not Invitation.objects.filter(workspace=team).exists()


@pytest.mark.parametrize(
    "email", ['"<script>alert(1)</script>"@example.org', '"<img/src=x/onerror=alert(1)>"@x.nl']
)
def test_it_escapes_a_valid_but_hostile_invitation_address_everywhere(
    personas, team, client_as, email, mailoutbox
):
    """A quoted local part may hold < and >; such an address is valid and shown as text."""
    client = client_as(personas["coordinator"])
    post(client, team_url("workspaces:invite", team), {"email": email, "role": "partner"})
    invitation = Invitation.objects.get(workspace=team)
    assert invitation.email == email.lower()
    payload = invitation.email
    members = get_ok(client, team_url("workspaces:members", team))  # the flash message too
    assert_inert(members, payload)
    assert members.content.decode().count(escape(payload)) >= 3
    assert_inert(get_ok(Client(), invitation_link(mailoutbox)), payload)
    revoke = team_url("workspaces:invitation_revoke", team, invitation.pk)
    post(client, revoke, {})
    assert_inert(get_ok(client, team_url("workspaces:members", team)), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_what_the_member_forms_echo_back(personas, team, client_as, payload):
    client = client_as(personas["coordinator"])
    member = Membership.objects.get(workspace=team, user=personas["opbouwwerker"])
    url = team_url("workspaces:member", team, member.pk)
    data = {"role": payload, "sees_personal_data": payload}
    assert_inert(post(client, url, data, 200), payload)
    hand_over = post(client, team_url("workspaces:hand_over", team), {"to": payload}, 200)
    assert_inert(hand_over, payload, shown=False)
    member.refresh_from_db()
    assert member.role == "opbouwwerker"
    assert personas["coordinator"].memberships.get().role == "coordinator"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_a_user_name_everywhere_it_is_shown(personas, team, objects, client_as, payload):
    worker = client_as(personas["opbouwwerker"])
    post(worker, reverse("accounts:profile"), {"name": payload, "organisation": ""})
    assert User.objects.get(pk=personas["opbouwwerker"].pk).name == payload
    assert_inert(get_ok(worker, reverse("accounts:profile")), payload)
    assert_inert(get_ok(worker, team_url("workspaces:detail", team)), payload)  # menu
    consent = {"purpose": "contact", "given_on": date.today().isoformat(), "method": "paper"}
    post(worker, team_url("residents:consent_record", team, objects.contact.pk), consent)

    coordinator = client_as(personas["coordinator"])
    member = objects.member.pk
    for path in (
        team_url("workspaces:members", team),
        team_url("workspaces:member", team, member),
        team_url("workspaces:member_remove", team, member),
        team_url("workspaces:hand_over", team),
        team_url("audit:list", team),
        team_url("residents:detail", team, objects.contact.pk),  # "recorded by"
    ):
        assert_inert(get_ok(coordinator, path), payload)
    refused = post(coordinator, team_url("workspaces:member", team, member), {"role": "x"}, 200)
    assert_inert(refused, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_the_profile_form_when_it_is_refused(personas, client_as, payload):
    client = client_as(personas["opbouwwerker"])
    data = {"name": payload, "organisation": payload}
    response = post(client, reverse("accounts:profile"), data, 200)
    assert_inert(response, payload)
    assert User.objects.get(pk=personas["opbouwwerker"].pk).name == "Opbouwwerker"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_the_name_chosen_when_signing_up_by_invitation(
    personas, team, client_as, payload, mailoutbox
):
    coordinator = client_as(personas["coordinator"])
    invite = {"email": "nieuw@example.org", "role": "vrijwilliger"}
    post(coordinator, team_url("workspaces:invite", team), invite)
    link = invitation_link(mailoutbox)
    newcomer = Client()
    mismatch = {"name": payload, "password1": NEW_PASSWORD, "password2": "something-else-44"}
    assert_inert(post(newcomer, link, mismatch, 200), payload)
    signup = {"name": payload, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    post(newcomer, link, signup)
    assert User.objects.get(email="nieuw@example.org").name == payload
    assert_inert(get_ok(newcomer, team_url("workspaces:detail", team)), payload)  # welcome
    assert_inert(get_ok(coordinator, team_url("workspaces:members", team)), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_a_resident_on_every_page_that_shows_them(personas, team, client_as, payload):
    worker = client_as(personas["opbouwwerker"])
    data = {"name": payload, "reach": payload, "notes": f"{payload}\n{payload}"}
    post(worker, team_url("residents:create", team), data)
    contact = Contact.objects.get(workspace=team, name=payload)
    assert (contact.reach, contact.notes) == (payload, f"{payload}\n{payload}")
    detail = get_ok(worker, team_url("residents:detail", team, contact.pk))
    assert_inert(detail, payload)
    assert detail.content.decode().count(escape(payload)) >= 4
    assert_inert(get_ok(worker, team_url("residents:list", team)), payload)
    assert_inert(get_ok(worker, team_url("residents:edit", team, contact.pk)), payload)
    search = post(worker, team_url("residents:list", team), {"q": payload}, 200)
    assert_inert(search, payload)
    assert search.content.decode().count(escape(payload)) >= 2  # the query and the name
    coordinator = client_as(personas["coordinator"])
    assert_inert(get_ok(coordinator, team_url("residents:erase", team, contact.pk)), payload)
    # A change that is refused shows the typed values again.
    refused = {"name": "", "reach": payload, "notes": payload}
    assert_inert(post(worker, team_url("residents:edit", team, contact.pk), refused, 200), payload)
    assert_inert(post(worker, team_url("residents:create", team), refused, 200), payload)
    changed = {"name": f"{payload}!", "reach": "", "notes": payload}
    post(worker, team_url("residents:edit", team, contact.pk), changed)
    assert_inert(get_ok(worker, team_url("residents:detail", team, contact.pk)), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_a_consent_partner_and_the_refused_consent_and_visit_forms(
    personas, team, objects, client_as, payload
):
    worker = client_as(personas["opbouwwerker"])
    contact = objects.contact
    url = team_url("residents:consent_record", team, contact.pk)
    today = date.today().isoformat()
    share = {"purpose": "share", "partner_name": payload, "given_on": today, "method": "digital"}
    post(worker, url, share)
    assert Consent.objects.get(contact=contact, purpose="share").partner_name == payload
    assert_inert(get_ok(worker, team_url("residents:detail", team, contact.pk)), payload)
    assert_inert(get_ok(worker, team_url("residents:list", team)), payload, shown=False)
    future = (date.today() + timedelta(days=3)).isoformat()
    assert_inert(post(worker, url, {**share, "given_on": future}, 200), payload)
    assert_inert(post(worker, url, {**share, "purpose": payload}, 200), payload)
    assert_inert(post(worker, url, {**share, "given_on": payload}, 200), payload)
    assert_inert(post(worker, url, {**share, "method": payload}, 200), payload)
    assert Consent.objects.filter(contact=contact).count() == 2
    visits = HouseholdVisit.objects.count()
    plan = team_url("visits:plan", team, contact.pk)
    assert_inert(post(worker, plan, {"planned_for": payload}, 200), payload)
    assert HouseholdVisit.objects.count() == visits


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_the_audit_log_filters_from_the_query_string(
    personas, team, objects, client_as, payload
):
    client = client_as(personas["coordinator"])
    url = team_url("audit:list", team)
    for field in ("action", "date_from", "date_to"):
        assert_inert(get_ok(client, url, **{field: payload}), payload)
    for field in ("actor", "pagina"):
        assert_inert(get_ok(client, url, **{field: payload}), payload, shown=False)
    every = {f: payload for f in ("action", "actor", "date_from", "date_to", "pagina")}
    assert_inert(get_ok(client, url, **every), payload)
    export = client.get(team_url("audit:export", team), every)
    assert export.status_code == 302
    assert payload not in export["Location"] and "<" not in export["Location"]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(
    "path", ["/zoeken/", "/gemeenten/", "/atlas/ranglijst/"], ids=["site", "gemeenten", "ranking"]
)
def test_it_escapes_the_public_search_fields(client, db, path, payload):
    assert_inert(get_ok(client, path, q=payload), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_escapes_the_login_password_reset_and_code_forms(personas, client_as, payload):
    client = client_as(None)
    login = {"email": payload, "password": "x"}
    assert_inert(post(client, reverse("accounts:login"), login, 200), payload)
    assert_inert(get_ok(client, reverse("accounts:login"), next=payload), payload)
    reset = post(client, reverse("accounts:password_reset"), {"email": payload}, 200)
    assert_inert(reset, payload)
    client = client_as(personas["coordinator"])
    code = post(client, reverse("accounts:two_factor"), {"code": payload}, 200)
    assert_inert(code, payload)
    assert_inert(get_ok(client, reverse("accounts:two_factor"), next=payload), payload)


def test_it_never_links_or_redirects_to_a_javascript_url(personas, client_as):
    evil = "javascript:alert(1)"
    client = client_as(None)
    page = get_ok(client, reverse("accounts:login"), next=evil)
    assert "javascript:" not in page.content.decode()
    login = {"email": "coordinator@example.org", "password": PASSWORD, "next": evil}
    response = post(client, reverse("accounts:login"), login)
    assert response["Location"] == reverse("workspaces:landing")
    setup = get_ok(client, reverse("accounts:two_factor"), next=evil)
    assert "javascript:" not in setup.content.decode()
    language = post(client, reverse("set_language"), {"language": "en", "next": evil})
    assert not language["Location"].lower().startswith("javascript:")
    outside = post(client, reverse("set_language"), {"language": "nl", "next": "//evil.example/"})
    assert "evil.example" not in outside["Location"]
    for target in (evil, "//evil.example/", "https://evil.example/x"):
        switched = client.get(reverse("language"), {"language": "en", "next": target})
        assert switched["Location"] == "/"


# 3. CSRF: a POST without the token is refused and changes nothing.


def csrf_cases():
    """name -> (persona, form page, action, data, state, changes with a token)."""
    today = date.today().isoformat()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = {
        "login": (
            None,
            named("accounts:login"),
            named("accounts:login"),
            lambda o: {"email": "coordinator@example.org", "password": PASSWORD},
            lambda o, c: (logged_in(o, c), FailedLogin.objects.count()),
            True,
        ),
        "set language": (  # Django's POST endpoint stays; the pages link to core.language
            None,
            named("accounts:login"),
            named("set_language"),
            lambda o: {"language": "en", "next": "/"},
            lambda o, c: getattr(c.cookies.get(settings.LANGUAGE_COOKIE_NAME), "value", None),
            True,
        ),
        "logout": (
            "coordinator",
            named("accounts:profile"),
            named("accounts:logout"),
            lambda o: {},
            logged_in,
            True,
        ),
        "profile": (
            "opbouwwerker",
            named("accounts:profile"),
            named("accounts:profile"),
            lambda o: {"name": "Andere naam"},
            lambda o, c: User.objects.get(email="opbouwwerker@example.org").name,
            True,
        ),
        "password change": (
            "coordinator",
            named("accounts:password_change"),
            named("accounts:password_change"),
            lambda o: {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            lambda o, c: User.objects.get(email="coordinator@example.org").check_password(PASSWORD),
            True,
        ),
        "two-step set-up": (
            "coordinator",
            named("accounts:two_factor"),
            named("accounts:two_factor"),
            lambda o: {"code": "123456"},
            lambda o, c: User.objects.get(email="coordinator@example.org").has_2fa,
            False,  # a wrong code: the form is shown again
        ),
        "sign up by invitation": (
            None,
            lambda o: reverse("signup:invitation", args=[o.token]),
            lambda o: reverse("signup:invitation", args=[o.token]),
            lambda o: {"name": "Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            lambda o, c: User.objects.count(),
            True,
        ),
        "create team": (
            "coordinator",
            named("workspaces:create"),
            named("workspaces:create"),
            lambda o: {"name": "Nieuw team", "lead_organisation": o.organisation.pk},
            lambda o, c: Workspace.objects.count(),
            True,
        ),
        "team settings": (
            "coordinator",
            in_team("workspaces:settings"),
            in_team("workspaces:settings"),
            lambda o: {"name": "Andere naam", "lead_organisation": o.organisation.pk},
            lambda o, c: Workspace.objects.get(pk=o.team.pk).name,
            True,
        ),
        "invite": (
            "coordinator",
            in_team("workspaces:members"),
            in_team("workspaces:invite"),
            lambda o: {"email": "ander@example.org", "role": "vrijwilliger"},
            lambda o, c: Invitation.objects.count(),
            True,
        ),
        "withdraw invitation": (
            "coordinator",
            in_team("workspaces:members"),
            in_team("workspaces:invitation_revoke", "invitation"),
            lambda o: {},
            lambda o, c: Invitation.objects.get(pk=o.invitation.pk).revoked_at is None,
            True,
        ),
        "change member role": (
            "coordinator",
            in_team("workspaces:member", "member"),
            in_team("workspaces:member", "member"),
            lambda o: {"role": "vrijwilliger"},
            lambda o, c: Membership.objects.get(pk=o.member.pk).role,
            True,
        ),
        "remove member": (
            "coordinator",
            in_team("workspaces:member_remove", "member"),
            in_team("workspaces:member_remove", "member"),
            lambda o: {},
            lambda o, c: Membership.objects.filter(pk=o.member.pk).exists(),
            True,
        ),
        "hand over": (
            "coordinator",
            in_team("workspaces:hand_over"),
            in_team("workspaces:hand_over"),
            lambda o: {"to": o.member.pk},
            lambda o, c: Membership.objects.get(pk=o.member.pk).role,
            True,
        ),
        "leave": (
            "opbouwwerker",
            in_team("workspaces:leave"),
            in_team("workspaces:leave"),
            lambda o: {},
            lambda o, c: Membership.objects.filter(pk=o.member.pk).exists(),
            True,
        ),
        "record resident": (
            "opbouwwerker",
            in_team("residents:create"),
            in_team("residents:create"),
            lambda o: {"name": "Nieuwe bewoner"},
            lambda o, c: Contact.objects.count(),
            True,
        ),
        "change resident": (
            "opbouwwerker",
            in_team("residents:edit", "contact"),
            in_team("residents:edit", "contact"),
            lambda o: {"name": "Andere naam"},
            lambda o, c: Contact.objects.get(pk=o.contact.pk).name,
            True,
        ),
        "record consent": (
            "opbouwwerker",
            in_team("residents:detail", "contact"),
            in_team("residents:consent_record", "contact"),
            lambda o: {"purpose": "contact", "given_on": today, "method": "spoken"},
            lambda o, c: Consent.objects.count(),
            True,
        ),
        "withdraw consent": (
            "opbouwwerker",
            in_team("residents:detail", "contact"),
            in_team("residents:consent_withdraw", "contact", "consent"),
            lambda o: {},
            lambda o, c: Consent.objects.get(pk=o.consent.pk).withdrawn_at is None,
            True,
        ),
        "plan visit": (
            "opbouwwerker",
            in_team("residents:detail", "contact"),
            in_team("visits:plan", "contact"),
            lambda o: {"planned_for": tomorrow},
            lambda o, c: HouseholdVisit.objects.count(),
            True,
        ),
        "erase": (
            "coordinator",
            in_team("residents:erase", "contact"),
            in_team("residents:erase", "contact"),
            lambda o: {},
            lambda o, c: Contact.objects.get(pk=o.contact.pk).anonymised_at is None,
            True,
        ),
    }
    return [pytest.param(*case, id=name) for name, case in cases.items()]


@pytest.mark.parametrize("persona,page_of,action_of,data_of,state,changes", csrf_cases())
def test_it_refuses_a_post_without_a_csrf_token_and_changes_nothing(
    personas, objects, persona, page_of, action_of, data_of, state, changes
):
    client = Client(enforce_csrf_checks=True)
    if persona:
        client.force_login(personas[persona])
    get_ok(client, page_of(objects))  # sets the CSRF cookie, as a browser would have it
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    action, data = action_of(objects), data_of(objects)
    before = state(objects, client)

    refused = client.post(action, data)
    assert refused.status_code == 403
    assert_strict_policy(refused)
    assert state(objects, client) == before
    forged = client.post(action, {**data, "csrfmiddlewaretoken": "x" * 32})
    assert forged.status_code == 403
    assert state(objects, client) == before

    # The same request with the token goes through: the 403 above was the CSRF check.
    accepted = client.post(action, {**data, "csrfmiddlewaretoken": token})
    assert accepted.status_code in (200, 302)
    assert (state(objects, client) != before) == changes


def url_patterns(patterns, namespaces=(), kwargs=()):
    """(view name, callback, URL kwarg names) of every pattern below `patterns`."""
    for entry in patterns:
        names = [*kwargs, *getattr(entry.pattern, "converters", {})]
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from url_patterns(entry.url_patterns, spaces, names)
        else:
            yield ":".join([*namespaces, entry.name or "?"]), entry.callback, names


def issue_urls():
    everything = url_patterns(get_resolver().url_patterns)
    return [u for u in everything if u[0].split(":")[0] in ISSUE_APPS or u[0] == "set_language"]


def test_it_exempts_no_view_of_these_apps_from_the_csrf_check():
    found = issue_urls()
    assert {"accounts:login", "workspaces:invite", "residents:erase", "set_language"} <= {
        name for name, _view, _kwargs in found
    }
    exempt = [name for name, view, _kwargs in found if getattr(view, "csrf_exempt", False)]
    assert exempt == []


def test_it_refuses_a_post_without_a_token_on_every_url_of_these_apps(personas, objects):
    ids = {
        "workspace_id": objects.team.pk,
        "contact_id": objects.contact.pk,
        "consent_id": objects.consent.pk,
        "invitation_id": objects.invitation.pk,
        "membership_id": objects.member.pk,
        "token": objects.token,
        "uidb64": "MQ",
        "visit_id": objects.visit.pk,
        "step": "woning",
        # The token is checked before a record is looked up: any id will do.
        **dict.fromkeys(
            ("measure_id", "referral_id", "reading_id", "team_measure_id", "service_id"), 1
        ),
    }
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["coordinator"])
    get_ok(client, "/")
    before = (Workspace.objects.count(), Contact.objects.count(), Consent.objects.count())
    answers = {}
    for name, _view, kwargs in issue_urls():
        path = reverse(name, kwargs={k: ids[k] for k in kwargs})
        answers[name] = client.post(path, {"name": "x", "email": "x@example.org"}).status_code
    assert {name: code for name, code in answers.items() if code != 403} == {}
    assert (Workspace.objects.count(), Contact.objects.count(), Consent.objects.count()) == before
    assert Contact.objects.get(pk=objects.contact.pk).anonymised_at is None


# 4. Production settings.


def production_env(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtkompas.settings",
        "DEBUG": "false",
        "SECRET_KEY": f"test-deploy-check-{secrets.token_urlsafe(48)}",
        "ALLOWED_HOSTS": "buurtkompas.example",
        "DB": "sqlite",
        "SQLITE_PATH": str(tmp_path / "production.sqlite3"),
        "STATIC_ROOT": str(tmp_path / "static"),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE_S"):
        env.pop(name, None)
    return env


def console_script() -> str:
    script = Path(sys.executable).with_name("buurtkompas")
    assert script.exists(), f"{script}: install the project (make install)"
    return str(script)


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    command = [console_script(), "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR
    )


def test_it_passes_the_deploy_check_with_production_settings(tmp_path):
    result = deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deploy_check_with_the_development_settings(tmp_path):
    """The check above means something: the development defaults do not pass it."""
    env = production_env(tmp_path, DEBUG="true")
    del env["SECRET_KEY"]
    result = deploy_check(env)
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG
    assert "security.W009" in result.stderr  # the development SECRET_KEY


PRINT_SETTINGS = """
import json
import django
from django.conf import settings
from django.test import Client, RequestFactory

django.setup()
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE",
]
values = {name: getattr(settings, name) for name in names}
client = Client(HTTP_HOST="buurtkompas.example")
plain = client.get("/account/inloggen/")
values["http_redirect"] = [plain.status_code, plain.get("Location", "")]
page = client.get("/account/inloggen/", secure=True)
cookie = page.cookies[settings.CSRF_COOKIE_NAME]
values["csrf_cookie"] = {"secure": bool(cookie["secure"]), "samesite": cookie["samesite"]}
values["hsts"] = page.get("Strict-Transport-Security", "")
print(json.dumps(values))
"""


def test_it_makes_the_cookies_secure_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] <= 8 * 3600
    # What a browser gets: plain HTTP is sent to HTTPS; over HTTPS the CSRF cookie is Secure.
    assert values["http_redirect"] == [301, "https://buurtkompas.example/account/inloggen/"]
    assert values["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert values["hsts"].startswith("max-age=31536000")


def test_it_sends_the_session_cookie_http_only(personas, client_as):
    client = client_as(None)
    login = {"email": "coordinator@example.org", "password": PASSWORD}
    response = post(client, reverse("accounts:login"), login)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# 5. No uploaded files, but photos: the meter photo of a household visit (issue 10), the photos
# of a werkbezoek's report and a member's profile photo (issue 11), which `core.photos`
# re-encodes without EXIF and `core.storage.PrivateMediaStorage` keeps outside any served
# folder; only
# `visits:reading_photo` (to the team), `network:report_photo` (to the report's readers) and
# `network:profile_photo` (under the profile's visibility) stream them. And one file upload:
# a knowledge item's attachment (issue 12), checked by size, extension and first bytes,
# pictures re-encoded by `core.photos`, streamed as a download only to the item's readers.

THE_UPLOADS = [
    "knowledge.Attachment.file",
    "network.MemberProfile.photo",
    "network.ReportPhoto.image",
    "visits.MeterReading.photo",
]


def issue_app_forms():
    for app in ISSUE_APPS:
        try:
            module = importlib.import_module(f"buurtkompas.{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_it_has_no_file_fields_in_any_model_or_form():
    file_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)  # ImageField is a FileField
    ]
    assert sorted(file_fields) == THE_UPLOADS
    from buurtkompas.core.storage import PrivateMediaStorage
    from buurtkompas.knowledge.models import Attachment
    from buurtkompas.network.models import MemberProfile, ReportPhoto
    from buurtkompas.visits.models import MeterReading

    for photo in (
        MeterReading._meta.get_field("photo"),
        ReportPhoto._meta.get_field("image"),
        MemberProfile._meta.get_field("photo"),
        Attachment._meta.get_field("file"),
    ):
        assert isinstance(photo.storage, PrivateMediaStorage)
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert not private.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert not settings.MEDIA_ROOT
    found = list(issue_app_forms())
    assert len(found) >= 8
    form_fields = [
        f"{cls.__name__}.{name}"
        for cls in found
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.FileField)
    ]
    assert form_fields == ["MeterReadingForm.photo"]


def test_it_has_no_view_or_form_that_takes_an_upload():
    base = Path(settings.BASE_DIR) / "buurtkompas"
    readers = [
        str(path.relative_to(base))
        for app in ISSUE_APPS
        for path in (base / app).rglob("*.py")
        if "request.FILES" in path.read_text()
    ]
    assert readers == ["visits/views.py"]
    multipart = [
        str(path.relative_to(base))
        for path in (base / "templates").rglob("*.html")
        if "multipart/form-data" in path.read_text()
    ]
    assert sorted(multipart) == [
        "templates/knowledge/item.html",
        "templates/network/events/report_edit.html",
        "templates/network/members/my_profile.html",
        "templates/visits/step.html",
    ]
    network = (base / "network").rglob("*.py")
    readers = sorted(p.name for p in network if "request.FILES" in p.read_text())
    assert readers == ["member_views.py", "report_views.py"]
    knowledge = (base / "knowledge").rglob("*.py")
    assert sorted(p.name for p in knowledge if "request.FILES" in p.read_text()) == ["views.py"]


def test_it_serves_no_uploaded_media(client, db):
    views = [view for _name, view, _kwargs in url_patterns(get_resolver().url_patterns)]
    assert static.serve not in views
    assert not settings.MEDIA_ROOT
    media_url = settings.MEDIA_URL or "/media/"
    assert client.get(f"{media_url.rstrip('/')}/upload.html").status_code == 404


# 6. Behind a reverse proxy: the client's address (core/client.py, docs/deployment.md).


def request_from(peer: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


def test_it_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    assert client_ip(request_from("192.0.2.10", "203.0.113.9")) == "192.0.2.10"
    assert client_ip(request_from("192.0.2.10")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the spoofed leftmost entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.10"),  # fewer entries than proxies: not believed
        (1, "", "192.0.2.10"),
        (1, "1.2.3.4, not-an-address", "192.0.2.10"),
        (1, "203.0.113.9:4431", "192.0.2.10"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_it_reads_the_client_from_x_forwarded_for_with_a_proxy_count(
    settings, count, forwarded, client
):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], count
    assert client_ip(request_from("192.0.2.10", forwarded)) == client


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.5", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.2.3", "203.0.113.9"),  # two proxies
        ("10.0.0.5", "10.1.0.7, 10.1.0.8", "10.1.0.7"),  # only proxies: the leftmost
        ("198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not through our proxy
        ("10.0.0.5", "bogus", "10.0.0.5"),
    ],
)
def test_it_reads_the_client_behind_trusted_proxies(settings, peer, forwarded, client):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.5", "10.1.0.0/16"], 0
    assert client_ip(request_from(peer, forwarded)) == client


def test_it_throttles_the_client_behind_the_proxy_not_the_proxy(client, personas, settings):
    """The attacker's failures through the proxy do not hold up the owner's log-in through
    the same proxy; the attacker, changing the leftmost entry, stays held up."""
    settings.TRUSTED_PROXY_COUNT, settings.LOGIN_FAILURES_ALLOWED = 1, 3
    login_url = reverse("accounts:login")
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for n in range(3):
        spoofed = f"198.18.0.{n}, 203.0.113.9"
        data = {"email": "partner@example.org", "password": "wrong"}
        client.post(login_url, data, HTTP_X_FORWARDED_FOR=spoofed, **proxy)
    right = {"email": "partner@example.org", "password": PASSWORD}
    attacker = client.post(login_url, right, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", **proxy)
    assert attacker.status_code == 200 and "_auth_user_id" not in client.session
    assert set(FailedLogin.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}

    owner = Client().post(login_url, right, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert owner.status_code == 302


def test_it_counts_guest_registrations_per_client_behind_the_proxy():
    """The network's guest form uses the same helper as the log-in (no REMOTE_ADDR of its
    own), so behind a proxy one guest's registrations do not use up everyone's."""
    source = (settings.BASE_DIR / "buurtkompas" / "network" / "event_views.py").read_text()
    assert "client_ip(request)" in source and "REMOTE_ADDR" not in source
    package = settings.BASE_DIR / "buurtkompas"
    readers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "REMOTE_ADDR" in path.read_text() or "X_FORWARDED_FOR" in path.read_text()
    ]
    assert readers == ["core/client.py"]
