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

from buurtkompas.core.dates import show_date
from buurtkompas.core.pdf import FONT_DIR, Document
from buurtkompas.residents import registry

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
