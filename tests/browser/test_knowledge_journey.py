"""From practice to knowledge, in a real Chromium through the pages only.

Made in the server's database first: a team whose coordinator is a member of a network, a
resident who leads the team's initiative, and the initiative itself, whose goal names the
resident with a phone number. Then, clicked and typed: the team coordinator shares the
initiative as a practice case (the preview and the draft carry no personal data), completes
the draft, makes it public and submits it; the network coordinator finds it under "to review"
and publishes it; an anonymous visitor finds it by a Dutch query with other word forms
("tochtstrip huurder" for a text about "tochtstrips" and "huurders") on a phone-sized screen.
Pages are checked with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, run_cli
from tests.browser.test_buurtwerk_journey import heading, label, nl
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AUTHOR = ("kennis.auteur@example.org", "Anna Auteur")
REVIEWER = ("kennis.coordinator@example.org", "Karel Coördinator")
RESIDENT = "Wilhelmina Vandersloot"
PHONE = "06-98765432"

SETUP = f"""
from buurtkompas.accounts.models import Organisation, User
from buurtkompas.buurtwerk.services.initiatives import initiative_create
from buurtkompas.network.services import member_add, network_create
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.workspaces.services import workspace_create
import datetime

author = User.objects.create_user({AUTHOR[0]!r}, {PASSWORD!r}, name={AUTHOR[1]!r})
reviewer = User.objects.create_user({REVIEWER[0]!r}, {PASSWORD!r}, name={REVIEWER[1]!r})
organisation = Organisation.objects.create(name="Welzijn Kennis", kind="welzijnsorganisatie")
team = workspace_create(actor=author, name="Team Kennis", lead_organisation=organisation)
network = network_create(actor=reviewer, name="Netwerk kennis", coordinator=reviewer)
member_add(actor=reviewer, network=network, user=author)
lead = contact_create(actor=author, workspace=team, name={RESIDENT!r})
consent_record(actor=author, contact=lead, purpose=Purpose.CONTACT,
               given_on=datetime.date(2026, 11, 2), method="spoken")
initiative = initiative_create(
    actor=author, workspace=team, title="Tochtvrij wonen in de Kennisbuurt", chain_stage="saving",
    goal="Met {RESIDENT} (bel {PHONE}) de tocht uit de portiekflats halen.", leads=[lead])
print(f"INITIATIVE={{team.pk}}/{{initiative.pk}}")
"""


@pytest.fixture(scope="module")
def initiative_path(server_env, server_url) -> str:
    output = run_cli(["shell", "--no-imports", "-c", SETUP], server_env)
    team_id, initiative_id = re.search(r"^INITIATIVE=(\d+)/(\d+)$", output, re.M).groups()
    return f"/teams/{team_id}/initiatieven/{initiative_id}/"


def log_in(page: Page, email: str) -> None:
    page.goto("/account/inloggen/")
    page.get_by_label(label("E-mail address"), exact=True).fill(email)
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    expect(page).not_to_have_url(re.compile(r"/account/inloggen/"))


def test_a_practice_case_goes_from_an_initiative_to_the_public_without_personal_data(
    new_page, initiative_path
):
    author = new_page()
    log_in(author, AUTHOR[0])
    author.goto(initiative_path)
    author.get_by_role("link", name=nl("Share as practice case")).click()
    heading(author, nl("Share as practice case"))
    preview = author.locator("main").inner_text()
    assert RESIDENT not in preview and PHONE not in preview
    assert "[naam verwijderd]" in preview
    assert_no_axe_violations(author, "share preview")
    author.get_by_role("button", name=nl("Make the draft")).click()

    # the draft: complete it, make it public, save, submit
    expect(author.get_by_label(label("summary"))).to_be_visible()
    assert RESIDENT not in author.content() and PHONE not in author.content()
    author.get_by_label(label("summary")).fill(
        "Huurders plakken samen tochtstrips in de portiekflats van de buurt."
    )
    author.get_by_label(label("approach")).fill(
        "Buren helpen buren, met materiaal van de corporatie."
    )
    author.get_by_label(label("who may read it")).select_option(
        label=nl("everyone (open, under a Creative Commons licence)")
    )
    assert_no_axe_violations(author, "edit form")
    author.get_by_role("button", name=nl("Save"), exact=True).click()
    expect(author.get_by_text(nl("Your changes are saved."))).to_be_visible()
    author.get_by_role("button", name=nl("Submit for review")).click()
    expect(author.get_by_text(nl("The item is submitted for review."))).to_be_visible()

    # the network coordinator reviews and publishes
    reviewer = new_page()
    log_in(reviewer, REVIEWER[0])
    reviewer.goto("/kennisbank/beoordelen/")
    reviewer.get_by_role("link", name="Tochtvrij wonen in de Kennisbuurt").click()
    reviewer.get_by_role("button", name=nl("Publish")).click()
    expect(reviewer.get_by_text(nl("The item is published."))).to_be_visible()

    # anyone finds it by other word forms, on a phone
    visitor = new_page(width=360, height=740)
    visitor.goto("/kennisbank/")
    visitor.get_by_label(nl("Search the knowledge base")).fill("tochtstrip huurder")
    visitor.get_by_role("button", name=nl("Search"), exact=True).click()
    result = visitor.get_by_role("link", name="Tochtvrij wonen in de Kennisbuurt")
    expect(result).to_be_visible()
    assert_no_axe_violations(visitor, "search results on a phone")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 360
    result.click()
    heading(visitor, "Tochtvrij wonen in de Kennisbuurt")
    shown = visitor.locator("main").inner_text()
    assert RESIDENT not in shown and PHONE not in shown
    assert "CC BY 4.0" in shown
    assert_no_axe_violations(visitor, "published item")
