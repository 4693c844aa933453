"""The evidence summary of one complex as PDF and CSV, for talks with the housing corporation or
the gemeente. Both are made from the same `selectors.signals.Dossier` and show no names: no
notes, no reporters, not who recorded a signal."""

import csv
import io
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from buurtkompas.buurtwerk.selectors.signals import Dossier
from buurtkompas.core.dates import show_date
from buurtkompas.core.pdf import FONT_DIR, Document


def caveat() -> str:
    return _(
        "The counts are households that told the team about a problem, in conversations, "
        "household visits and meetings. They are not the result of a survey: households the "
        "team did not speak to are not counted, and one household can be counted for more "
        "than one problem. No names are recorded."
    )


def title() -> str:
    return _("Housing signals: evidence summary")


def day(value) -> str:
    return show_date(value)


def month(value) -> str:
    return show_date(value, "month")


def facts(dossier: Dossier, workspace) -> list[tuple[str, str]]:
    period = _("%(first)s to %(last)s") % {"first": day(dossier.first), "last": day(dossier.last)}
    return [
        (_("Team"), workspace.name),
        (_("Lead organisation"), workspace.lead_organisation.name),
        (_("Building complex or street"), dossier.complex),
        (_("Buurt"), ", ".join(dossier.buurten)),
        (_("Period covered"), period),
        (_("Households reported"), str(dossier.households)),
        (_("Signals recorded"), str(dossier.signals)),
        (_("Made on"), day(timezone.localdate())),
    ]


def problem_header() -> list[str]:
    return [_("Problem"), _("Households"), _("Signals"), _("First noted"), _("Last noted")]


def timeline_header(dossier: Dossier) -> list[str]:
    return [_("Month"), *(str(label) for _value, label in dossier.timeline_problems)]


def dossier_pdf(dossier: Dossier, workspace, *, font_dir: Path = FONT_DIR) -> bytes:
    doc = Document(font_dir)
    doc.pdf.set_title(title())
    doc.heading(title(), size=17)
    for name, value in facts(dossier, workspace):
        doc.field(name, value)
    doc.heading(_("Problems"))
    rows = [
        [str(r["label"]), str(r["households"]), str(r["signals"]), day(r["first"]), day(r["last"])]
        for r in dossier.problems
    ]
    aligns = ("LEFT", "RIGHT", "RIGHT", "LEFT", "LEFT")
    table(doc, [problem_header(), *rows], widths=(34, 16, 14, 18, 18), aligns=aligns)
    doc.heading(_("Households per month"))
    rows = [
        [month(when), *("-" if n is None else str(n) for n in cells)]
        for when, cells in dossier.timeline
    ]
    aligns = ("LEFT", *("RIGHT" for _column in dossier.timeline_problems))
    table(doc, [timeline_header(dossier), *rows], aligns=aligns, size=9)
    doc.heading(_("How to read these figures"))
    doc.write(caveat())
    return doc.output()


def table(doc: Document, rows: list[list[str]], *, aligns, widths=None, size: int = 10) -> None:
    doc.pdf.set_font(doc.family, "", size)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 240, 235))
    with doc.pdf.table(
        col_widths=widths, text_align=aligns, headings_style=heading, line_height=size * 0.55
    ) as grid:
        for cells in rows:
            row = grid.row()
            for cell in cells:
                row.cell(doc.clean(cell))
    doc.pdf.set_font(doc.family, "", 11)


def safe_cell(value) -> str:
    """Keep spreadsheets from reading a cell as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def dossier_csv(dossier: Dossier, workspace) -> str:
    """The same summary as the PDF, in sections a spreadsheet shows as they are; dates and
    months in ISO form so they sort."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = [[title()], *facts(dossier, workspace), [], problem_header()]
    rows += [
        [r["label"], r["households"], r["signals"], r["first"].isoformat(), r["last"].isoformat()]
        for r in dossier.problems
    ]
    rows += [[], timeline_header(dossier)]
    rows += [
        [f"{when:%Y-%m}", *("" if n is None else n for n in cells)]
        for when, cells in dossier.timeline
    ]
    rows += [[], [_("How to read these figures"), caveat()]]
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return "\ufeff" + out.getvalue()  # the byte order mark makes spreadsheets read UTF-8
