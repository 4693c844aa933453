"""The household report PDF (visits/report_pdf.py): what the household keeps after a visit."""

import re
from copy import deepcopy
from datetime import date

import pytest

from buurtkompas.visits.referral_catalogue import load_referrals
from buurtkompas.visits.report_pdf import FONT_DIR, ReportDocument, household_report_pdf
from tests.helpers import font_maps, pdf_streams, pdf_text, shown_strings

TODAY = date(2026, 12, 3)
DATA = {
    "visit_date": "2026-11-28",
    "coach": {"name": "Anouk Jansen"},
    "team": {
        "name": "Energieteam Noord",
        "phone": "050 123 45 67",
        "email": "energieteam@example.nl",
        "website": "https://energieteam.example.nl/",
    },
    "measures_fitted": [
        {"name_nl": "Tochtstrips", "name_en": "Draught strips", "quantity": 12, "unit": "metre"},
        {
            "name_nl": "Waterbesparende douchekop",
            "name_en": "Water-saving shower head",
            "quantity": 1,
            "unit": "piece",
        },
        {"name_nl": "Radiatorfolie", "name_en": "Radiator foil", "quantity": 4.5, "unit": "metre"},
    ],
    "measures_advised": [
        {
            "name_nl": "Thermostaat 1 °C lager",
            "name_en": "Thermostat 1 °C lower",
            "quantity": 1,
            "unit": "household",
        }
    ],
    "savings": {
        "kwh": 22.0,
        "m3": 1164.4,
        "eur": 1210.5,
        "co2_kg": 300.2,
        "prices": {
            "year": 2022,
            "gas_eur_per_m3": 1.2,
            "electricity_eur_per_kwh": 0.22,
            "source": "Milieu Centraal",
        },
        "co2_sources": ["CE Delft 2021", "ISSO 82"],
        "without_published_saving": ["Tochtstrips", "Radiatorfolie"],
    },
    "advice": [
        "Zet de thermostaat 's nachts op 15 °C.",
        "Ongeveer 2 m² folie per radiator.",
        "Dat scheelt ëcht.",
    ],
    "referrals": [
        {"key": "geldfit"},
        {"key": "huurcommissie_gebreken"},
        {"key": "schuldhulpverlening_gemeente", "contact": "Gemeente Groningen, 14 050"},
        {"key": "reparatieverzoek_corporatie"},
    ],
    "follow_up": "2027-01-15",
}


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def text_of(pdf: bytes) -> str:
    """The shown lines (tests/helpers.pdf_text), without the other fonts' undecodable readings."""
    return "\n".join(line for line in pdf_text(pdf).split("\n") if "\ufffd" not in line)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in page order: one content stream per page in fpdf2's output."""
    streams = pdf_streams(pdf)
    maps = font_maps(streams)
    pages = []
    for stream in streams:
        if b" Tj" not in stream or b"beginbfchar" in stream:
            continue
        lines = []
        for data in shown_strings(stream):
            glyphs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
            readings = ["".join(cmap.get(g, "\ufffd") for g in glyphs) for cmap in maps]
            lines.append(next((r for r in readings if "\ufffd" not in r), ""))
        pages.append(lines)
    return pages


def test_it_prints_every_section_and_figure_in_dutch():
    pdf = household_report_pdf(DATA, language="nl", today=TODAY)
    text = text_of(pdf)
    for shown in (
        "Uw energiebezoek",
        "Datum: 28 november 2026",
        "Uw coach: Anouk Jansen",
        "Wat we vandaag hebben gedaan",
        "Tochtstrips: 12 meter",
        "Waterbesparende douchekop: 1 stuk",
        "Radiatorfolie: 4,5 meter",
        "Wat u nog kunt doen",
        "Thermostaat 1 °C lager",
        "Wat het bespaart: een schatting",
        "Per jaar ongeveer:",
        "Geld: € 1.210",
        "Gas: 1.164 m³",
        "Stroom: 22 kWh",
        "CO₂: 300 kg",
        "Dit is een schatting, geen meting.",
        "€ 1,20 per m³ gas en € 0,22 per kWh stroom, prijzen van 2022",
        "Milieu Centraal",
        "Bron CO₂: CE Delft 2021; ISSO 82.",
        "geen gepubliceerde besparing: Tochtstrips, Radiatorfolie.",
        "Onze tips",
        "Zet de thermostaat 's nachts op 15 °C.",
        "Hulp en regelingen",
        "Geldfit",
        "Bel: 0800-8115",
        "Website: www.geldfit.nl",
        "Huurcommissie (onderhoudsgebreken)",
        "Bel: 088 - 1 600 300",
        "Schuldhulpverlening van de gemeente",
        "Gemeente Groningen, 14 050",
        "Reparatieverzoek bij de verhuurder",
        "Vraag uw coach naar het adres bij u in de buurt.",
        "Vragen?",
        "Team: Energieteam Noord",
        "Bel: 050 123 45 67",
        "E-mail: energieteam@example.nl",
        "Website: energieteam.example.nl",
        "We komen terug op 15 januari 2027.",
        "Gemaakt op 3 december 2026 met Buurtkompas.",
    ):
        assert shown in text, shown
    assert "6 weken" in text  # the Huurcommissie's purpose, from the referral catalogue
    assert page_count(pdf) <= 2


def test_it_prints_the_same_report_in_english():
    pdf = household_report_pdf(DATA, language="en", today=TODAY)
    text = text_of(pdf)
    for shown in (
        "Your energy visit",
        "Date: 28 November 2026",
        "What we did today",
        "Draught strips: 12 metres",
        "Water-saving shower head: 1 piece",
        "Radiator foil: 4.5 metres",
        "What you can still do",
        "What it saves: an estimate",
        "Money: € 1,210",
        "Gas: 1,164 m³",
        "Electricity: 22 kWh",
        "This is an estimate, not a measurement.",
        "€ 1.20 per m³ of gas and € 0.22 per kWh of",
        "Help and schemes",
        "Worried about money?",
        "Call: 0800-8115",
        "Ask your coach for the address near you.",
        "Questions?",
        "Your coach: Anouk Jansen",
        "We will come back on 15 January 2027.",
    ):
        assert shown in text, shown
    assert "Wat het bespaart" not in text
    assert page_count(pdf) <= 2


def test_it_prints_special_characters_as_written():
    text = text_of(household_report_pdf(DATA, today=TODAY))
    for shown in ("ëcht", "€ 1.210", "2 m² folie", "m³", "CO₂", "°C"):
        assert shown in text, shown
    assert "?cht" not in text


def test_it_says_when_no_saving_was_estimated_and_shows_no_figures():
    data = deepcopy(DATA)
    data["savings"] = None
    data["measures_fitted"] = []
    text = text_of(household_report_pdf(data, today=TODAY))
    assert "We hebben geen besparing berekend." in text
    assert "We hebben vandaag niets aangebracht." in text
    assert "Geld:" not in text and "Per jaar ongeveer:" not in text


def test_it_flows_a_long_report_over_pages_without_a_heading_alone_at_a_page_end():
    data = deepcopy(DATA)
    data["measures_fitted"] = [
        {"name_nl": f"Maatregel {n}", "name_en": f"Measure {n}", "quantity": n, "unit": "piece"}
        for n in range(1, 16)
    ]
    data["advice"] = [f"Tip nummer {n}: doe de deur dicht." for n in range(1, 13)]
    keys = (
        "tijdelijk_noodfonds_energie bijzondere_bijstand_energie schuldhulpverlening_gemeente "
        "geldfit energieloket reparatieverzoek_corporatie huurcommissie_gebreken "
        "nationaal_warmtefonds isde juridisch_loket"
    ).split()
    data["referrals"] = [{"key": key} for key in keys]
    pdf = household_report_pdf(data, today=TODAY)
    pages = page_texts(pdf)
    assert len(pages) == page_count(pdf) <= 4
    every_line = [line for page in pages for line in page]
    for n in range(1, 16):
        assert every_line.count(f"Maatregel {n}: {n} {'stuk' if n == 1 else 'stuks'}") == 1
    for n in range(1, 13):
        assert every_line.count(f"Tip nummer {n}: doe de deur dicht.") == 1
    # A heading or a referral's name never stands alone at the bottom of a page.
    names = {referral.name_nl for referral in load_referrals().values()}
    headings = {"Wat u nog kunt doen", "Onze tips", "Hulp en regelingen", "Vragen?"}
    for page in pages[:-1]:
        assert page[-1] not in headings | names, page[-3:]
    assert "Gemaakt op 3 december 2026 met Buurtkompas." in pages[-1]


def test_it_refuses_an_unknown_referral_or_language():
    data = deepcopy(DATA)
    data["referrals"] = [{"key": "no_such_scheme"}]
    with pytest.raises(KeyError, match="no_such_scheme"):
        household_report_pdf(data)
    with pytest.raises(ValueError, match="the report exists in nl, en"):
        household_report_pdf(DATA, language="fr")


def test_it_moves_a_heading_near_the_page_end_to_the_next_page():
    doc = ReportDocument(FONT_DIR)
    doc.pdf.set_y(doc.pdf.page_break_trigger - 20)
    doc.section("Onze tips")
    assert doc.pdf.page == 2
    assert doc.pdf.get_y() < 40
    doc.pdf.set_y(100)
    doc.section("Hulp en regelingen")
    assert doc.pdf.page == 2
