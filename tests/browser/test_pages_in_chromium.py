"""The pages as a community worker sees them in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

WIJK = "/regio/2024/WK001400/"  # Centrum, gemeente Groningen


def test_a_wijk_page_shows_its_figures_with_year_and_source(page):
    page.goto(WIJK)
    expect(page).to_have_title(re.compile(r"^Centrum \(wijk, 2024\)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Centrum")
    rows = page.locator("table.figures tbody tr")
    expect(rows).to_have_count(15)
    population = rows.filter(has=page.get_by_role("rowheader", name="Aantal inwoners", exact=True))
    expect(population.locator("td")).to_have_text(
        ["24.920", "2024", "CBS, Kerncijfers wijken en buurten 2024, tabel 85984NED"]
    )
    expect(page.get_by_role("link", name="Kerncijfers wijken en buurten 2024")).to_have_attribute(
        "href", re.compile(r"^https://opendata\.cbs\.nl/.*85984NED")
    )


def test_clicking_from_the_gemeente_list_to_a_gemeente_to_a_wijk(page):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemeenten").click()
    expect(page).to_have_url(re.compile(r"/gemeenten/$"))
    expect(page.get_by_role("status")).to_have_text("342 gemeenten")

    page.get_by_role("link", name="Groningen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regio/2024/GM0014/$"))
    wijken = page.get_by_role("region", name="Wijken in Groningen")
    expect(wijken.get_by_role("listitem")).to_have_count(20)

    wijken.get_by_role("link", name="Centrum", exact=True).click()
    expect(page).to_have_url(re.compile(WIJK + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Centrum")

    # and back up through the breadcrumb
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Groningen").click()
    expect(page).to_have_url(re.compile(r"/regio/2024/GM0014/$"))


def test_the_gemeente_filter_narrows_the_list_while_typing(page):
    page.goto("/gemeenten/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert page.evaluate("typeof htmx") == "object", "vendored htmx is not loaded"
    page.get_by_label("Zoek op naam of code").press_sequentially("gron")
    expect(page.get_by_role("status")).to_have_text("2 gemeenten")
    expect(page.locator("#gemeente-results li")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/gemeenten/\?jaar=2024&q=gron$"))
    # switching the language now comes back to the filtered list
    expect(page.locator("#language-next")).to_have_value("/gemeenten/?jaar=2024&q=gron")
    page.get_by_role("link", name="Midden-Groningen").click()
    expect(page).to_have_url(re.compile(r"/regio/2024/GM1952/$"))


@pytest.mark.parametrize("path", [WIJK, "/regio/2024/GM0014/", "/", "/gemeenten/"])
def test_a_360_px_wide_phone_needs_no_horizontal_scrolling(new_page, path):
    page = new_page(width=360, height=740)
    page.goto(path)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == 360
    if path == WIJK:  # the figures are stacked: value on the right of its label, not cut off
        value = page.locator("table.figures tbody tr").first.locator("td").first.bounding_box()
        assert value["x"] + value["width"] <= 360


def test_switching_the_language_to_english_and_back(page):
    page.goto(WIJK)
    expect(page.get_by_role("heading", name="Cijfers")).to_be_visible()
    page.get_by_label("Taal", exact=True).select_option("en")
    page.get_by_role("button", name="Taal wijzigen").click()
    expect(page).to_have_url(re.compile(WIJK + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Figures")).to_be_visible()
    figures = page.locator("table.figures")  # the atlas profile above it also has this row
    expect(figures.get_by_role("rowheader", name="Inhabitants", exact=True)).to_be_visible()

    page.get_by_label("Language", exact=True).select_option("nl")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_the_skip_link_appears_on_focus_and_moves_to_the_content(page):
    page.goto(WIJK)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/gemeenten/", WIJK])
def test_axe_finds_no_serious_or_critical_accessibility_problems(page, path):
    page.goto(path)
    assert_no_axe_violations(page)
