"""Everything held about a resident as a readable PDF (the right of access), made with fpdf2
from the same data as the JSON export (`services.contact_export`).

DejaVu Sans (Debian: fonts-dejavu-core) is embedded when present so every name prints as
written; without it a core font is used and characters it cannot show become "?".
"""

from datetime import date, datetime
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF, XPos, YPos

from buurtkompas.core.dates import show_date
from buurtkompas.residents import registry

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
ACTIONS = {
    "residents.contact.created": gettext_lazy("recorded"),
    "residents.contact.changed": gettext_lazy("changed"),
    "residents.contact.viewed": gettext_lazy("viewed"),
    "residents.contact.exported": gettext_lazy("exported"),
    "residents.contact.erased": gettext_lazy("erased"),
    "residents.contact.anonymised": gettext_lazy("anonymised"),
}


def label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def when(iso: str | None) -> str:
    if not iso:
        return ""
    if len(iso) == 10:
        return show_date(date.fromisoformat(iso), "short")
    return show_date(datetime.fromisoformat(iso), "short_time")


class Document:
    def __init__(self, font_dir: Path):
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        regular = font_dir / FONT_FILES[""]
        self.unicode = regular.exists()
        if self.unicode:
            for style, name in FONT_FILES.items():
                path = font_dir / name
                self.pdf.add_font("DejaVu", style, str(path if path.exists() else regular))
        self.family = "DejaVu" if self.unicode else "Helvetica"
        self.pdf.set_creator("Buurtkompas")
        self.pdf.add_page()
        self.pdf.set_font(self.family, "", 11)

    def clean(self, text) -> str:
        text = str(text)
        if not self.unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        known = self.pdf.current_font.cmap
        return "".join(c if c == "\n" or ord(c) in known else "?" for c in text)

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(self.family, "B", size)
        self.write(text, height=size * 0.6)
        self.pdf.set_font(self.family, "", 11)

    def write(self, text: str, height: float = 6) -> None:
        text = self.clean(text)
        self.pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def field(self, name: str, value) -> None:
        self.write(f"{name}: {value or '-'}" if name else str(value or "-"))

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def contact_pdf(data: dict, *, font_dir: Path = FONT_DIR) -> bytes:
    """`data` is the dict from `services.contact_export`: the team, then one section per
    registered personal-data module (`residents.registry`), in the same order as the JSON."""
    doc = Document(font_dir)
    doc.pdf.set_title(_("Data held about a resident"))
    doc.heading(_("Data held about a resident"), size=17)
    doc.field(_("Team"), data["workspace"]["name"])
    doc.field(_("Controller"), data["workspace"]["controller"])
    doc.field(_("Made on"), show_date(timezone.now(), "long_time"))
    for module in registry.modules():
        if module.key in data:
            doc.heading(str(module.title))
            for name, value in module.pdf_rows(data[module.key]) or [(_("None"), "")]:
                doc.field(name, value)
    return doc.output()
