"""A werkbezoek of the network from start to end, in a real Chromium, through the pages only.

Made in the server's database first: the network with its coordinator (who also coordinates the
host team) and three members. Then, clicked and typed: the coordinator makes a werkbezoek with
two parallel workshops and publishes it; a member registers with one click, a guest through the
public form and the link in the e-mail; the event is full and a third person goes on the
waitlist; the member cancels and the waitlisted person moves up (the e-mail is checked in the
outbox); at the door, on a 360 px phone, the coordinator finds and ticks the guest; after the
event (moved into the past in the database) the member gives feedback and the coordinator reads
it. Pages are checked with axe-core; the phone pages must not scroll sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, run_cli, sent_mail
from tests.browser.test_buurtwerk_journey import heading, label, nl
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SLUG = "netwerk-werkbezoeken"
PEOPLE = {
    "coordinator": ("netwerk.coordinator@example.org", "Noor Coördinator"),
    "member": ("netwerk.lid@example.org", "Lid Lotte"),
    "third": ("netwerk.derde@example.org", "Derde Daan"),
}
GUEST = ("gast.gijs@example.org", "Gast Gijs")
TITLE = "Werkbezoek Tarwewijk"
WIDTH = 360

SETUP = f"""
from buurtkompas.accounts.models import Organisation, User
from buurtkompas.network.services import member_add, network_create
from buurtkompas.workspaces.services import workspace_create

people = {{key: User.objects.create_user(email, {PASSWORD!r}, name=name)
          for key, (email, name) in {PEOPLE!r}.items()}}
organisation = Organisation.objects.create(name="Welzijn Tarwewijk", kind="welzijnsorganisatie")
team = workspace_create(actor=people["coordinator"], name="Team Tarwewijk",
                        lead_organisation=organisation)
network = network_create(actor=people["coordinator"], name="Netwerk werkbezoeken",
                         coordinator=people["coordinator"])
for key in ("member", "third"):
    member_add(actor=people["coordinator"], network=network, user=people[key])
print("TEAM=" + str(team.pk))
"""

TO_THE_PAST = """
from datetime import timedelta
from django.utils import timezone
from buurtkompas.network.models import Event
event = Event.objects.get(title=%r)
shift = event.ends_at - timezone.now() + timedelta(hours=1)
for item in event.programme.all():
    item.starts_at -= shift
    item.ends_at -= shift
    item.save()
event.starts_at -= shift
event.ends_at -= shift
event.registration_deadline = None
event.save()
"""


@pytest.fixture(scope="module")
def team_id(server_env, server_url) -> int:
    output = run_cli(["shell", "--no-imports", "-c", SETUP], server_env)
    return int(re.search(r"^TEAM=(\d+)$", output, re.M).group(1))


def log_in(page: Page, who: str) -> None:
    page.goto("/account/inloggen/")
    page.get_by_label(label("E-mail address"), exact=True).fill(PEOPLE[who][0])
    page.get_by_label(label("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    # a member of one team lands in it, anyone else on "My teams"; the journey starts there
    expect(page).to_have_url(re.compile(r"/teams/(\d+/)?$"))
    page.goto("/teams/")
    heading(page, nl("My teams"))


def when(days: int, hour: int, minute: int = 0) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=minute).strftime("%Y-%m-%dT%H:%M")


def path_in(message, pattern: str) -> str:
    return re.search(pattern, message.get_content()).group(0)


def create_work_visit(page: Page, team_id: int) -> str:
    page.goto(f"/netwerken/{SLUG}/bijeenkomsten/nieuw/")
    heading(page, nl("New event"))
    page.get_by_label(label("kind"), exact=True).select_option(label=nl("work visit"))
    page.get_by_label(label("title"), exact=True).fill(TITLE)
    page.get_by_label(label("Host team (for a work visit)"), exact=True).select_option(str(team_id))
    page.get_by_label(label("place"), exact=True).fill("Buurthuis De Tarwe")
    page.get_by_label(label("Buurt or wijk (CBS code)"), exact=True).fill("WK059915")
    page.get_by_label(label("starts"), exact=True).fill(when(14, 10))
    page.get_by_label(label("ends"), exact=True).fill(when(14, 15))
    page.get_by_label(label("places"), exact=True).fill("2")
    page.get_by_label(label("open to guests"), exact=True).check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=nl("Save")).click()
    heading(page, TITLE)
    event_url = page.url
    for workshop, room in (("Workshop fixbrigade", "Zaal 1"), ("Workshop geveltuinen", "Zaal 2")):
        page.get_by_role("link", name=nl("Add a programme item")).click()
        page.get_by_label(label("starts"), exact=True).fill(when(14, 13))
        page.get_by_label(label("ends"), exact=True).fill(when(14, 14, 30))
        page.get_by_label(label("title"), exact=True).fill(workshop)
        page.get_by_label(label("room"), exact=True).fill(room)
        page.get_by_role("button", name=nl("Save")).click()
        heading(page, TITLE)
    expect(page.locator("table.programme tbody tr")).to_have_count(2)
    page.get_by_role("button", name=nl("Publish")).click()
    expect(page.locator(".messages")).to_contain_text(nl("The event is published."))
    assert_no_axe_violations(page)
    return event_url


def test_a_work_visit_from_invitation_to_feedback(new_page, team_id, server_env):
    coordinator = new_page()
    log_in(coordinator, "coordinator")
    event_url = create_work_visit(coordinator, team_id)
    event_path = re.sub(r"^https?://[^/]+", "", event_url)

    member = new_page()
    log_in(member, "member")
    member.goto(event_path)
    member.get_by_label("Workshop fixbrigade").check()
    member.get_by_role("button", name=nl("Register")).click()
    expect(member.locator("main")).to_contain_text(nl("You are registered."))

    guest = new_page(width=WIDTH, height=740)
    guest.goto(event_path)
    width = guest.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"the event page is {width} px wide at {WIDTH} px"
    guest.get_by_role("link", name=nl("Register as a guest")).click()
    guest.get_by_label(label("Name"), exact=True).fill(GUEST[1])
    guest.get_by_label(label("E-mail address"), exact=True).fill(GUEST[0])
    assert_no_axe_violations(guest)
    guest.get_by_role("button", name=nl("Register")).click()
    heading(guest, nl("Check your e-mail"))
    [confirm] = sent_mail(server_env, GUEST[0])
    guest.goto(path_in(confirm, r"/netwerken/inschrijving/[^\s]+/"))
    guest.get_by_role("button", name=nl("Confirm my registration")).click()
    expect(guest.locator("main")).to_contain_text(nl("Your registration is confirmed."))

    third = new_page()
    log_in(third, "third")
    third.goto(event_path)
    third.get_by_role("button", name=nl("Put me on the waitlist")).click()
    expect(third.locator("main")).to_contain_text(nl("The event is full: you are on the waitlist."))

    member.goto(event_path)
    member.get_by_role("button", name=nl("Cancel my registration")).click()
    expect(member.locator("main")).to_contain_text(nl("Your registration is cancelled."))
    promoted = sent_mail(server_env, PEOPLE["third"][0])[-1]
    assert promoted["Subject"].startswith(nl("A place came free, you are registered: %(event)s",
                                             event=TITLE)[:20])  # fmt: skip
    third.goto(event_path)
    expect(third.locator("main")).to_contain_text(nl("You are registered."))

    door = new_page(width=WIDTH, height=740)
    log_in(door, "coordinator")
    door.goto(event_path)  # the coordinator's event page, with the programme's change links
    width = door.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"the coordinator's event page is {width} px wide at {WIDTH} px"
    door.goto(event_path + "deur/")
    heading(door, nl("Check-in at the door"))
    door.get_by_label(nl("Search by name"), exact=True).fill("Gijs")
    door.locator("main").get_by_role("button", name=nl("Search"), exact=True).click()
    door.get_by_role("button", name=nl("Tick: is here") + " " + GUEST[1]).click()
    expect(door.locator(".door-counts")).to_contain_text("1 " + nl("checked in"))
    assert_no_axe_violations(door)
    width = door.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"the door page is {width} px wide at {WIDTH} px"

    run_cli(["shell", "--no-imports", "-c", TO_THE_PAST % TITLE], server_env)
    third.goto(event_path)
    third.get_by_role("link", name=nl("Give your feedback")).click()
    heading(third, nl("Your feedback"))
    third.locator("fieldset.feedback-part").first.get_by_label("5", exact=True).check()
    third.get_by_label(nl("What works here that you want to take home?")).first.fill(
        "De fixbrigade met bewoners uit de straat"
    )
    assert_no_axe_violations(third)
    third.get_by_role("button", name=nl("Send my feedback")).click()
    expect(third.locator(".messages")).to_contain_text(nl("Thank you for your feedback."))

    coordinator.goto(event_path + "feedback/resultaten/")
    heading(coordinator, nl("Feedback"))
    expect(coordinator.locator("main")).to_contain_text("De fixbrigade met bewoners uit de straat")
    expect(coordinator.locator("main")).to_contain_text(PEOPLE["third"][1])
    assert_no_axe_violations(coordinator)


def drawn(page: Page, selector: str) -> None:
    """The map was drawn: MapLibre made its canvas and the module reported no error."""
    expect(page.locator(f"{selector} canvas")).to_have_count(1)
    assert page.locator(selector).get_attribute("data-error") is None


MAPPED_VISIT = """
from datetime import timedelta
from django.utils import timezone
from buurtkompas.network.models import Event, Network
from buurtkompas.regions.models import Region
start = timezone.now() + timedelta(days=50)
Event.objects.create(
    network=Network.objects.get(slug=%r), kind="werkbezoek", title="Werkbezoek op de kaart",
    status="published", starts_at=start, ends_at=start + timedelta(hours=4),
    region=Region.objects.filter(code="WK059915").latest("year"),
)
"""


def test_the_maps_of_work_visits_and_of_where_members_work(new_page, team_id, server_env):
    run_cli(["shell", "--no-imports", "-c", MAPPED_VISIT % SLUG], server_env)
    page = new_page()
    log_in(page, "member")
    page.goto(f"/netwerken/{SLUG}/mijn-profiel/")
    page.get_by_label(label("Where you work (CBS codes of gemeenten or wijken)")).fill("GM0599")
    page.get_by_role("button", name=nl("Save")).click()
    expect(page.locator(".messages")).to_contain_text(nl("Your profile was saved."))
    page.goto(f"/netwerken/{SLUG}/leden/")
    drawn(page, "#members-map")
    expect(page.locator("main table")).to_contain_text("Rotterdam")
    assert_no_axe_violations(page)
    page.goto(f"/netwerken/{SLUG}/werkbezoeken/")
    drawn(page, "#work-visits-map")
    expect(page.locator("main")).to_contain_text("Werkbezoek op de kaart")
    assert_no_axe_violations(page)
