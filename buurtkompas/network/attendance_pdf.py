"""The attendance list of an event as a printable PDF (fpdf2, with the Document of
`residents.pdf`): everyone registered or on the waitlist, by name, with their organisation,
whether they were checked in, and an empty column to sign."""

from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.core.dates import show_date
from buurtkompas.core.pdf import FONT_DIR, Document


def attendance_pdf(event, registrations, *, font_dir=FONT_DIR) -> bytes:
    doc = Document(font_dir)
    title = _("Attendance list")
    doc.pdf.set_title(f"{title}: {event.title}")
    doc.heading(title, size=17)
    doc.field(_("Event"), event.title)
    doc.field(_("When"), show_date(event.starts_at, "weekday_time"))
    if event.place_name:
        doc.field(_("Where"), event.place_name)
    doc.field(_("Made on"), show_date(timezone.now(), "long_time"))
    doc.pdf.ln(3)
    header = (_("Name"), _("Organisation"), _("Status"), _("Present"), _("Signature"))
    with doc.pdf.table(col_widths=(45, 45, 30, 18, 36), text_align="LEFT") as table:
        row = table.row()
        for cell in header:
            row.cell(doc.clean(cell))
        for r in registrations:
            row = table.row()
            status = _("walk-in") if r.walk_in else r.get_status_display()
            for cell in (r.display_name, r.guest_organisation, status):
                row.cell(doc.clean(cell))
            row.cell(doc.clean("✓" if r.checked_in_at else ""))
            row.cell("")
    return doc.output()
