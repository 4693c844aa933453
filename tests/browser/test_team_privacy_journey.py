"""Accounts, neighbourhood teams and privacy by design, in a real Chromium, through the pages.

The coordinator, a partner, an outsider (a user of no team), the team and one resident the team
has not been in touch with for three years are made in the server's database first. Everything
after that is clicked and typed: the coordinator invites a colleague by e-mail (the link is read
from the e-mail the server wrote to a file), the colleague signs up through it in a browser of
their own and lands in the team; the coordinator changes the colleague's role and back; the
colleague records a resident, is refused a household visit until the resident consents to one,
plans it and withdraws the consent. A partner sees only counts; an outsider gets the site's own
404 page. The coordinator exports the resident's data and erases it, the retention rule runs
(from the command line, as cron would) and the audit log shows every step by whom, never a
resident's name, and its filters narrow it. axe-core checks the members, residents, resident
and audit pages.

Texts are compared with what the Dutch interface shows (the English msgid run through the Dutch
translation), as in test_buurtwerk_journey."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from buurtkompas.audit.labels import ACTION_LABELS
from buurtkompas.workspaces.models import Membership, Role
from tests.browser.conftest import run_cli, sent_mail, serious_axe_violations
from tests.browser.test_buurtwerk_journey import (
    expect_flash,
    heading,
    label,
    nl,
    nl_date,
    nl_plural,
    record_consent,
    row,
    team_menu,
)
from tests.conftest import PASSWORD
from tests.helpers import pdf_text

pytestmark = pytest.mark.browser

TEAM = "Buurtteam Oosterpark-Noord"
COORDINATOR = ("coordinator.privacy@example.org", "Ilse de Coördinator")
COLLEAGUE = ("colleague.privacy@example.org", "Noor Opbouwwerker")
PARTNER = ("partner.privacy@example.org", "Pieter van de Corporatie")
OUTSIDER = ("outsider.privacy@example.org", "Olaf Buitenstaander")
RESIDENT = "Henriëtte van de Linnaeusparkweg"
FORGOTTEN = "Gerrit uit de Eerste Oosterparkstraat"  # no activity for three years
MONTHS = 24  # the default retention period (settings.RETENTION_MONTHS)

# Run with the server's environment. Prints the team's id.
SETUP = f"""
from datetime import timedelta

from django.utils import timezone

from buurtkompas.accounts.models import Organisation, User
from buurtkompas.residents.models import Contact
from buurtkompas.residents.services import contact_create
from buurtkompas.workspaces.models import Membership, Role
from buurtkompas.workspaces.services import workspace_create

organisation = Organisation.objects.create(
    name="Stichting Buurtwerk Oost", kind="welzijnsorganisatie", gemeente_code="GM0363"
)
users = {{
    email: User.objects.create_user(email, {PASSWORD!r}, name=name)
    for email, name in {[COORDINATOR, PARTNER, OUTSIDER]!r}
}}
coordinator, partner = users[{COORDINATOR[0]!r}], users[{PARTNER[0]!r}]
team = workspace_create(actor=coordinator, name={TEAM!r}, lead_organisation=organisation)
Membership.objects.create(workspace=team, user=partner, role=Role.PARTNER)
forgotten = contact_create(actor=coordinator, workspace=team, name={FORGOTTEN!r})
three_years_ago = timezone.now() - timedelta(days=3 * 365)
Contact.objects.filter(pk=forgotten.pk).update(last_activity_at=three_years_ago)
print(f"TEAM={{team.pk}}")
"""


def role_change(old: str, new: str, *, sees: bool) -> str:
    """The details of a role change in the audit log, as the Dutch page words them."""
    with translation.override("nl"):
        field = Membership._meta.get_field("sees_personal_data").verbose_name
        said = translation.gettext("yes" if sees else "no")
        old_label, new_label = Role(old).label, Role(new).label
        words = translation.gettext("from"), translation.gettext("to")
        return f"{words[0]}: {old_label}; {words[1]}: {new_label}; {field}: {said}"


@pytest.fixture(scope="module")
def team_id(server_env, server_url) -> int:
    output = run_cli(["shell", "--no-imports", "-c", SETUP], server_env)
    return int(re.search(r"^TEAM=(\d+)$", output, re.M).group(1))


def log_in(page: Page, email: str) -> None:
    page.goto("/account/inloggen/")
    heading(page, nl("Log in"))
    page.get_by_label(label("E-mail address"), exact=True).fill(email)
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    # a member of one team lands in it, anyone else on "My teams"; the journey starts there
    expect(page).to_have_url(re.compile(r"/teams/(\d+/)?$"))
    page.goto("/teams/")
    heading(page, nl("My teams"))


def open_team(page: Page, team_id: int) -> None:
    page.get_by_role("link", name=TEAM, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/teams/{team_id}/$"))
    heading(page, TEAM)


def role_shown(page: Page, role: str) -> None:
    """The role next to the team's name, above the team menu."""
    expect(page.locator(".workspace-name")).to_contain_text(nl(role))


def member(page: Page, name: str):
    return page.locator(".member-list > li").filter(has_text=name)


def axe_clean(page: Page, name: str) -> None:
    found = serious_axe_violations(page)
    assert found == [], f"axe-core finds serious or critical problems on the {name} page"


def invite_colleague(page: Page, server_env: dict) -> str:
    """The coordinator invites the colleague as a community worker; returns the e-mailed link."""
    team_menu(page, "Team members")
    heading(page, nl("Team members"))
    expect(member(page, COORDINATOR[1])).to_contain_text(capfirst(nl("coordinator")))
    expect(page.get_by_text(nl("There are no open invitations."))).to_be_visible()
    axe_clean(page, "members")

    invite = page.get_by_role("region", name=nl("Invite someone"))
    invite.get_by_label(label("E-mail address"), exact=True).fill(COLLEAGUE[0])
    invite.get_by_label(label("Role"), exact=True).select_option(label=nl("community worker"))
    invite.get_by_role("button", name=nl("Send the invitation")).click()

    expect_flash(page, nl("An invitation was sent to %(email)s.", email=COLLEAGUE[0]))
    heading(page, nl("Team members"))
    invitation = member(page, COLLEAGUE[0])
    expect(invitation).to_contain_text(capfirst(nl("community worker")))
    expect(invitation).to_contain_text(nl("invited by %(name)s", name=COORDINATOR[1]))
    withdraw = f"{nl('Withdraw')} {nl('the invitation to %(email)s', email=COLLEAGUE[0])}"
    expect(invitation.get_by_role("button", name=withdraw)).to_be_visible()

    # The e-mail, in Dutch, with the one-time link.
    mails = sent_mail(server_env, COLLEAGUE[0])
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"] == nl("Invitation to join %(team)s on Buurtkompas", team=TEAM)
    body = mail.get_content()
    assert nl("Open this link to accept the invitation:") in body
    links = re.findall(r"https?://\S+/account/uitnodiging/[\w-]+/", body)
    assert len(links) == 1, body
    return links[0]


def join_by_invitation(page: Page, link: str, team_id: int) -> None:
    """The colleague opens the link in their own browser, makes an account and is in."""
    page.goto(link)
    heading(page, nl("Invitation to %(team)s", team=TEAM))
    facts = page.locator("dl.invitation")
    expect(facts.locator("dd")).to_contain_text(
        [TEAM, capfirst(nl("community worker")), COLLEAGUE[0]]
    )
    expect(page.get_by_role("heading", level=2)).to_have_text(nl("Create your account"))
    page.get_by_label(label("Your name"), exact=True).fill(COLLEAGUE[1])
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(label("Password confirmation"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Create account and join")).click()

    expect(page).to_have_url(re.compile(rf"/teams/{team_id}/$"))
    expect_flash(page, nl("Welcome to %(team)s.", team=TEAM))
    heading(page, TEAM)
    role_shown(page, "community worker")

    # The link works once.
    page.goto(link)
    heading(page, nl("Invitation"))
    expect(page.get_by_role("alert")).to_have_text(nl("This invitation has already been used."))
    page.get_by_role("link", name=nl("My teams")).click()
    open_team(page, team_id)


def change_role(page: Page, role: str, *, personal_data: bool) -> None:
    """On the members page (coordinator): give the colleague this role."""
    team_menu(page, "Team members")
    heading(page, nl("Team members"))
    change = f"{nl('Change role')} {nl('of %(name)s', name=COLLEAGUE[1])}"
    member(page, COLLEAGUE[1]).get_by_role("link", name=change).click()
    heading(page, nl("Role of %(name)s", name=COLLEAGUE[1]))
    page.get_by_label(label("Role"), exact=True).select_option(label=nl(role))
    page.get_by_label(nl("may see residents' personal data")).set_checked(personal_data)
    page.get_by_role("button", name=nl("Save")).click()

    expect_flash(page, nl("The role of %(name)s was saved.", name=COLLEAGUE[1]))
    heading(page, nl("Team members"))
    expect(member(page, COLLEAGUE[1])).to_contain_text(capfirst(nl(role)))


def record_resident(page: Page, today: date) -> int:
    """The colleague records a resident who agreed to be contacted; returns the contact id."""
    team_menu(page, "Residents")
    heading(page, nl("Residents"))
    page.get_by_role("link", name=nl("Add a resident")).click()
    heading(page, nl("Add a resident"))
    # The privacy notice, above the form and as the form's description for screen readers.
    never = nl("Do not enter a BSN, date of birth or health data.")
    notice = page.locator("#privacy-notice")
    expect(notice).to_be_visible()
    expect(notice.locator("strong")).to_have_text(never)
    form = page.locator("form.resident-form")
    expect(form).to_have_accessible_description(re.compile("^" + re.escape(never)))
    page.get_by_label(label("name or nickname"), exact=True).fill(RESIDENT)
    page.get_by_label(label("how to reach (optional)"), exact=True).fill("via de buurvrouw op 12")
    page.get_by_role("button", name=nl("Save")).click()

    expect_flash(page, nl("The resident was recorded. Record their consent below."))
    heading(page, RESIDENT)
    contact_id = int(re.search(r"/bewoners/(\d+)/$", page.url).group(1))
    # The page title (kept in the browser history) names the resident by number only.
    expect(page).to_have_title(re.compile("^" + re.escape(nl("Resident #%(id)s", id=contact_id))))
    no_consent = nl(
        "No consent has been recorded yet. Without consent the team can only keep the contact "
        "itself."
    )
    expect(page.get_by_text(no_consent)).to_be_visible()
    record_consent(page, "being contacted", today)
    return contact_id


def plan_visit(page: Page, day: date) -> None:
    form = page.locator("form").filter(
        has=page.get_by_role("button", name=nl("Plan a household visit"))
    )
    form.get_by_label(label("Date of the visit"), exact=True).fill(day.isoformat())
    form.get_by_role("button", name=nl("Plan a household visit")).click()


def expect_visit_refused(page: Page) -> None:
    refused = nl(
        "There is no consent from this resident for %(purpose)s. Record the consent first.",
        purpose=nl("a household visit"),
    )
    heading(page, RESIDENT)  # still the resident's page
    expect(page.locator(".messages")).to_have_count(0)
    form = page.locator("form").filter(
        has=page.get_by_role("button", name=nl("Plan a household visit"))
    )
    expect(form.locator(".errorlist")).to_have_text(refused)


def visits_and_consents(page: Page, today: date, visit_day: date) -> None:
    """Refused without consent; planned with it; consent withdrawn, refused again."""
    needs = nl("A household visit can only be planned when the resident has consented to a visit.")
    expect(page.get_by_text(needs)).to_be_visible()
    plan_visit(page, visit_day)
    expect_visit_refused(page)
    expect(page.get_by_text(nl("No household visit has been planned."))).to_be_visible()

    record_consent(page, "a household visit", today)
    expect(page.get_by_text(needs)).to_have_count(0)
    plan_visit(page, visit_day)
    expect_flash(page, nl("The household visit was planned."))
    visits = page.locator(".visit-list li")
    expect(visits).to_have_text(
        [f"{nl_date(visit_day, 'l j F Y')} · {nl('first visit')} · {nl('planned')}"]
    )

    visit_consent = row(page, nl("a household visit"))
    # "Withdraw: <purpose>"; the purpose is visually hidden (Chromium puts a space before ":")
    withdraw = re.compile(rf"^{nl('Withdraw')}\s?: {re.escape(nl('a household visit'))}$")
    visit_consent.get_by_role("button", name=withdraw).click()
    expect_flash(page, nl("The consent was withdrawn. What needed it is no longer possible."))
    withdrawn = nl("withdrawn on %(date)s", date=nl_date(today))
    expect(row(page, nl("a household visit")).get_by_role("cell").last).to_have_text(
        f"{withdrawn} ({COLLEAGUE[1]})"
    )
    expect(row(page, nl("being contacted"))).to_contain_text(nl("active"))
    expect(page.get_by_text(needs)).to_be_visible()
    plan_visit(page, visit_day + timedelta(days=7))
    expect_visit_refused(page)
    expect(visits).to_have_count(1)  # the visit planned before stays; no new one


def partner_sees_counts_only(page: Page, team_id: int, contact_id: int) -> None:
    log_in(page, PARTNER[0])
    open_team(page, team_id)
    role_shown(page, "partner (read-only, aggregates only)")
    team_menu(page, "Residents")
    heading(page, nl("Residents"))
    expect(page.locator("main .note")).to_have_text(
        nl(
            "You see numbers only: your role in this team does not give access to residents' "
            "personal data."
        )
    )
    expect(page.locator(".stats li")).to_have_text(
        [f"2 {nl('residents recorded')}", f"0 {nl('of them anonymised')}"]
    )
    per_buurt = page.get_by_role("table", name=nl("Per buurt"))
    expect(row(per_buurt, nl("(no buurt given)")).get_by_role("cell")).to_have_text("2")
    per_purpose = page.get_by_role("table", name=nl("Consents per purpose"))
    expect(row(per_purpose, nl("being contacted")).get_by_role("cell")).to_have_text("1")
    expect(row(per_purpose, nl("a household visit")).get_by_role("cell")).to_have_text("0")
    main = page.locator("main")
    expect(main).not_to_contain_text(RESIDENT)
    expect(main).not_to_contain_text(FORGOTTEN)
    expect(page.get_by_role("link", name=nl("Add a resident"))).to_have_count(0)
    expect(page.get_by_role("search", name=nl("Search residents"))).to_have_count(0)

    # Nor can a partner open the resident by the address.
    response = page.goto(f"/teams/{team_id}/bewoners/{contact_id}/")
    assert response.status == 403
    heading(page, nl("No access"))
    expect(page.locator("main")).not_to_contain_text(RESIDENT)


def outsider_gets_not_found(page: Page, production_url: str, team_id: int) -> None:
    """A logged-in user of no team: the team's pages do not exist for them. The production
    server (DEBUG off, same database and session) shows the site's own 404 page."""
    log_in(page, OUTSIDER[0])
    no_team = nl(
        "You are not a member of a team yet. Start a team, or ask a coordinator to invite you."
    )
    expect(page.get_by_text(no_team)).to_be_visible()
    expect(page.get_by_role("link", name=TEAM)).to_have_count(0)
    for path in (f"/teams/{team_id}/", f"/teams/{team_id}/bewoners/"):
        response = page.goto(production_url + path)
        assert response.status == 404
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        heading(page, nl("Page not found"))
        expect(page).to_have_title(re.compile("^" + re.escape(nl("Page not found"))))
        expect(page.locator("main")).not_to_contain_text(TEAM)
        expect(page.get_by_role("link", name=nl("Go to the home page"))).to_be_visible()


def export_and_erase(page: Page, team_id: int, contact_id: int, visit_day: date) -> None:
    """The coordinator: the resident's data as JSON and PDF, then erasure."""
    team_menu(page, "Residents")
    heading(page, nl("Residents"))
    expect(
        page.get_by_text(
            nl_plural(
                "The team has recorded %(counter)s resident.",
                "The team has recorded %(counter)s residents.",
                2,
            )
        )
    ).to_be_visible()
    axe_clean(page, "residents")
    page.get_by_role("link", name=RESIDENT).click()
    heading(page, RESIDENT)
    rights = page.get_by_role("heading", level=2, name=nl("The resident's rights"))
    expect(rights).to_be_visible()
    axe_clean(page, "resident")

    with page.expect_download() as info:
        page.get_by_role("link", name=nl("Export everything as JSON (machine-readable)")).click()
    download = info.value
    assert download.suggested_filename == f"bewoner-{contact_id}.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["contact"]["name"] == RESIDENT
    assert data["contact"]["reach"] == "via de buurvrouw op 12"
    assert data["workspace"] == {"name": TEAM, "controller": "Stichting Buurtwerk Oost"}
    consents = {c["purpose"]: c for c in data["consents"]}
    assert set(consents) == {"contact", "visit"}
    assert consents["contact"]["withdrawn_at"] is None
    assert consents["visit"]["withdrawn_at"] is not None
    # Withdrawing the visit consent cancelled the visit that was still planned.
    assert [(v["planned_for"], v["kind"], v["status"]) for v in data["visits"]] == [
        (visit_day.isoformat(), "first", "cancelled")
    ]

    with page.expect_download() as info:
        page.get_by_role("link", name=nl("Export everything as PDF (readable)")).click()
    download = info.value
    assert download.suggested_filename == f"bewoner-{contact_id}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert RESIDENT in pdf_text(pdf)

    page.get_by_role("link", name=nl("Erase the personal data…")).click()
    heading(page, nl("Erase a resident's personal data"))
    about = nl(
        "You are about to erase the personal data of <strong>%(name)s</strong>.", name=RESIDENT
    )
    expect(page.locator(".lead")).to_have_text(re.sub(r"</?strong>", "", about))
    expect(page.locator(".lead strong")).to_have_text(RESIDENT)
    expect(
        page.get_by_text(
            nl(
                "This cannot be undone. If the resident asked for a copy of their "
                "data, export it first."
            )
        )
    ).to_be_visible()
    page.get_by_role("button", name=nl("Erase the personal data"), exact=True).click()

    expect_flash(
        page,
        nl("The personal data was erased. The resident is now shown as #%(id)s.", id=contact_id),
    )
    heading(page, nl("Residents"))
    expect(row(page, f"#{contact_id} ({nl('anonymised')})")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(RESIDENT)
    expect(page.get_by_role("link", name=FORGOTTEN)).to_be_visible()  # not yet: see retention
    response = page.goto(f"/teams/{team_id}/bewoners/{contact_id}/")
    assert response.status == 404  # an erased resident cannot be opened any more


def retention(server_env: dict) -> None:
    """What cron runs daily: the dry run names the team and counts, then the real run."""
    output = run_cli(["retention", "--dry-run"], server_env)
    assert f"{TEAM}: 1 contact would be anonymised (no activity for {MONTHS} months)" in output
    assert FORGOTTEN not in output and RESIDENT not in output
    output = run_cli(["retention"], server_env)
    assert f"{TEAM}: 1 contact anonymised (no activity for {MONTHS} months)" in output
    assert FORGOTTEN not in output
    assert TEAM not in run_cli(["retention", "--dry-run"], server_env)  # nothing left to do


def audit_rows(page: Page) -> list[tuple[str, str, str, str]]:
    """(who, what, action code, which object) of every row of the audit table on this page."""
    return page.locator("table.audit-table tbody tr").evaluate_all(
        """rows => rows.map(r => {
            const [when, who, what, which, details] = r.cells;
            const code = what.querySelector(".code");
            const label = what.textContent.replace(code.textContent, "").trim();
            return [who.innerText.trim(), label, code.textContent.trim(), which.innerText.trim()];
        })"""
    )


def shown_nl(lazy) -> str:
    with translation.override("nl"):
        return str(lazy)


def check_audit_log(page: Page, contact_id: int) -> None:
    team_menu(page, "Audit log")
    heading(page, nl("Audit log"))
    main = page.locator("main")
    for name in (RESIDENT, FORGOTTEN):
        expect(main).not_to_contain_text(name)
    system = nl("the system")
    coordinator, colleague = COORDINATOR[1], COLLEAGUE[1]
    expected = {
        ("workspaces.workspace.created", coordinator),
        ("residents.contact.created", coordinator),  # the forgotten resident, years ago
        ("workspaces.invitation.created", coordinator),
        ("workspaces.invitation.accepted", colleague),
        ("workspaces.membership.changed", coordinator),
        ("residents.contact.created", colleague),
        ("residents.contact.viewed", colleague),
        ("residents.consent.recorded", colleague),
        ("visits.visit.planned", colleague),
        ("visits.visit.cancelled", colleague),  # visit consent withdrawn
        ("residents.consent.withdrawn", colleague),
        ("residents.contact.viewed", coordinator),
        ("residents.contact.exported", coordinator),
        ("residents.contact.erased", coordinator),
        ("residents.contact.anonymised", system),
    }
    rows = audit_rows(page)
    seen = set()
    for who, what, code, _which in rows:
        assert what == shown_nl(ACTION_LABELS[code]), code
        seen.add((code, who))
    assert seen == expected
    expect(page.get_by_role("status")).to_have_text(
        nl_plural("%(n)s event", "%(n)s events", len(rows))
    )
    erased = [which for _who, _what, code, which in rows if code == "residents.contact.erased"]
    assert erased == [f"{nl('resident')} #{contact_id}"]  # by number, never by name
    axe_clean(page, "audit log")

    # Narrow it down: one action, then one member.
    role_changed = nl("member's role changed")
    page.get_by_label(label("Action"), exact=True).select_option(label=role_changed)
    page.get_by_role("button", name=nl("Filter")).click()
    expect(page.get_by_role("status")).to_have_text(nl_plural("%(n)s event", "%(n)s events", 2))
    expect(page).to_have_url(re.compile(r"[?&]action=workspaces\.membership\.changed"))
    changes = page.locator("table.audit-table tbody tr")
    expect(changes).to_have_count(2)
    for index in range(2):
        cells = changes.nth(index).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(coordinator)
        expect(cells.nth(2)).to_contain_text(role_changed)
    # newest first: back to community worker, after the volunteer with the grant
    # the details in words: the roles' and the field's Dutch names, not their codes
    expect(changes.nth(0).get_by_role("cell").last).to_have_text(
        role_change("vrijwilliger", "opbouwwerker", sees=False)
    )
    expect(changes.nth(1).get_by_role("cell").last).to_have_text(
        role_change("opbouwwerker", "vrijwilliger", sees=True)
    )

    page.get_by_label(label("Action"), exact=True).select_option(label=nl("all actions"))
    page.get_by_label(label("Member"), exact=True).select_option(label=colleague)
    page.get_by_role("button", name=nl("Filter")).click()
    colleague_rows = [r for r in rows if r[0] == colleague]
    expect(page.get_by_role("status")).to_have_text(
        nl_plural("%(n)s event", "%(n)s events", len(colleague_rows))
    )
    expect(page.locator("table.audit-table tbody tr td:nth-child(2)")).to_have_text(
        [colleague] * len(colleague_rows)
    )

    # The CSV of the whole log holds no resident's name either.
    page.get_by_role("link", name=nl("Show everything")).click()
    expect(page.get_by_role("status")).to_have_text(
        nl_plural("%(n)s event", "%(n)s events", len(rows))
    )
    with page.expect_download() as info:
        page.get_by_role("link", name=nl("Download these events (CSV)")).click()
    csv = Path(info.value.path()).read_text(encoding="utf-8")
    assert len(csv.strip().splitlines()) == len(rows) + 1
    assert RESIDENT not in csv and FORGOTTEN not in csv


def test_a_team_invites_a_colleague_and_handles_a_residents_data_with_care(
    new_page, server_env, production_server_url, team_id
):
    today = timezone.localdate()
    visit_day = today + timedelta(days=14)

    coordinator = new_page()
    log_in(coordinator, COORDINATOR[0])
    open_team(coordinator, team_id)
    role_shown(coordinator, "coordinator")
    link = invite_colleague(coordinator, server_env)

    colleague = new_page()  # another browser: no cookies of the coordinator
    join_by_invitation(colleague, link, team_id)
    coordinator.reload()
    expect(member(coordinator, COLLEAGUE[1])).to_contain_text(capfirst(nl("community worker")))
    expect(coordinator.get_by_text(nl("There are no open invitations."))).to_be_visible()

    # A volunteer who may see personal data, then a community worker again.
    change_role(coordinator, "volunteer / active resident", personal_data=True)
    expect(member(coordinator, COLLEAGUE[1])).to_contain_text(
        nl("may see residents' personal data")
    )
    colleague.reload()
    role_shown(colleague, "volunteer / active resident")
    team_menu(colleague, "Residents")  # the grant: names, not only counts
    heading(colleague, nl("Residents"))
    expect(colleague.get_by_role("link", name=nl("Add a resident"))).to_be_visible()
    change_role(coordinator, "community worker", personal_data=False)
    expect(member(coordinator, COLLEAGUE[1])).not_to_contain_text(
        nl("may see residents' personal data")
    )
    colleague.reload()
    role_shown(colleague, "community worker")

    contact_id = record_resident(colleague, today)
    visits_and_consents(colleague, today, visit_day)

    partner_sees_counts_only(new_page(), team_id, contact_id)
    outsider_gets_not_found(new_page(), production_server_url, team_id)

    export_and_erase(coordinator, team_id, contact_id, visit_day)
    retention(server_env)
    coordinator.goto(f"/teams/{team_id}/bewoners/")
    heading(coordinator, nl("Residents"))
    anonymised = coordinator.get_by_role(
        "rowheader", name=re.compile(re.escape(f"({nl('anonymised')})"))
    )
    expect(anonymised).to_have_count(2)
    expect(coordinator.locator("main")).not_to_contain_text(FORGOTTEN)

    check_audit_log(coordinator, contact_id)
