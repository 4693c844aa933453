"""The team workspace as a user sees it in Chromium (issue 14, items 10-13), on the demo team
(`buurtkompas demo`, removed again afterwards), which fills every module:

- a member of one team lands in that team after logging in;
- no select on any team page offers Django's "---------" (every team page the coordinator can
  reach by following links is walked, forms included);
- no English on the Dutch team pages: a text that is an English msgid with another Dutch
  translation, or a text the English and the Dutch page both show that reads as English;
- the asset form's map sets the latitude and longitude, by mouse and by keyboard;
- on a 360 x 740 phone the header is at most 120 px high;
- dates read "12 dec 2026", never "za 12 Dec".
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.trans_real import translation as catalogue_of
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, run_cli

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-for-chromium-tests"
COORDINATOR = "demo@buurtkompas.local"
NOT_PAGES = re.compile(r"(pdf|csv|export|ical|\.ics|foto|photo|uitloggen)", re.I)
# Words that are English and never Dutch: a text both languages show with one of these in it
# was not translated (Dutch shares "in", "is", "of" (or), "die", "want", "door", ...).
ENGLISH = {
    "the", "and", "with", "your", "you", "this", "that", "from", "which", "when", "will",
    "are", "has", "have", "been", "not", "was", "were", "what", "who", "for", "there", "here",
    "show", "add", "change", "delete", "save", "cancel", "yet", "none", "choose", "number",
}  # fmt: skip


def nl(text: str) -> str:
    with translation.override("nl"):
        return gettext(text)


@pytest.fixture(scope="module")
def demo(server_env, server_url):
    output = run_cli(["demo", "--password", PASSWORD], server_env)
    team_id = int(re.search(r"/teams/(\d+)/", output.split("The team:")[1]).group(1))
    yield team_id
    run_cli(["demo", "--reset"], server_env)


def log_in(page: Page) -> None:
    page.goto("/account/inloggen/")
    page.locator("#id_email").fill(COORDINATOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_it_lands_a_member_of_one_team_in_that_team(page, demo):
    log_in(page)
    expect(page).to_have_url(re.compile(rf"/teams/{demo}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voorbeeldteam")


# The pages of the team, found by following links (one page per URL shape).

VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !el || el.closest("script, style, code, pre, textarea")) continue;
    if (el.closest("[lang]:not(html)") || !el.checkVisibility()) continue;
    texts.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], input[placeholder], img[alt]")) {
    if (el.closest("[lang]:not(html)") || !el.checkVisibility()) continue;
    for (const name of ["aria-label", "placeholder", "alt"]) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name).trim());
    }
  }
  return texts;
}"""
LINKS = """(prefix) => [...document.querySelectorAll("a[href]:not([download])")]
  .map(a => new URL(a.href, location.href)).filter(u => u.origin === location.origin)
  .map(u => u.pathname + u.search).filter(p => p.startsWith(prefix))"""


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")


def walk(page: Page, team_id: int, limit: int = 160) -> dict[str, dict]:
    """path -> {"texts": [...], "options": [...]} for one page of every URL shape reached."""
    start = f"/teams/{team_id}/"
    todo, seen, found = [start], set(), {}
    while todo and len(found) < limit:
        path = todo.pop(0)
        if shape(path) in seen or NOT_PAGES.search(path):
            continue
        seen.add(shape(path))
        response = page.goto(path, wait_until="domcontentloaded")
        if response is None or not response.ok or "html" not in response.headers["content-type"]:
            continue
        found[path] = {
            "texts": page.evaluate(VISIBLE_TEXTS),
            "options": page.locator("select option").all_text_contents(),
        }
        todo += [p for p in page.evaluate(LINKS, start) if shape(p) not in seen]
    return found


@pytest.fixture(scope="module")
def team_pages(browser, server_url, demo):
    """The team's pages as the coordinator sees them, in Dutch and in English."""
    pages = {}
    for language, locale in (("nl", "nl-NL"), ("en", "en-GB")):
        context = browser.new_context(base_url=server_url, locale=locale)
        page = context.new_page()
        log_in(page)
        pages[language] = walk(page, demo) if language == "nl" else {}
        if language == "en":
            for path in pages["nl"]:
                page.goto(path, wait_until="domcontentloaded")
                pages["en"][path] = {"texts": page.evaluate(VISIBLE_TEXTS)}
        context.close()
    return pages


def test_it_walks_every_kind_of_team_page(team_pages, demo):
    walked = {shape(p) for p in team_pages["nl"]}
    expected_pages = (
        "activiteiten/nieuw/", "krachtenkaart/N/wijzigen/", "signalen/nieuw/",
        "agenda/N/wijzigen/", "huisbezoeken/bezoek/N/stap/woning/", "instellingen/",
    )  # fmt: skip
    for expected in expected_pages:
        assert any(w.endswith(expected) for w in walked), f"the walk missed {expected}"


def test_no_select_on_a_team_page_offers_dashes(team_pages):
    dashes = [path for path, seen in team_pages["nl"].items() if "---------" in seen["options"]]
    assert dashes == []
    choose = nl("— choose —")
    assert any(choose in seen["options"] for seen in team_pages["nl"].values())


def english_msgids() -> tuple[set[str], set[str]]:
    """(English msgids whose Dutch translation differs, every Dutch translation)."""
    catalogue = catalogue_of("nl")._catalog  # noqa: SLF001
    english, dutch = set(), set()
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple) or not msgid or not msgstr:
            continue
        dutch.add(msgstr.strip())
        if msgstr.strip() != msgid.strip() and re.search(r"[a-z]{3}", msgid):
            english.add(msgid.strip())
    return english, dutch


def test_the_dutch_team_pages_show_no_english_text(team_pages):
    english, dutch = english_msgids()
    found = set()
    for path, seen in team_pages["nl"].items():
        shown_in_english = set(team_pages["en"][path]["texts"])
        for text in seen["texts"]:
            if text in dutch:
                continue
            words = set(re.findall(r"[a-z]+", text.lower()))
            if text in english or (text in shown_in_english and words & ENGLISH):
                found.add(f"{shape(path)}: {text[:80]!r}")
    assert sorted(found) == []


def test_dates_read_in_the_dutch_style(team_pages):
    day_month = re.compile(
        r"\b(ma|di|wo|do|vr|za|zo) \d{1,2} (Jan|Feb|Mrt|Apr|Mei|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b"
    )
    odd = {
        f"{shape(path)}: {text}"
        for path, seen in team_pages["nl"].items()
        for text in seen["texts"]
        if day_month.search(text) or re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", text)
    }
    assert sorted(odd) == []


# The asset's spot on the map.


def test_the_map_sets_the_assets_location(page, demo):
    log_in(page)
    page.goto(f"/teams/{demo}/krachtenkaart/nieuw/")
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    canvas = page.locator("[data-picker-map] canvas")
    expect(canvas).to_be_visible()
    canvas.click(position={"x": 200, "y": 120})
    expect(latitude).to_have_value(re.compile(r"^5[01]\.\d{5}$"))
    expect(longitude).to_have_value(re.compile(r"^[34]\.\d{5}$"))
    clicked = (latitude.input_value(), longitude.input_value())
    expect(page.get_by_role("status").filter(has_text=clicked[0])).to_be_visible()
    # With the keyboard: move the map and put the point in the middle.
    canvas.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    centre = page.get_by_role("button", name=nl("Put the point in the middle of the map"))
    centre.focus()
    page.keyboard.press("Enter")
    expect(longitude).not_to_have_value(clicked[1])
    assert_no_axe_violations(page)
    page.locator("#id_title").fill("Buurtkamer met de kaart")
    page.locator("#id_kind").select_option("place")
    picked = (latitude.input_value(), longitude.input_value())
    page.get_by_role("button", name=nl("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buurtkamer met de kaart")
    page.get_by_role("link", name=re.compile(nl("Change"), re.I)).first.click()
    expect(page.locator("#id_latitude")).not_to_have_value("")
    stored = (page.locator("#id_latitude").input_value(), longitude.input_value())
    assert [float(v) for v in stored] == [float(v) for v in picked]


# The phone.


def test_the_header_of_a_phone_is_at_most_120_px_high(new_page, demo):
    page = new_page(width=360, height=740)
    log_in(page)
    for path in ("/", f"/teams/{demo}/", f"/teams/{demo}/dashboard/", "/atlas/ranglijst/"):
        page.goto(path)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 120, f"the header of {path} is {height} px high"
    menu = page.get_by_text(nl("Menu"), exact=True)
    menu.click()
    page.get_by_role("link", name=nl("My teams")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("My teams"))
    assert_no_axe_violations(page)
