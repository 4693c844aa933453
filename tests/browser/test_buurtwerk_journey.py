"""A community worker's day in the team workspace, in a real Chromium, through the pages only.

The team, its coordinator and its community worker (opbouwwerker) are made in the server's
database first (new users come in only through an invitation); everything after that is done by
clicking and typing as the opbouwwerker: an agenda item from a doorstep talk becomes an initiative
with a milestone, an activity under it, a resident's talent on the asset map (refused until the
resident consents to being listed), an agreement with the housing corporation and a housing
signal whose dossier is downloaded as PDF. Then the pages visited are checked with axe-core and
at the width of a small phone.

Texts are compared with what the Dutch interface shows: the English msgid run through the Dutch
translation, so the test holds before and after a string gets its Dutch translation."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import run_cli, serious_axe_violations
from tests.conftest import PASSWORD
from tests.helpers import pdf_text

pytestmark = pytest.mark.browser

TEAM = "Energieteam Charlois-Zuid"
WORKER = ("opbouwwerker.journey@example.org", "Sanne de Opbouwwerker")
COORDINATOR = ("coordinator.journey@example.org", "Karim de Coördinator")
AREAS = ["WK059915", "WK059910", "WK059912"]  # Charlois, Feijenoord, IJsselmonde (Rotterdam)
AREA_NAMES = ["Charlois", "Feijenoord", "IJsselmonde"]

# Run with the server's environment: the organisation, the two users and the team with its
# Rotterdam wijken (newest indeling), the opbouwwerker a member. Prints the team's id.
SETUP = f"""
from buurtkompas.accounts.models import Organisation, User
from buurtkompas.workspaces.demo import demo_areas
from buurtkompas.workspaces.models import Membership, Role
from buurtkompas.workspaces.services import workspace_create

organisation = Organisation.objects.create(
    name="Welzijn Rotterdam-Zuid", kind="welzijnsorganisatie", gemeente_code="GM0599"
)
coordinator = User.objects.create_user({COORDINATOR[0]!r}, {PASSWORD!r}, name={COORDINATOR[1]!r})
worker = User.objects.create_user({WORKER[0]!r}, {PASSWORD!r}, name={WORKER[1]!r})
team = workspace_create(
    actor=coordinator, name={TEAM!r}, lead_organisation=organisation, regions=demo_areas({AREAS!r})
)
Membership.objects.create(workspace=team, user=worker, role=Role.WORKER)
print(f"TEAM={{team.pk}}")
"""


def nl(text: str, **values) -> str:
    """What the Dutch interface shows for this msgid."""
    with translation.override("nl"):
        shown = gettext(text)
    return shown % values if values else shown


def nl_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override("nl"):
        return ngettext(singular, plural, count) % {**values, "n": count, "counter": count}


def label(text: str) -> str:
    """A form field's label as shown: Django capitalises a model field's verbose name and adds
    a colon (unless the label ends in punctuation)."""
    shown = capfirst(nl(text))
    return shown if shown[-1:] in ":?.!" else shown + ":"


def nl_date(day: date, style: str = "j F Y") -> str:
    with translation.override("nl"):
        return formats.date_format(day, style)


@pytest.fixture(scope="module")
def team_id(server_env, server_url) -> int:
    output = run_cli(["shell", "--no-imports", "-c", SETUP], server_env)
    return int(re.search(r"^TEAM=(\d+)$", output, re.M).group(1))


def expect_flash(page: Page, text: str) -> None:
    expect(page.locator(".messages .message-success")).to_have_text(text)


def heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def team_menu(page: Page, name: str) -> None:
    """Follow a link of the team menu (the wide row; the fold-out copy is hidden)."""
    menu = page.get_by_role("navigation", name=nl("Team menu"))
    menu.get_by_role("link", name=nl(name), exact=True).click()


def row(scope: Page | Locator, name: str | re.Pattern) -> Locator:
    """The table row (on the page or in a table) whose row header has this name."""
    page = scope if isinstance(scope, Page) else scope.page
    return scope.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def fact(facts: Locator, term: str) -> Locator:
    """The value (dd) of this term (dt) in a description list."""
    dt = facts.locator("dt").filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$"))
    return dt.locator("xpath=following-sibling::dd[1]")


def log_in(page: Page) -> None:
    page.goto("/account/inloggen/")
    heading(page, nl("Log in"))
    page.get_by_label(label("E-mail address"), exact=True).fill(WORKER[0])
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    # a member of one team lands in it, anyone else on "My teams"; the journey starts there
    expect(page).to_have_url(re.compile(r"/teams/(\d+/)?$"))
    page.goto("/teams/")
    heading(page, nl("My teams"))


def open_team(page: Page, team_id: int) -> None:
    page.get_by_role("link", name=TEAM).click()
    expect(page).to_have_url(re.compile(rf"/teams/{team_id}/$"))
    heading(page, TEAM)
    areas = page.locator(".region-list > li > a")
    expect(areas).to_have_text(AREA_NAMES)


def add_agenda_item(page: Page, today: date) -> str:
    """An energy-bill worry from a doorstep talk; returns the item's title."""
    title = "Hoge energierekening en tocht in de portiekflats"
    team_menu(page, "Residents' agenda")
    heading(page, nl("Residents' agenda"))
    page.get_by_role("link", name=nl("Add an agenda item")).click()
    heading(page, nl("Add an agenda item"))
    page.get_by_label(label("what"), exact=True).fill(title)
    page.get_by_label(label("explanation"), exact=True).fill(
        "Bij de deur vertelden bewoners dat het tocht bij de ramen en de rekening hoog is."
    )
    page.get_by_label(label("street or place"), exact=True).fill("Wolphaertsbocht")
    page.get_by_label(label("how it came in"), exact=True).select_option(label=nl("doorstep talk"))
    page.get_by_label(label("residents who support it"), exact=True).fill("7")
    raised_on = page.get_by_label(label("raised on"), exact=True)
    expect(raised_on).to_have_value(today.isoformat())  # today, unless the worker changes it
    page.get_by_role("button", name=nl("Save")).click()

    expect_flash(page, nl("The agenda item was added."))
    heading(page, title)
    expect(page.locator(".agenda-status")).to_have_text(nl("heard"))

    page.get_by_role("link", name=nl("The whole agenda")).click()
    heading(page, nl("Residents' agenda"))
    item = row(page, re.compile(re.escape(title)))
    expect(item.get_by_role("cell")).to_contain_text([nl("heard"), "7", nl("doorstep talk")])
    item.get_by_role("link", name=title).click()
    heading(page, title)
    return title


def start_initiative(page: Page, item: str, due: date) -> str:
    """The agenda item becomes an initiative, with a first milestone; returns its title."""
    title = "Tochtvrij de winter door"
    page.get_by_role("link", name=nl("Turn into an initiative")).click()
    heading(page, nl("Turn into an initiative"))
    expect(page.get_by_label(label("title"), exact=True)).to_have_value(item)  # prefilled
    page.get_by_label(label("title"), exact=True).fill(title)
    page.get_by_label(label("chain stage"), exact=True).select_option(label=nl("energy saving"))
    page.get_by_role("button", name=nl("Start the initiative")).click()

    expect_flash(page, nl("The initiative was started; the agenda item is now picked up."))
    heading(page, title)
    answers = page.locator(".initiatives-answers li")
    expect(answers).to_have_count(1)
    expect(answers).to_contain_text(item)
    expect(answers).to_contain_text(nl("picked up"))

    milestone = "Tochtstrips uitdelen in de portiekflats"
    form = page.locator("form").filter(has=page.get_by_role("button", name=nl("Add the milestone")))
    form.get_by_label(label("milestone"), exact=True).fill(milestone)
    form.get_by_label(label("due date"), exact=True).fill(due.isoformat())
    form.get_by_label(label("Progress (%)"), exact=True).fill("10")
    note = "Strips besteld bij de bouwmarkt."
    form.get_by_label(label("Note for the history"), exact=True).fill(note)
    form.get_by_role("button", name=nl("Add the milestone")).click()

    expect_flash(page, nl("The milestone was added."))
    section = page.get_by_role("region", name=milestone)
    expect(section.get_by_role("heading", level=3)).to_have_text(milestone)
    expect(section).to_contain_text(nl("due %(date)s", date=nl_date(due)))
    expect(section.get_by_role("progressbar")).to_have_attribute("value", "10")
    history = section.locator(".initiatives-timeline li")
    expect(history).to_have_count(1)
    for shown in ("10%", WORKER[1], note):
        expect(history).to_contain_text(shown)
    return title


def log_activity(page: Page, initiative: str, today: date) -> str:
    title = "Energiecafé: tochtstrips plakken"
    team_menu(page, "Activities")
    heading(page, nl("Activities"))
    page.get_by_role("link", name=nl("Add an activity")).click()
    heading(page, nl("Add an activity"))
    page.get_by_label(label("kind"), exact=True).select_option(label=nl("energy café"))
    page.get_by_label(label("title"), exact=True).fill(title)
    page.get_by_label(label("date"), exact=True).fill(today.isoformat())
    page.get_by_label(label("place"), exact=True).fill("Buurthuis aan de Wolphaertsbocht")
    page.get_by_label(label("Initiative"), exact=True).select_option(label=initiative)
    page.get_by_label(WORKER[1], exact=True).check()  # an organiser
    page.get_by_label(label("number of participants"), exact=True).fill("23")
    page.get_by_label(label("households reached"), exact=True).fill("17")
    page.get_by_label(label("outcomes"), exact=True).fill("Twaalf huishoudens gaan zelf plakken.")
    page.get_by_role("button", name=nl("Save")).click()

    expect_flash(page, nl("The activity was saved."))
    heading(page, re.compile("^" + re.escape(title)))
    facts = page.locator("dl.data-list")
    expect(facts.get_by_role("link", name=initiative)).to_be_visible()
    for term, value in [
        ("Number of participants", f"23 {nl('(head count: everyone who came)')}"),
        ("Households reached", "17"),
        ("Organisers", WORKER[1]),
    ]:
        expect(fact(facts, nl(term))).to_have_text(value)
    # the head count and the residents registered by name, side by side and explained
    expect(fact(facts, nl("Registered by name"))).to_have_text(
        nl_plural("%(counter)s resident", "%(counter)s residents", 0)
    )
    expect(page.locator(".activities-counts")).to_be_visible()

    page.get_by_role("link", name=nl("All activities")).click()
    heading(page, nl("Activities"))
    activity = row(page, re.compile(re.escape(title)))
    expect(activity.get_by_role("cell")).to_have_text(
        [nl_date(today, "j b Y"), nl("energy café"), initiative, "23", "17", "0"]
    )
    totals = page.get_by_role("list", name=nl("Totals for this selection"))
    expect(totals.get_by_role("listitem")).to_contain_text(["1", "23", "17"])
    return title


def record_resident(page: Page, name: str, today: date) -> None:
    """A resident who agreed at the door to be contacted (not yet to be listed)."""
    team_menu(page, "Residents")
    heading(page, nl("Residents"))
    page.get_by_role("link", name=nl("Add a resident")).click()
    heading(page, nl("Add a resident"))
    page.get_by_label(label("name or nickname"), exact=True).fill(name)
    page.get_by_label(label("how to reach (optional)"), exact=True).fill("via het buurthuis")
    page.get_by_role("button", name=nl("Save")).click()
    expect_flash(page, nl("The resident was recorded. Record their consent below."))
    heading(page, name)
    record_consent(page, "being contacted", today)


def record_consent(page: Page, purpose: str, today: date) -> None:
    """On the resident's page: record a spoken consent, given today."""
    form = page.locator("form").filter(has=page.get_by_role("button", name=nl("Record consent")))
    form.get_by_label(label("Purpose"), exact=True).select_option(label=nl(purpose))
    expect(form.get_by_label(label("Given on"), exact=True)).to_have_value(today.isoformat())
    form.get_by_label(label("How it was given"), exact=True).select_option(label=nl("spoken"))
    form.get_by_role("button", name=nl("Record consent")).click()
    expect_flash(page, nl("The consent was recorded."))
    consent = row(page, nl(purpose))
    expect(consent).to_contain_text(nl("active"))


def fill_talent(page: Page, talent: str, resident: str) -> None:
    page.get_by_label(label("kind"), exact=True).select_option(
        label=nl("a resident's talent, skill or motivation")
    )
    page.get_by_label(label("what"), exact=True).fill(talent)
    page.get_by_label(label("can help with (keywords)"), exact=True).fill("naaien, gordijnen")
    page.get_by_label(label("Resident (only for a talent)"), exact=True).select_option(
        label=resident
    )
    page.get_by_label(label("Latitude"), exact=True).fill("51,8836")  # a decimal comma is fine
    page.get_by_label(label("Longitude"), exact=True).fill("4.4812")
    page.get_by_role("button", name=nl("Save")).click()


def add_talent(page: Page, resident: str, today: date) -> str:
    """A talent needs the resident's consent to be listed: refused first, then recorded."""
    talent = "Naait gordijnen tegen de tocht"
    team_menu(page, "Asset map")
    heading(page, nl("Asset map"))
    expect(page.get_by_text(nl("Nothing has been put on the asset map yet."))).to_be_visible()
    page.get_by_role("link", name=nl("Add an asset")).click()
    heading(page, nl("Add an asset"))
    fill_talent(page, talent, resident)

    refused = nl(
        "There is no consent from this resident for %(purpose)s. Record the consent first.",
        purpose=nl("being listed as a volunteer"),
    )
    heading(page, nl("Add an asset"))  # still the form: nothing was saved
    expect(page.locator(".messages")).to_have_count(0)
    choice = page.get_by_label(label("Resident (only for a talent)"), exact=True)
    expect(choice).to_have_attribute("aria-invalid", "true")
    expect(choice).to_have_accessible_description(re.compile(re.escape(refused)))
    expect(page.locator(".errorlist")).to_have_text(refused)

    # The resident agrees to be listed: record it on their page, then try again.
    team_menu(page, "Residents")
    page.get_by_role("link", name=resident).click()
    heading(page, resident)
    record_consent(page, "being listed as a volunteer", today)

    team_menu(page, "Asset map")
    page.get_by_role("link", name=nl("Add an asset")).click()
    fill_talent(page, talent, resident)
    expect_flash(page, nl("The asset was saved."))
    heading(page, talent)
    facts = page.locator("dl.data-list")
    expect(fact(facts, nl("Resident"))).to_have_text(resident)
    with translation.override("nl"):
        where = f"{floatformat(51.8836, 5)}, {floatformat(4.4812, 5)}"
    expect(fact(facts, nl("Location"))).to_contain_text(where)

    page.get_by_role("link", name=nl("All assets")).click()
    asset = row(page, talent)
    kind = nl("a resident's talent, skill or motivation")
    expect(asset.get_by_role("cell")).to_have_text([kind, "naaien, gordijnen", resident, "–", "0"])

    page.get_by_role("link", name=nl("Show the assets on a map of the buurt")).click()
    heading(page, nl("Assets on the map"))
    expect(page.get_by_role("link", name=f"{talent} ({kind})")).to_have_count(1)  # the dot
    expect(page.locator("figcaption")).to_contain_text(", ".join(AREA_NAMES))
    return talent


def add_agreement(page: Page, due: date) -> tuple[str, str]:
    """The housing corporation as a party, and an agreement with it that has a due date."""
    party = "Woningcorporatie Maasoever"
    team_menu(page, "Stakeholder map")
    heading(page, nl("Stakeholder map"))
    expect(page.get_by_text(nl("No parties have been recorded yet."))).to_be_visible()
    page.get_by_role("link", name=nl("Add a party")).click()
    heading(page, nl("Add a party"))
    page.get_by_label(label("name"), exact=True).fill(party)
    page.get_by_label(label("kind"), exact=True).select_option(label=nl("housing corporation"))
    page.get_by_label(label("contact person"), exact=True).fill("Wijkconsulent Charlois")
    page.get_by_label(label("Influence (1–5)"), exact=True).select_option("5")
    page.get_by_label(label("Interest (1–5)"), exact=True).select_option("2")
    page.get_by_label(label("attitude"), exact=True).select_option(label=nl("sceptical"))
    page.get_by_role("button", name=nl("Save")).click()
    expect_flash(page, nl("The party was saved."))
    heading(page, party)
    no_agreements = nl("No agreements have been made with this party yet.")
    expect(page.get_by_text(no_agreements)).to_be_visible()

    what = "Vochtinspectie in de portiekflats aan de Wolphaertsbocht"
    page.get_by_role("link", name=nl("Add an agreement")).click()
    heading(page, nl("Add an agreement"))
    page.get_by_label(label("agreement"), exact=True).fill(what)
    page.get_by_label(label("Who follows it up"), exact=True).select_option(label=WORKER[1])
    page.get_by_label(label("due date"), exact=True).fill(due.isoformat())
    page.get_by_role("button", name=nl("Save")).click()
    expect_flash(page, nl("The agreement was saved."))
    heading(page, party)
    agreement = row(page, what)
    expect(agreement.get_by_role("cell")).to_contain_text([WORKER[1], nl_date(due), nl("open")])

    team_menu(page, "Agreements")
    heading(page, nl("Agreements with parties"))
    expect(row(page, what).get_by_role("cell")).to_contain_text(
        [party, WORKER[1], nl_date(due), nl("open")]
    )

    team_menu(page, "Stakeholder map")
    heading(page, nl("Stakeholder map"))
    expect(row(page, party).get_by_role("cell")).to_have_text(
        [nl("housing corporation"), "Wijkconsulent Charlois", "5", "2", nl("sceptical"), "1"]
    )
    return party, what


def add_signal_and_export(page: Page, today: date) -> str:
    complex_name = "Wolphaertsbocht 100-180"
    team_menu(page, "Housing signals")
    heading(page, nl("Housing signals"))
    page.get_by_role("link", name=nl("Record a signal")).click()
    heading(page, nl("Record a housing signal"))
    page.get_by_label(label("building complex or street"), exact=True).fill(complex_name)
    page.get_by_label(label("problem"), exact=True).select_option(label=nl("mould or damp"))
    page.get_by_label(label("Households"), exact=True).fill("6")
    expect(page.get_by_label(label("date"), exact=True)).to_have_value(today.isoformat())
    page.get_by_label(label("heard in"), exact=True).select_option(label=nl("conversation"))
    page.get_by_role("button", name=nl("Save")).click()

    expect_flash(page, nl("The signal was recorded."))
    expect(page.get_by_role("heading", level=1)).to_contain_text(complex_name)
    facts = page.locator("dl.facts")
    expect(fact(facts, nl("Households reported"))).to_have_text("6")
    expect(fact(facts, nl("Signals recorded"))).to_have_text("1")
    problems = page.get_by_role("table", name=nl("Problems"))
    expect(row(problems, nl("mould or damp")).get_by_role("cell").first).to_have_text("6")

    with page.expect_download() as info:
        page.get_by_role("link", name=nl("Download the summary (PDF)")).click()
    download = info.value
    assert download.suggested_filename == "signalen-wolphaertsbocht-100-180.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert complex_name in pdf_text(pdf)

    page.get_by_role("link", name=nl("All housing signals")).click()
    heading(page, nl("Housing signals"))
    expect(page.get_by_role("status")).to_have_text(
        nl_plural("%(n)s complex or street", "%(n)s complexes or streets", 1)
    )
    expect(page.get_by_role("heading", level=2, name=complex_name)).to_be_visible()
    return complex_name


def page_level_overflow(page: Page) -> int:
    """How many CSS pixels the page as a whole scrolls sideways (0: none)."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client == 360
    return scroll - client


def test_a_community_workers_day_in_the_team_workspace(page, team_id):
    today = timezone.localdate()
    log_in(page)
    open_team(page, team_id)

    item = add_agenda_item(page, today)
    item_url = page.url
    initiative = start_initiative(page, item, due=today + timedelta(days=21))
    initiative_url = page.url
    activity = log_activity(page, initiative, today)
    page.get_by_role("link", name=activity).click()
    activity_url = page.url

    # The initiative now shows the activity under it, with its participants.
    page.locator("dl.data-list").get_by_role("link", name=initiative).click()
    heading(page, initiative)
    activities = page.locator(".initiatives-activities li")
    expect(activities).to_have_count(1)
    expect(activities).to_contain_text(activity)
    participants = nl_plural("%(n)s participant", "%(n)s participants", 23)
    expect(activities).to_contain_text(participants)

    resident = "Fatima uit de Tarwewijk"
    record_resident(page, resident, today)
    add_talent(page, resident, today)
    add_agreement(page, due=today + timedelta(days=14))
    complex_name = add_signal_and_export(page, today)
    page.get_by_role("link", name=complex_name).click()
    dossier_url = page.url

    base = f"/teams/{team_id}"
    pages = {
        "agenda": f"{base}/agenda/",
        "agenda item": item_url,
        "initiatives": f"{base}/initiatieven/",
        "initiative": initiative_url,
        "activities": f"{base}/activiteiten/",
        "activity": activity_url,
        "asset map": f"{base}/krachtenkaart/",
        "assets on the map": f"{base}/krachtenkaart/kaart/",
        "stakeholders": f"{base}/krachtenveld/",
        "agreements": f"{base}/krachtenveld/afspraken/",
        "signals": f"{base}/signalen/",
        "signals of the complex": dossier_url,
    }
    problems = {}
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        if found := serious_axe_violations(page):
            problems[name] = found
    assert problems == {}, "axe-core finds serious or critical problems"

    # A phone: the page itself never scrolls sideways (wide tables and the grid scroll in their
    # own box), and the fold-out team menu raises no problems either.
    page.set_viewport_size({"width": 360, "height": 740})
    overflowing = {}
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        if pixels := page_level_overflow(page):
            overflowing[name] = pixels
        if found := serious_axe_violations(page):
            problems[name] = found
    assert overflowing == {}, "pages that scroll sideways at 360 px (page: pixels too wide)"
    assert problems == {}, "axe-core finds serious or critical problems at 360 px"
