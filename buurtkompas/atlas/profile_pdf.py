"""An area's atlas profile as a PDF to take to a meeting: the need index with its rank, where
the ranking covers, what it rests on, and every indicator against the municipality and the
Netherlands with its year and source (the same profile as the region page)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from buurtkompas.atlas.profile import profile
from buurtkompas.core.dates import show_date
from buurtkompas.core.pdf import FONT_DIR, Document
from buurtkompas.core.templatetags.figures import figure
from buurtkompas.regions.models import Region


def profile_pdf_view(request, year: int, code: str):
    region = get_object_or_404(Region, year=year, code=code.upper())
    result = profile(region)
    if result is None:
        raise Http404("no atlas figures for this area")
    response = HttpResponse(profile_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="buurtkompas-{region.code}-{year}.pdf"'
    return response


def scope_text(scope) -> str:
    if scope is None:
        return ""
    if scope.complete:
        return _("in the Netherlands, all municipalities.")
    return ngettext(
        "in %(n)s of the %(total)s municipalities; the other municipalities have no figures at "
        "this level (not loaded or not published).",
        "in %(n)s of the %(total)s municipalities; the other municipalities have no figures at "
        "this level (not loaded or not published).",
        scope.gemeenten,
    ) % {"n": scope.gemeenten, "total": scope.total_gemeenten}


def profile_pdf(result, *, font_dir=FONT_DIR) -> bytes:
    region, language = result.region, get_language()
    doc = Document(font_dir)
    doc.pdf.set_title(f"{region.name}: Buurtkompas")
    doc.heading(region.name, size=18)
    doc.write(
        f"{region.get_level_display()} · {_('code')} {region.code} · "
        + _("indeling %(year)s") % {"year": region.year}
    )
    doc.heading(_("Need for the social approach"))
    score = result.score
    if score.eligible:
        doc.write(_("Need index: %(index)s (0–100).") % {"index": round(score.score)})
        rank = _("Rank %(rank)s of %(total)s (%(level)s)") % {
            "rank": score.rank,
            "total": result.eligible,
            "level": region.get_level_display(),
        }
        doc.write(f"{rank} {scope_text(result.scope)}")
        if score.single_indicator:
            doc.write(
                _("This index rests on one indicator:")
                + f" {result.drivers[0][0].label(language)}. "
                + _("Read it as that one figure, not as a full picture.")
            )
    else:
        doc.write(_("There are too few figures for a need index for this area."))
    doc.write(
        _(
            "Coverage: this area has figures for %(pct)s of the weight of all indicators in the "
            "index."
        )
        % {"pct": f"{round(100 * score.coverage)}%"}
    )
    doc.heading(_("Indicators compared with the municipality and the Netherlands"))
    header = (_("Indicator"), _("Here"), _("Municipality"), _("Netherlands"), _("Year and source"))
    doc.pdf.set_font(doc.family, "", 8.5)
    with doc.pdf.table(col_widths=(46, 22, 25, 27, 54), text_align="LEFT") as table:
        row = table.row()
        for cell in header:
            row.cell(doc.clean(cell))
        for item in result.comparisons:
            unit = item.indicator.unit
            count = unit == "aantal"
            national = (
                figure(item.national.value, unit)
                if item.national and not count
                else (_("median: %(value)s") % {"value": figure(item.median, unit)})
                if item.median is not None and not count
                else "–"
            )
            source = f"{'ca. ' if item.figure.approximate else ''}{item.figure.period}"
            if item.dataset:
                source += f"; {item.dataset.publisher}, {item.dataset.title}"
            cells = (
                item.indicator.label(language),
                figure(item.figure.value, unit),
                figure(item.gemeente.value, unit) if item.gemeente and not count else "–",
                national,
                source,
            )
            row = table.row()
            for cell in cells:
                row.cell(doc.clean(cell))
    doc.pdf.set_font(doc.family, "", 11)
    doc.pdf.ln(3)
    doc.write(
        _(
            "Netherlands: the figure the source publishes for the whole country, from the same "
            "table and year. A median of the areas is not the national figure."
        )
    )
    made = show_date(timezone.localtime(), "long")
    doc.write(
        _("Made by Buurtkompas on %(date)s from %(site)s. Figures: CBS and PDOK, CC BY 4.0.")
        % {"date": made, "site": settings.SITE_URL}
    )
    return doc.output()
