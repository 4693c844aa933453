"""The public pages, rendered by the server on the real shared data (imported once per session)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from buurtkompas.regions.models import Observation, Region
from tests.helpers import text_of

WIJK = "/regio/2024/WK001400/"  # Centrum, gemeente Groningen


class FigureTable(HTMLParser):
    """Collects the text of each cell of the rows in <table class="figures">."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "figures" in (attrs.get("class") or "").split():
            self.in_table = True
        elif self.in_table and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.in_table = self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def figure_rows(html: str) -> list[list[str]]:
    parser = FigureTable()
    parser.feed(html)
    return parser.rows


def test_home_shows_the_national_population_as_the_sum_over_gemeenten(client, db):
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Inwoners van Nederland 17.942.942" in text
    assert "Jaar: 2024" in text
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024, tabel 85984NED (342 gemeenten)" in text


def test_home_lists_the_areas_per_indeling_year_and_the_sources(client, db):
    text = text_of(client.get("/"))
    assert (
        "Indeling 2024 2023 2020 Gemeenten 342 342 44 Wijken 3.474 3.352 – Buurten – – 1.859"
        in text
    )
    assert "CBS Wijk- en buurtkaart 2024 — CBS / PDOK, licentie CC BY 4.0" in text


def test_gemeente_list_shows_the_342_gemeenten_of_2024(client, db):
    response = client.get("/gemeenten/")
    assert response.status_code == 200
    assert "342 gemeenten" in text_of(response)
    links = set(re.findall(r'href="/regio/2024/(GM\d{4})/"', response.content.decode()))
    assert len(links) == 342
    assert links == set(
        Region.objects.filter(level="gemeente", year=2024).values_list("code", flat=True)
    )


def test_gemeente_list_filters_by_name_and_offers_the_other_indeling_years(client, db):
    response = client.get("/gemeenten/", {"q": "gron"})
    text = text_of(response)
    assert "2 gemeenten" in text
    assert "Groningen" in text and "Midden-Groningen" in text and "Amsterdam" not in text
    assert 'href="?jaar=2023"' in response.content.decode()
    assert "44 gemeenten" in text_of(client.get("/gemeenten/", {"jaar": 2020}))


@pytest.mark.parametrize("year", ["1999", "abc"])
def test_gemeente_list_of_an_unknown_year_is_not_found(client, db, year):
    assert client.get("/gemeenten/", {"jaar": year}).status_code == 404


def test_wijk_page_shows_every_figure_with_value_unit_year_and_source(client, db):
    response = client.get(WIJK)
    assert response.status_code == 200
    rows = figure_rows(response.content.decode())
    figures = Observation.objects.filter(region__code="WK001400", region__year=2024)
    assert len(rows) == figures.count() == 15
    assert all(len(row) == 4 and all(row) for row in rows)
    by_label = {row[0]: row[1:] for row in rows}
    assert by_label["Aantal inwoners"] == [
        "24.920",
        "2024",
        "CBS, Kerncijfers wijken en buurten 2024, tabel 85984NED",
    ]
    assert by_label["Bevolkingsdichtheid"][0] == "10.907 inwoners per km²"
    assert by_label["Oppervlakte land"][0] == "228 ha"
    assert by_label["Inwoners 15 tot 25 jaar"] == [
        "45,0 %",
        "2024",
        "CBS / PDOK, CBS Wijk- en buurtkaart 2024",
    ]


def test_wijk_page_links_up_to_its_gemeente_and_to_its_other_indeling_years(client, db):
    html = client.get(WIJK).content.decode()
    assert 'Wijk in de gemeente <a href="/regio/2024/GM0014/">Groningen</a>' in html
    assert 'href="/regio/2023/WK001400/"' in html


def test_region_page_shows_an_approximate_year_with_ca(client, db):
    rows = figure_rows(client.get("/regio/2020/BU00590000/").content.decode())
    energy_poverty = next(row for row in rows if row[0] == "Huishoudens in energiearmoede")
    assert energy_poverty[1:3] == ["11,6 %", "ca. 2020"]
    assert energy_poverty[3].startswith("Uitgever niet gedocumenteerd")


def test_region_page_never_shows_a_figure_that_was_not_published(client, db):
    # Vathorst-Bovenduist (a new wijk) has a published population of 0, but CBS published no
    # dwellings, density or ages for it: those rows are absent, not shown as 0.
    response = client.get("/regio/2024/WK030732/")
    rows = figure_rows(response.content.decode())
    labels = {row[0] for row in rows}
    assert "Aantal inwoners" in labels
    assert len(rows) == Observation.objects.filter(region__code="WK030732").count() == 7
    text = text_of(response)
    for absent in ("Woningvoorraad", "Bevolkingsdichtheid", "Inwoners 0 tot 15 jaar"):
        assert absent not in text
    assert all(row[1] not in ("niet gepubliceerd", "") for row in rows)
    assert "Zo'n cijfer telt nooit als nul" in text


def test_region_page_of_an_area_with_only_suppressed_figures_has_no_table(client, db):
    response = client.get("/regio/2023/WK199233/")  # Recreatiestrook Brielse Maas
    assert response.status_code == 200
    assert figure_rows(response.content.decode()) == []
    assert "Voor dit gebied zijn geen cijfers gepubliceerd of ingelezen." in text_of(response)


def test_gemeente_page_lists_its_wijken(client, db):
    response = client.get("/regio/2024/GM0014/")
    html = response.content.decode()
    assert "Wijken in Groningen" in html
    wijken = Region.objects.filter(parent__code="GM0014", year=2024)
    assert wijken.count() == 20
    for wijk in wijken:
        assert f'href="/regio/2024/{wijk.code}/"' in html
    assert "Centrum 24.920 inwoners" in text_of(response)


@pytest.mark.parametrize(
    "path", ["/regio/2024/WK999999/", "/regio/1999/WK001400/", "/regio/2024/nonsense/"]
)
def test_unknown_code_or_year_is_not_found_in_dutch(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text_of(response)


def test_search_by_name(client, db):
    response = client.get("/zoeken/", {"q": "Vathorst"})
    assert response.status_code == 200
    assert 'href="/regio/2024/WK030732/">Vathorst-Bovenduist</a>' in response.content.decode()
    assert "Wijk in Amersfoort" in text_of(response)


@pytest.mark.parametrize("query", ["WK001400", "wk001400"])
def test_search_by_code(client, db, query):
    html = client.get("/zoeken/", {"q": query}).content.decode()
    assert 'href="/regio/2024/WK001400/">Centrum</a>' in html
    assert 'href="/regio/2023/WK001400/">Centrum</a>' in html


def test_search_says_when_only_the_first_results_are_shown(client, db):
    text = text_of(client.get("/zoeken/", {"q": "centrum"}))
    assert "20 resultaten voor “centrum”. U ziet alleen de eerste resultaten." in text


def test_search_asks_for_two_letters_and_says_when_nothing_is_found(client, db):
    assert "Typ minstens twee letters" in text_of(client.get("/zoeken/", {"q": "a"}))
    assert "Niets gevonden voor “Xyzzy”." in text_of(client.get("/zoeken/", {"q": "Xyzzy"}))


def test_script_in_the_search_query_comes_back_escaped(client, db):
    payload = '<script>alert("x")</script>'
    html = client.get("/zoeken/", {"q": payload}).content.decode()
    assert payload not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


PAGES = ["/", "/gemeenten/", "/zoeken/?q=centrum", WIJK, "/regio/2024/GM0014/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_scripts_or_event_handlers(client, db, path):
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, "htmx should be included"
    assert all('src="' in attrs and body.strip() == "" for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "style=" not in html and "javascript:" not in html


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_landmarks_a_skip_link_and_one_h1(client, db, path):
    html = client.get(path).content.decode()
    assert '<a class="skip-link" href="#main">Direct naar de inhoud</a>' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert '<nav aria-label="Hoofdmenu">' in html
    assert len(re.findall(r"<h1\b", html)) == 1
    assert '<html lang="nl">' in html


def test_htmx_is_vendored_and_loaded_deferred(client, db):
    html = client.get("/").content.decode()
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in html
    for name in ("vendor/htmx.min.js", "vendor/axe.min.js"):
        path = finders.find(name)
        assert path and Path(path).stat().st_size > 10_000


def test_it_shows_new_figures_after_an_import_although_the_page_is_cached(client, db, tmp_path):
    from django.core.management import call_command

    from tests.conftest import FIXTURES

    page = "/regio/2023/WK001400/"
    before = client.get(page).content.decode()
    assert "22.500" in before
    client.get(page)  # the second view is served from the fragment cache
    text = (FIXTURES / "good" / "income_2020_small.csv").read_text(encoding="utf-8-sig")
    changed = tmp_path / "inkomen-2020-gewijzigd.csv"
    changed.write_text(text.replace(";WK001400;Centrum;22,5;", ";WK001400;Centrum;23,5;"))
    call_command("import", "income", "--from", str(changed), stdout=open("/dev/null", "w"))
    after = client.get(page).content.decode()
    assert "23.500" in after and "22.500" not in after


def test_home_asks_the_question_the_atlas_answers_and_leads_to_map_ranking_and_profiles(client, db):
    text = text_of(client.get("/"))
    assert text.index("Waar is de sociale aanpak van de energietransitie het meest nodig?") < (
        text.index("Inwoners van Nederland")
    )
    for link in ("Bekijk de kaart", "Vergelijk in een tabel", "Zoek uw gemeente"):
        assert link in text
    # the five wijken with the highest index, with the basis of the index said plainly
    assert "Waar de aandachtsindex van de wijken het hoogst is Heechterp & Schieringen" in text
    assert "rust de index op één indicator: Huishoudens in de laagste 40% inkomens" in text


def test_search_without_a_result_says_what_is_loaded_and_how_to_find_a_buurt(client, db):
    text = text_of(client.get("/zoeken/", {"q": "Tarwewijk"}))
    assert "Niets gevonden voor “Tarwewijk”." in text
    assert "gemeenten (2024, 2023, 2020); wijken (2024, 2023); buurten (2020)" in text
    assert "buurtkompas import all --online" in text
