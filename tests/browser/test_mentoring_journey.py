"""A rookie finds a master, in a real Chromium, through the pages only.

Made in the server's database first: a network with its coordinator and two members. Then,
clicked and typed: the master offers to guide rookies, the rookie asks for a master, the
coordinator sees the master suggested with the reasons and proposes the pair (both get an
e-mail), both accept, the rookie writes the intake, logs two meetings (one with a mistake the
form points out, keeping what was typed) and completes the midterm check; the coordinator's
overview shows the counts and the score but never the private notes. Pages are checked with
axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, run_cli, sent_mail
from tests.browser.test_buurtwerk_journey import heading, label, nl
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SLUG = "netwerk-mentoring"
PEOPLE = {
    "coordinator": ("mentoring.coordinator@example.org", "Cor Coördinator"),
    "master": ("mentoring.master@example.org", "Marja Master"),
    "rookie": ("mentoring.rookie@example.org", "Ruben Rookie"),
}
NOTE = "Ruben wil eerst oefenen met een kleine groep"

SETUP = f"""
from buurtkompas.accounts.models import User
from buurtkompas.network.services import member_add, network_create

people = {{key: User.objects.create_user(email, {PASSWORD!r}, name=name)
          for key, (email, name) in {PEOPLE!r}.items()}}
network = network_create(actor=people["coordinator"], name="Netwerk mentoring",
                         coordinator=people["coordinator"])
for key in ("master", "rookie"):
    member_add(actor=people["coordinator"], network=network, user=people[key])
print("SLUG=" + network.slug)
"""


@pytest.fixture(scope="module")
def network_slug(server_env, server_url) -> str:
    output = run_cli(["shell", "--no-imports", "-c", SETUP], server_env)
    return re.search(r"^SLUG=(.+)$", output, re.M).group(1)


def log_in(page: Page, who: str) -> None:
    page.goto("/account/inloggen/")
    page.get_by_label(label("E-mail address"), exact=True).fill(PEOPLE[who][0])
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    expect(page).to_have_url(re.compile(r"/teams/(\d+/)?$"))


def open_mentoring(page: Page, slug: str) -> None:
    page.goto(f"/netwerken/{slug}/")
    page.get_by_role("link", name=nl("Mentoring (rookie–master)")).click()
    heading(page, nl("Mentoring (rookie–master)"))


def offer_to_be_a_master(page: Page, slug: str) -> None:
    open_mentoring(page, slug)
    page.get_by_role("link", name=nl("Offer to be a master")).click()
    page.get_by_label(nl("energy saving")).check()
    page.get_by_label(nl("ABCD (asset-based community development)")).check()
    page.get_by_label(label("Gemeenten where you work or can meet"), exact=True).fill(
        "Rotterdam, Schiedam"
    )
    page.get_by_label(label("How many rookies at the same time"), exact=True).select_option("2")
    page.get_by_label(label("Years of experience in community work"), exact=True).fill("15")
    assert_no_axe_violations(page)
    page.get_by_role("button", name=nl("Save")).click()
    expect(page.locator(".messages")).to_contain_text(nl("Your offer to be a master was saved."))


def ask_for_a_master(page: Page, slug: str) -> None:
    open_mentoring(page, slug)
    page.get_by_role("link", name=nl("Ask for a master")).click()
    page.get_by_label(label("What you want to learn"), exact=True).fill(
        "Bewonersavonden leiden en samenwerken met de corporatie"
    )
    page.get_by_label(nl("energy saving")).check()
    page.get_by_label(label("Gemeente where you work"), exact=True).select_option(label="Rotterdam")
    page.get_by_label(label("When you are available"), exact=True).fill("Dinsdagmiddag")
    assert_no_axe_violations(page)
    page.get_by_role("button", name=nl("Save")).click()
    expect(page.locator(".messages")).to_contain_text(nl("Your request for a master was saved."))


def propose(page: Page, slug: str) -> str:
    page.goto(f"/netwerken/{slug}/mentoring/koppelen/")
    heading(page, nl("Make pairs"))
    page.get_by_role("link", name=PEOPLE["rookie"][1]).click()
    suggestion = page.locator("section.card").first
    expect(suggestion).to_contain_text(PEOPLE["master"][1])
    expect(suggestion).to_contain_text(nl("Both work in %(gemeente)s", gemeente="Rotterdam"))
    assert_no_axe_violations(page)
    proposal = nl("Propose %(name)s as master", name=PEOPLE["master"][1])
    suggestion.get_by_role("button", name=proposal).click()
    expect(page.locator(".messages")).to_contain_text(
        nl("The pair was proposed; both have been e-mailed.")
    )
    return re.sub(r"^https?://[^/]+", "", page.url)


def accept(page: Page, path: str, message: str) -> None:
    page.goto(path)
    page.get_by_label(nl("Yes, I accept")).check()
    page.get_by_role("button", name=nl("Send your answer")).click()
    expect(page.locator(".messages")).to_contain_text(nl(message))


def log_meeting(page: Page, topics: str, minutes: str, notes: str = "") -> None:
    page.get_by_role("link", name=nl("Log a meeting")).click()
    page.get_by_label(label("Duration in minutes"), exact=True).fill(minutes)
    page.get_by_label(label("Topics"), exact=True).fill(topics)
    page.get_by_label(label("Private notes (optional)"), exact=True).fill(notes)
    page.get_by_role("button", name=nl("Save")).click()


def test_a_rookie_is_matched_meets_and_completes_the_midterm_check(
    new_page, network_slug, server_env
):
    master = new_page()
    log_in(master, "master")
    offer_to_be_a_master(master, network_slug)
    rookie = new_page()
    log_in(rookie, "rookie")
    ask_for_a_master(rookie, network_slug)

    coordinator = new_page()
    log_in(coordinator, "coordinator")
    path = propose(coordinator, network_slug)
    for who in ("rookie", "master"):
        [proposed] = sent_mail(server_env, PEOPLE[who][0])
        assert path in proposed.get_content()
    accept(rookie, path, "Your answer was saved. The trajectory starts when you both accept.")
    accept(master, path, "You both accepted: the trajectory starts today.")
    expect(master.locator("main")).to_contain_text(nl("running"))

    rookie.goto(path)
    rookie.get_by_role("link", name=nl("Write the intake")).click()
    rookie.get_by_label(label("Goals for this year"), exact=True).fill("Zelf een avond leiden")
    rookie.get_by_label(
        label("Agreements (how often you meet, where, how you keep in touch)"), exact=True
    ).fill("Om de drie weken, bij de master op kantoor")
    rookie.get_by_role("button", name=nl("Save")).click()
    expect(rookie.locator(".messages")).to_contain_text(nl("The intake was saved."))

    log_meeting(rookie, "Kennismaken", "1", NOTE)  # too short: the form says so, keeps the notes
    expect(rookie.locator("main")).to_contain_text(
        nl("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=5)
    )
    expect(rookie.get_by_label(label("Private notes (optional)"), exact=True)).to_have_value(NOTE)
    assert_no_axe_violations(rookie)
    rookie.get_by_label(label("Duration in minutes"), exact=True).fill("60")
    rookie.get_by_role("button", name=nl("Save")).click()
    expect(rookie.locator(".messages")).to_contain_text(nl("The meeting was saved."))
    log_meeting(rookie, "Een bewonersavond voorbereiden", "45")
    expect(rookie.locator("section.card")).to_have_count(2)

    rookie.get_by_role("link", name=nl("Fill in the midterm check")).click()
    rookie.get_by_label(nl("4 – largely")).check()
    rookie.get_by_label(label("Comments (only the two of you read them)"), exact=True).fill(
        "Gaat goed, meer oefenen met de corporatie"
    )
    assert_no_axe_violations(rookie)
    rookie.get_by_role("button", name=nl("Save")).click()
    expect(rookie.locator(".messages")).to_contain_text(nl("The evaluation was saved."))
    expect(rookie.locator("main")).to_contain_text(nl("done, score %(score)s of 5", score=4))

    coordinator.goto(f"/netwerken/{network_slug}/mentoring/overzicht/")
    heading(coordinator, nl("Overview of pairs"))
    main = coordinator.locator("main")
    expect(main).to_contain_text(PEOPLE["rookie"][1])
    expect(main).to_contain_text(nl("done, score %(score)s of 5", score=4))
    expect(main).not_to_contain_text(NOTE)
    assert_no_axe_violations(coordinator)
    coordinator.goto(path)
    expect(coordinator.locator("main")).not_to_contain_text(NOTE)
