"""The atlas as a community worker uses it in a real browser: the map (WebGL through
SwiftShader), the ranking table with its weights, and the profile on a region page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_no_axe_violations

pytestmark = pytest.mark.browser

CHARLOIS = "WK059915"  # a wijk of Rotterdam with an index and income figures
PROFILE = f"/regio/2024/{CHARLOIS}/"
RANKING = "/atlas/ranglijst/"
LOW_INCOME = "w_lowest40_households_pct"
INCOME = "w_income_per_resident_avg_keur"


@pytest.fixture(scope="module")
def webgl_browser(browser):
    """A second Chromium from the same Playwright, with software WebGL for MapLibre."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--enable-unsafe-swiftshader"]
    )
    yield chromium
    chromium.close()


@pytest.fixture
def open_page(webgl_browser, server_url):
    contexts = []

    def open_page(width=1280, height=900, javascript=True, bypass_csp=False, touch=False):
        """The site's Content-Security-Policy applies (MapLibre must work with it), except
        where axe is injected. `touch`: a phone, with a finger and no mouse hover."""
        context = webgl_browser.new_context(
            base_url=server_url,
            viewport={"width": width, "height": height},
            locale="nl-NL",
            java_script_enabled=javascript,
            reduced_motion="reduce",  # MapLibre then zooms without an animation
            bypass_csp=bypass_csp,
            has_touch=touch,
            is_mobile=touch,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def open_map(open_page, path="/atlas/", **options):
    page = open_page(**options)
    page.goto(path)
    expect(page.locator("#map[data-ready='true']")).to_be_attached()
    return page


def zoom_to(page, gemeente: str) -> list[float]:
    """Choose a gemeente in the zoom select; returns its [west, south, east, north]."""
    select = page.get_by_label("Zoom in op gemeente")
    select.select_option(label=gemeente)
    bbox = page.evaluate(
        "() => JSON.parse(document.getElementById('m-zoom').selectedOptions[0].dataset.bbox)"
    )
    page.wait_for_function(
        """([west, south, east, north]) => {
            const map = document.getElementById('map').map;
            const shown = map.getBounds();
            return !map.isMoving() && map.loaded()
                && shown.contains([west, south]) && shown.contains([east, north])
                && shown.getEast() - shown.getWest() < 3 * (east - west);
        }""",
        arg=bbox,
    )
    return bbox


def interior_point(polygons: list) -> tuple[float, float]:
    """A point well inside a (multi)polygon: of a grid over its box, the inside point farthest
    from every edge. Good enough to click on; the map confirms what is under the pixel."""
    rings = [ring for polygon in polygons for ring in polygon]
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    edges = [(ring[i], ring[i + 1]) for ring in rings for i in range(len(ring) - 1)]

    def inside(x, y):
        crossings = 0
        for (x1, y1), (x2, y2) in edges:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
        return crossings % 2 == 1

    def distance_to_edges(x, y):
        best = float("inf")
        for (x1, y1), (x2, y2) in edges:
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2)
        return best

    steps = 24
    grid = [
        (min(xs) + (max(xs) - min(xs)) * (i + 0.5) / steps,
         min(ys) + (max(ys) - min(ys)) * (j + 0.5) / steps)
        for i in range(steps)
        for j in range(steps)
    ]  # fmt: skip
    return max((p for p in grid if inside(*p)), key=lambda p: distance_to_edges(*p))


def shape_of(page, code: str) -> list:
    """The area's polygons as [[[lon, lat], ...], ...], decoded from the map's own shapes file."""
    response = page.request.get(page.locator("#map").get_attribute("data-shapes-url"))
    assert response.ok
    shapes = response.json()
    feature = next(f for f in shapes["features"] if f["c"] == code)
    q = shapes["q"]

    def ring(values):
        points, x, y = [], 0, 0
        for i in range(0, len(values), 2):
            x, y = (values[0], values[1]) if i == 0 else (x + values[i], y + values[i + 1])
            points.append((x / q, y / q))
        return [*points, points[0]]

    return [[ring(r) for r in polygon] for polygon in feature["p"]]


def first_area(page):
    """The link to the area in the first row of the ranking table."""
    return page.locator("table.ranking tbody tr").first.get_by_role("rowheader").get_by_role("link")


# The map


def test_the_map_draws_the_wijken_with_a_legend_of_classes(open_page):
    page = open_map(open_page)
    legend = page.locator("#map-legend")
    expect(legend.locator(".legend-title")).to_have_text("aandachtsindex (indeling 2024)")
    expect(legend.get_by_role("listitem")).to_have_text(
        ["< 20", "20 – 40", "40 – 60", "60 – 80", "≥ 80", "geen cijfer"]
    )
    drawn = page.evaluate(
        """() => {
            const map = document.getElementById('map').map;
            return map.queryRenderedFeatures({layers: ['regions-fill']}).length;
        }"""
    )
    assert drawn > 1000, "the wijken of the whole country are drawn"
    # MapLibre's own texts are Dutch too
    expect(page.get_by_role("button", name="Inzoomen")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^Kaart van Nederland"))).to_be_visible()


def test_zooming_to_a_gemeente_and_back_to_the_whole_country(open_page):
    page = open_map(open_page)
    whole_country = page.evaluate("document.getElementById('map').map.getZoom()")
    zoom_to(page, "Rotterdam")
    assert page.evaluate("document.getElementById('map').map.getZoom()") > whole_country + 2

    page.get_by_label("Zoom in op gemeente").select_option(label="alle gemeenten met cijfers")
    page.wait_for_function(
        "zoom => { const map = document.getElementById('map').map;"
        " return !map.isMoving() && Math.abs(map.getZoom() - zoom) < 0.5; }",
        arg=whole_country,
    )


def pixel_of(page, code: str) -> dict:
    lon, lat = interior_point(shape_of(page, code))
    return page.evaluate(
        """([lon, lat]) => {
            const map = document.getElementById('map').map;
            const point = map.project([lon, lat]);
            const hit = map.queryRenderedFeatures(point, {layers: ['regions-fill']})[0];
            return {x: point.x, y: point.y, code: hit && hit.properties.code};
        }""",
        [lon, lat],
    )


def test_clicking_a_wijk_on_the_map_opens_its_page(open_page):
    page = open_map(open_page)
    zoom_to(page, "Rotterdam")
    pixel = pixel_of(page, CHARLOIS)
    assert pixel["code"] == CHARLOIS, "the computed pixel lies on Charlois"

    page.locator("#map canvas").click(position={"x": pixel["x"], "y": pixel["y"]})
    expect(page).to_have_url(re.compile(re.escape(PROFILE) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Charlois")


def test_choosing_another_indicator_recolours_the_map(open_page):
    page = open_map(open_page)
    value = (
        "() => document.getElementById('map').map"
        f".getFeatureState({{source: 'regions', id: '{CHARLOIS}'}}).value"
    )
    assert page.evaluate(value) > 90  # Charlois' need index

    page.get_by_label("Kleur volgens").select_option(label="Huishoudens in de laagste 40% inkomens")
    legend = page.locator("#map-legend")
    expect(legend.locator(".legend-title")).to_have_text(
        "Huishoudens in de laagste 40% inkomens (indeling 2024)"
    )
    expect(legend.get_by_role("listitem").first).to_have_text(re.compile(r"^< [\d,]+ %$"))
    expect(page).to_have_url(re.compile(r"indicator=lowest40_households_pct"))
    page.wait_for_function(f"() => ({value})() === 61.2")  # 61,2 % as on its profile


def test_without_javascript_the_map_page_points_to_the_ranking(open_page):
    page = open_page(javascript=False)
    page.goto("/atlas/")
    expect(page.get_by_role("button", name="Toon")).to_be_visible()
    expect(page.get_by_role("link", name="ranglijst", exact=True)).to_have_attribute(
        "href", re.compile(r"^/atlas/ranglijst/\?")
    )


# The ranking table


def only_income_counts(page):
    """Weights: leave out the lowest-incomes share, count only the average income."""
    page.get_by_label("Gemiddeld inkomen per inwoner").fill("1")
    page.get_by_label("Gemiddeld inkomen per inwoner").press("Tab")
    page.get_by_label("Huishoudens in de laagste 40% inkomens").fill("0")
    page.get_by_label("Huishoudens in de laagste 40% inkomens").press("Tab")


def euros(text: str) -> float:
    return float(re.sub(r"[^\d]", "", text.split("\n")[0]))


def test_changing_the_weights_reranks_the_table_with_and_without_javascript(open_page):
    # Without JavaScript: choose Rotterdam, then change the weights; submit the form each time.
    plain = open_page(javascript=False)
    plain.goto(RANKING)
    plain.get_by_label("Gemeente", exact=True).select_option(label="Rotterdam")
    plain.get_by_role("button", name="Toon").click()
    expect(plain).to_have_url(re.compile(r"gemeente=GM0599"))
    default_first = first_area(plain).inner_text()
    only_income_counts(plain)
    plain.get_by_role("button", name="Toon").click()
    expect(plain).to_have_url(re.compile(rf"{LOW_INCOME}=0&{INCOME}=1"))
    expect(first_area(plain)).not_to_have_text(default_first)
    reranked_first = first_area(plain).inner_text()
    # only the average income counts now: the first wijk has the lowest of the page
    headers = [text.strip() for text in plain.locator("table.ranking thead th").all_inner_texts()]
    column = 1 + headers.index("Gemiddeld inkomen per inwoner")
    cells = plain.locator(f"table.ranking tbody tr > :nth-child({column})").all_inner_texts()
    incomes = [euros(text) for text in cells if "€" in text]
    assert incomes[0] == min(incomes)

    # With JavaScript: htmx swaps the table in place as soon as a choice changes.
    page = open_page()
    page.goto(RANKING)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Gemeente", exact=True).select_option(label="Rotterdam")
    expect(first_area(page)).to_have_text(default_first)
    only_income_counts(page)
    expect(first_area(page)).to_have_text(reranked_first)
    expect(page).to_have_url(re.compile(rf"{LOW_INCOME}=0&{INCOME}=1"))
    assert page.evaluate("window.stillTheSamePage") is True, "the page was not reloaded"
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ gebieden, indeling 2024$"))


# The profile on a region page


def test_the_wijk_page_shows_index_rank_and_mini_map(open_page):
    page = open_page()
    page.goto(PROFILE)
    profile = page.get_by_role("region", name="Hoe nodig is de sociale aanpak hier?")
    expect(profile.locator(".index-figure")).to_have_text(re.compile(r"^\d{1,3} aandachtsindex"))
    scope = r"in 337 van de 342 gemeenten"  # 5 gemeenten have no wijk figures at all
    ranks = profile.get_by_text(re.compile(rf"^Plaats \d+ van \d+ \(wijk\) {scope}"))
    expect(ranks).to_have_text(re.compile(r"Plaats \d+ van 15 binnen de gemeente\.$"))
    national, in_gemeente = (int(n) for n in re.findall(r"Plaats (\d+) van", ranks.inner_text()))
    mini_map = profile.get_by_role("img", name="Charlois (donker) en de gebieden eromheen")
    expect(mini_map).to_be_visible()
    assert mini_map.locator("path.own").count() == 1
    assert mini_map.locator("path.other").count() > 3
    comparison = profile.get_by_role("table", name=re.compile("^Indicatoren vergeleken"))
    low_incomes = comparison.get_by_role("row", name=re.compile("^Huishoudens in de laagste 40%"))
    # Nederland: the income table's own national figure, not the median of wijken (32,3 %)
    expect(low_incomes.get_by_role("cell")).to_contain_text(["61,2 %", "52,6 %", "40,0 %"])

    # the same ranks in the ranking table, which the profile links to for the gemeente
    profile.get_by_role("link", name="Vergelijk met andere gebieden").click()
    expect(page).to_have_url(re.compile(r"/atlas/ranglijst/\?.*gemeente=GM0599"))
    rows = page.locator("table.ranking tbody tr")
    names = [name.strip() for name in rows.get_by_role("rowheader").all_inner_texts()]
    position = next(i for i, name in enumerate(names) if name.startswith("Charlois"))
    assert position + 1 == in_gemeente
    expect(rows.nth(position).locator("td").first).to_have_text(str(national))


# Accessibility and phones


@pytest.mark.parametrize("path", ["/atlas/", RANKING, PROFILE])
def test_axe_finds_no_serious_or_critical_problems_in_the_atlas(open_page, path):
    if path == "/atlas/":
        page = open_map(open_page, bypass_csp=True)  # once the map is drawn
    else:
        page = open_page(bypass_csp=True)
        page.goto(path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/atlas/", RANKING, PROFILE])
def test_a_360_px_phone_needs_no_sideways_scrolling_of_the_page(open_page, path):
    if path == "/atlas/":
        page = open_map(open_page, width=360, height=740)
    else:
        page = open_page(width=360, height=740)
        page.goto(path)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == 360
    if path == RANKING:  # the wide table scrolls inside its box; rank, area and index show
        index = page.get_by_role("columnheader", name="Index").bounding_box()
        assert index["x"] + index["width"] <= 360
        expect(page.get_by_text("Veeg de tabel opzij")).to_be_visible()
    if path == PROFILE:  # the comparison is stacked: every value within the screen
        for cell in page.locator("table.comparison tbody td:visible").all():
            box = cell.bounding_box()
            assert box["x"] + box["width"] <= 360


def test_a_wijk_profile_prints_on_two_pages_without_search_box_or_menus(open_page):
    page = open_page()
    page.goto(PROFILE)
    page.emulate_media(media="print")
    expect(page.locator("#site-search")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("heading", name="Charlois", exact=True)).to_be_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the profile prints on {pages} pages"


# What a first-time user ran into (issue 14): levels without figures, empty map choices,
# touch, the base map, loading and busy states.


def test_a_level_without_boundaries_says_so_and_how_to_load_them(open_page):
    page = open_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/atlas/?level=buurt&year=2024")
    note = page.get_by_role("note")
    expect(note).to_contain_text("Voor dit niveau en jaar zijn geen cijfers geladen.")
    expect(note).to_contain_text("buurtkompas import all --online --year 2024")
    expect(page.get_by_text("browser")).to_have_count(0)  # never blamed on the browser
    assert errors == []  # no request for map data that does not exist
    page.goto("/atlas/ranglijst/?level=buurt&year=2024")
    expect(page.get_by_role("heading", name="Geen cijfers voor dit niveau")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("import all --online")


def test_only_indicators_with_figures_can_be_chosen_and_the_legend_never_breaks(open_page):
    page = open_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/atlas/?indicator=gas_use_avg_m3")  # no wijk has a gas figure here
    expect(page.locator("#map[data-ready='true']")).to_be_attached()
    select = page.get_by_label("Kleur volgens")
    expect(select).to_have_value("index")
    expect(select.locator("option[value='gas_use_avg_m3']")).to_be_disabled()
    expect(select.locator("optgroup")).to_have_attribute(
        "label", "Geen cijfers op dit niveau en in dit jaar"
    )
    legend = page.locator("#map-legend")
    expect(legend.get_by_role("listitem")).to_have_count(6)  # five classes and "geen cijfer"
    expect(legend).not_to_contain_text("null")
    expect(legend.locator(".legend-classes")).to_have_text(
        "De index is gekleurd in vaste stappen van 20."
    )
    select.select_option("lowest40_households_pct")
    expect(legend.locator(".legend-classes")).to_contain_text("ongeveer een vijfde van de")
    expect(legend).not_to_contain_text("vaste stappen")
    assert errors == []


def test_a_tap_on_a_phone_shows_name_value_and_a_link_before_opening_the_page(open_page):
    page = open_map(open_page, width=360, height=740, touch=True)
    zoom_to(page, "Rotterdam")
    pixel = pixel_of(page, CHARLOIS)
    assert pixel["code"] == CHARLOIS
    page.locator("#map canvas").tap(position={"x": pixel["x"], "y": pixel["y"]})
    popup = page.locator(".maplibregl-popup")
    expect(popup).to_contain_text("Charlois")
    expect(popup).to_contain_text("aandachtsindex:")
    expect(page).to_have_url(re.compile(r"/atlas/"))  # still on the map
    popup.get_by_role("link", name="Open de pagina van dit gebied").tap()
    expect(page).to_have_url(re.compile(re.escape(PROFILE) + "$"))


def test_the_map_draws_gemeente_borders_and_names_and_links_the_table(open_page):
    page = open_map(open_page)
    expect(page.get_by_role("link", name=re.compile("^Liever een tabel"))).to_have_attribute(
        "href", re.compile(r"^/atlas/ranglijst/")
    )
    assert page.evaluate("!!document.getElementById('map').map.getLayer('gemeenten-line')")
    expect(page.locator("#map-loading")).to_be_hidden()
    zoom_to(page, "Rotterdam")
    labels = page.locator(".map-label")
    expect(labels.filter(has_text=re.compile("^Schiedam$"))).to_have_count(1)
    expect(labels.filter(has_text=re.compile("^Rotterdam$"))).to_have_count(1)


def test_the_ranking_shows_it_is_busy_while_it_updates(open_page):
    page = open_page()
    page.goto(RANKING)
    held = []
    page.route("**/atlas/ranglijst/?*", lambda route: held.append(route))
    page.get_by_label("Gemeente", exact=True).select_option(label="Rotterdam")
    expect(page.locator("#ranking")).to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("status")).to_have_text("De ranglijst wordt bijgewerkt…")
    expect(page.get_by_text("De ranglijst wordt bijgewerkt…", exact=True).first).to_be_visible()
    held[0].continue_()
    page.unroute("**/atlas/ranglijst/?*")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ gebieden, indeling 2024$"))
    expect(page.locator("#ranking")).not_to_have_attribute("aria-busy", "true")
