"""The household report: one or two A4 pages the household keeps after a visit, as a PDF.

``household_report_pdf(data, language="nl")`` is pure: a dict in, PDF bytes out (fpdf2, with
the DejaVu fonts and the ``Document`` helper of ``residents.pdf``). Plain language (B1), large
type and short lines so it reads on a phone too. The household chooses the language of its
report, which need not be the language of the coach's screen, so the texts are in this module
(``TEXTS``, Dutch and English) rather than in the gettext catalogue.

Every saving is labelled an estimate ("schatting") with the energy prices, their year and
source, and the source of the CO₂ factors. Referrals come from the national referral catalogue
(``referral_catalogue.load_referrals``) with their phone number and web address.

The ``data`` dict (built by a selector from a recorded visit; plain values, JSON-safe)::

    {
        "visit_date": "2026-11-28",          # ISO date string or datetime.date
        "coach": {"name": "Anouk Jansen"},
        "team": {                             # the team's contact; every key but name optional
            "name": "Energieteam Noord",
            "phone": "050 123 45 67",
            "email": "energieteam@example.nl",
            "website": "https://example.nl",
        },
        "measures_fitted": [                  # fitted during the visit
            {"name_nl": "Tochtstrips", "name_en": "Draught strips",
             "quantity": 12, "unit": "metre"},        # unit: piece | metre | household
        ],
        "measures_advised": [...],            # same shape: advised, not (yet) fitted
        "savings": {                          # None or absent: nothing was estimated
            "kwh": 22.0, "m3": 164.0, "eur": 210.0, "co2_kg": 300.0,   # per year, totals
            "prices": {"year": 2022, "gas_eur_per_m3": 1.2,
                       "electricity_eur_per_kwh": 0.22, "source": "Milieu Centraal ..."},
            "co2_sources": ["CE Delft ...", "ISSO 82 ..."],
            "without_published_saving": ["Tochtstrips"],  # names: listed, not counted
        },
        "advice": ["Zet de thermostaat 's nachts op 15 °C.", ...],  # the coach's own words
        "referrals": [                        # keys of referrals.csv, in the order to show
            {"key": "geldfit"},
            {"key": "schuldhulpverlening_gemeente",
             "contact": "Gemeente Groningen, 14 050"},   # optional: the local address
            {"name": "Energiecafé Noord",     # a team's local service: no key, its own
             "purpose": "Hulp bij de energierekening",   # name and purpose (required),
             "phone": "050 765 43 21", "url": "https://example.nl",  # phone, url and
             "contact": "Dinsdag 10-12 uur, buurthuis"},  # contact optional
        ],
        "follow_up": "2027-01-15",            # optional: the date of the next visit
    }

``savings`` maps onto ``savings.SavingsEstimate`` (``total_kwh`` ... and its ``assumptions``).
A missing list is treated as empty; an unknown referral key raises ``KeyError`` naming it.
The selector ``visits.selectors.visit_report_data`` builds this dict from a recorded visit.
"""

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from django.utils import translation
from fpdf import XPos, YPos

from buurtkompas.core.dates import show_date
from buurtkompas.core.pdf import FONT_DIR, Document
from buurtkompas.visits.referral_catalogue import load_referrals

LANGUAGES = ("nl", "en")
BODY_PT, HEADING_PT, TITLE_PT = 14, 17, 22
LINE_MM = 7.2
MARGIN_MM = 20
KEEP_WITH_NEXT_MM = 40  # a heading closer than this to the page end moves to the next page
REFERRAL_MM = 36  # one referral (name, purpose, phone, website) is not split over two pages
CONTACT_MM = 60  # nor is the contact block at the end

TEXTS = {
    "nl": {
        "title": "Uw energiebezoek",
        "date": "Datum",
        "coach": "Uw coach",
        "done": "Wat we vandaag hebben gedaan",
        "nothing_done": "We hebben vandaag niets aangebracht.",
        "advised": "Wat u nog kunt doen",
        "savings": "Wat het bespaart: een schatting",
        "per_year": "Per jaar ongeveer:",
        "gas": "Gas",
        "electricity": "Stroom",
        "money": "Geld",
        "co2": "CO₂",
        "estimate": "Dit is een schatting, geen meting. Hoeveel u echt bespaart, hangt af "
        "van uw huis en hoe u het gebruikt.",
        "prices": "Gerekend met {gas} per m³ gas en {electricity} per kWh stroom, "
        "prijzen van {year}. Bron: {source}.",
        "co2_source": "Bron CO₂: {sources}.",
        "no_figure": "Zonder cijfer, want er is geen gepubliceerde besparing: {names}.",
        "no_savings": "We hebben geen besparing berekend.",
        "advice": "Onze tips",
        "referrals": "Hulp en regelingen",
        "phone": "Bel",
        "website": "Website",
        "ask_coach": "Vraag uw coach naar het adres bij u in de buurt.",
        "questions": "Vragen?",
        "team": "Team",
        "email": "E-mail",
        "follow_up": "We komen terug op {date}.",
        "made": "Gemaakt op {date} met Buurtkompas.",
        "units": {"piece": ("stuk", "stuks"), "metre": ("meter", "meter")},
    },
    "en": {
        "title": "Your energy visit",
        "date": "Date",
        "coach": "Your coach",
        "done": "What we did today",
        "nothing_done": "We did not fit anything today.",
        "advised": "What you can still do",
        "savings": "What it saves: an estimate",
        "per_year": "About, per year:",
        "gas": "Gas",
        "electricity": "Electricity",
        "money": "Money",
        "co2": "CO₂",
        "estimate": "This is an estimate, not a measurement. What you really save depends "
        "on your home and how you use it.",
        "prices": "Worked out with {gas} per m³ of gas and {electricity} per kWh of "
        "electricity, prices of {year}. Source: {source}.",
        "co2_source": "Source of CO₂: {sources}.",
        "no_figure": "No figure, as no saving has been published: {names}.",
        "no_savings": "We did not estimate a saving.",
        "advice": "Our tips",
        "referrals": "Help and schemes",
        "phone": "Call",
        "website": "Website",
        "ask_coach": "Ask your coach for the address near you.",
        "questions": "Questions?",
        "team": "Team",
        "email": "E-mail",
        "follow_up": "We will come back on {date}.",
        "made": "Made on {date} with Buurtkompas.",
        "units": {"piece": ("piece", "pieces"), "metre": ("metre", "metres")},
    },
}


def number(value: float, language: str, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Dutch, '1,234.5' in English."""
    text = f"{value:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def euros(value: float, language: str, decimals: int = 0) -> str:
    return f"€ {number(value, language, decimals)}"


def shown_url(url: str) -> str:
    """A web address as people type it: without https:// and a trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


def long_date(value, language: str) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    with translation.override(language):
        return show_date(day)


class ReportDocument(Document):
    """``residents.pdf.Document`` with large type and room to breathe, for reading on a phone."""

    def __init__(self, font_dir: Path):
        super().__init__(font_dir)
        self.pdf.set_margins(MARGIN_MM, MARGIN_MM)
        self.pdf.set_auto_page_break(True, margin=MARGIN_MM)
        self.pdf.set_xy(MARGIN_MM, MARGIN_MM)
        self.pdf.set_font(self.family, "", BODY_PT)

    def title(self, text: str) -> None:
        self.pdf.set_font(self.family, "B", TITLE_PT)
        self.write(text, height=TITLE_PT * 0.5)
        self.pdf.set_font(self.family, "", BODY_PT)
        self.pdf.ln(2)

    def keep(self, height_mm: float) -> bool:
        """Start a new page unless ``height_mm`` still fits on this one (keeps a block whole)."""
        if self.pdf.get_y() > self.pdf.page_break_trigger - height_mm:
            self.pdf.add_page()
            return True
        return False

    def section(self, text: str, *, keep_mm: float = KEEP_WITH_NEXT_MM) -> None:
        if not self.keep(keep_mm):
            self.pdf.ln(4)
        self.pdf.set_font(self.family, "B", HEADING_PT)
        self.write(text, height=HEADING_PT * 0.5)
        self.pdf.set_font(self.family, "", BODY_PT)
        self.pdf.ln(1)

    def line(self, text: str, *, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", BODY_PT)
        self.write(text, height=LINE_MM)
        self.pdf.set_font(self.family, "", BODY_PT)

    def bullet(self, text: str) -> None:
        """A list item with a hanging indent, so wrapped lines stay under their text."""
        pdf = self.pdf
        pdf.set_x(MARGIN_MM)
        pdf.cell(7, LINE_MM, self.clean("•"))
        pdf.multi_cell(0, LINE_MM, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def small(self, text: str) -> None:
        self.pdf.set_font(self.family, "", BODY_PT - 3)
        self.write(text, height=LINE_MM - 2)
        self.pdf.set_font(self.family, "", BODY_PT)


def _measure_line(measure: Mapping, language: str) -> str:
    name = measure.get(f"name_{language}") or measure.get("name_nl") or measure.get("name", "")
    quantity, unit = measure.get("quantity"), measure.get("unit", "household")
    words = TEXTS[language]["units"].get(unit)
    if not quantity or words is None:
        return name
    word = words[0] if quantity == 1 else words[1]
    decimals = 0 if float(quantity).is_integer() else 1
    return f"{name}: {number(float(quantity), language, decimals)} {word}"


def _measures(doc: ReportDocument, data: Mapping, language: str) -> None:
    text = TEXTS[language]
    doc.section(text["done"])
    fitted = data.get("measures_fitted") or []
    for measure in fitted:
        doc.bullet(_measure_line(measure, language))
    if not fitted:
        doc.line(text["nothing_done"])
    advised = data.get("measures_advised") or []
    if advised:
        doc.section(text["advised"])
        for measure in advised:
            doc.bullet(_measure_line(measure, language))


def _savings(doc: ReportDocument, savings: Mapping | None, language: str) -> None:
    text = TEXTS[language]
    doc.section(text["savings"])
    if not savings:
        doc.line(text["no_savings"])
        return
    doc.line(text["per_year"])
    figures = [
        (text["gas"], savings.get("m3"), "m³"),
        (text["electricity"], savings.get("kwh"), "kWh"),
        (text["co2"], savings.get("co2_kg"), "kg"),
    ]
    if savings.get("eur") is not None:
        doc.bullet(f"{text['money']}: {euros(savings['eur'], language)}")
    for label, value, unit in figures:
        if value:
            doc.bullet(f"{label}: {number(value, language)} {unit}")
    doc.line(text["estimate"], bold=True)
    prices = savings.get("prices")
    if prices:
        doc.small(
            text["prices"].format(
                gas=euros(prices["gas_eur_per_m3"], language, 2),
                electricity=euros(prices["electricity_eur_per_kwh"], language, 2),
                year=prices["year"],
                source=prices["source"],
            )
        )
    if savings.get("co2_sources"):
        doc.small(text["co2_source"].format(sources="; ".join(savings["co2_sources"])))
    if savings.get("without_published_saving"):
        names = ", ".join(savings["without_published_saving"])
        doc.small(text["no_figure"].format(names=names))


def _referrals(doc: ReportDocument, items: list, language: str) -> None:
    if not items:
        return
    text, catalogue = TEXTS[language], load_referrals()
    doc.section(text["referrals"])
    for item in items:
        item = item if isinstance(item, Mapping) else {"key": item}
        if "key" not in item:  # a team's local service, with its own details
            _referral_block(doc, text, item["name"], item["purpose"], item)
            continue
        if item["key"] not in catalogue:
            raise KeyError(f"referral {item['key']!r} is not in the referral catalogue")
        referral = catalogue[item["key"]]
        details = {"phone": referral.phone, "url": referral.url, "contact": item.get("contact")}
        _referral_block(doc, text, referral.name(language), referral.purpose(language), details)


def _referral_block(doc: ReportDocument, text: Mapping, name: str, purpose: str, details) -> None:
    doc.keep(REFERRAL_MM)
    doc.line(name, bold=True)
    if purpose:
        doc.line(purpose)
    phone, url, contact = details.get("phone"), details.get("url"), details.get("contact")
    if phone:
        doc.line(f"{text['phone']}: {phone}")
    if url:
        doc.line(f"{text['website']}: {shown_url(url)}")
    if contact:
        doc.line(contact)
    elif not (phone or url):
        doc.line(text["ask_coach"])
    doc.pdf.ln(2)


def _contact(doc: ReportDocument, data: Mapping, language: str) -> None:
    text, team = TEXTS[language], data.get("team") or {}
    doc.section(text["questions"], keep_mm=CONTACT_MM)
    doc.line(f"{text['coach']}: {data['coach']['name']}")
    if team.get("name"):
        doc.line(f"{text['team']}: {team['name']}")
    if team.get("phone"):
        doc.line(f"{text['phone']}: {team['phone']}")
    if team.get("email"):
        doc.line(f"{text['email']}: {team['email']}")
    if team.get("website"):
        doc.line(f"{text['website']}: {shown_url(team['website'])}")
    if data.get("follow_up"):
        doc.line(text["follow_up"].format(date=long_date(data["follow_up"], language)))


def household_report_pdf(
    data: Mapping, *, language: str = "nl", font_dir: Path = FONT_DIR, today: date | None = None
) -> bytes:
    """The report of one visit as PDF bytes; ``data`` as described in the module docstring."""
    language = language[:2].lower()
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r}: the report exists in {', '.join(LANGUAGES)}")
    text = TEXTS[language]
    doc = ReportDocument(font_dir)
    doc.pdf.set_title(text["title"])
    doc.pdf.set_lang(language)
    doc.title(text["title"])
    doc.line(f"{text['date']}: {long_date(data['visit_date'], language)}")
    doc.line(f"{text['coach']}: {data['coach']['name']}")
    _measures(doc, data, language)
    _savings(doc, data.get("savings"), language)
    advice = data.get("advice") or []
    if advice:
        doc.section(text["advice"])
        for tip in advice:
            doc.bullet(tip)
    _referrals(doc, data.get("referrals") or [], language)
    _contact(doc, data, language)
    doc.pdf.ln(4)
    doc.small(text["made"].format(date=long_date(today or date.today(), language)))
    return doc.output()
