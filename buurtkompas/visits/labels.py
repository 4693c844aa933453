"""Translatable labels for what the pure modules (`energy_poverty.py`) return as codes."""

from django.utils.translation import gettext_lazy as _

from .energy_poverty import CANNOT_TELL, NO, YES

ANSWERS = {YES: _("yes"), NO: _("no"), CANNOT_TELL: _("cannot tell")}
INDICATORS = {
    "HEQ": _("HEQ: high energy quote (energy costs at least 10 percent of income)"),
    "LIHE": _("LIHE: low income and high energy costs"),
    "LILEK": _("LILEK: low income and a home of low energy quality"),
}
REASONS = {
    "income_missing": _("the household did not share an income bracket"),
    "household_missing": _("household size is not known"),
    "composition_outside_table": _("household make-up is outside the CBS equivalence table"),
    "costs_missing": _("energy costs are not known"),
    "label_missing": _("the energy label is not known"),
    "savings_unknown": _("not known whether savings are under the asset limit"),
    "income_bracket_straddles": _("the income bracket lies on both sides of the threshold"),
    "income_or_composition_straddles": _(
        "the income bracket or the possible household make-ups lie on both sides of the threshold"
    ),
    "composition_straddles": _(
        "the possible household make-ups lie on both sides of the threshold"
    ),
    "energy_quote_at_least_10pct": _("energy costs are at least 10 percent of income"),
    "energy_quote_below_10pct": _("energy costs are below 10 percent of income"),
    "low_income": _("standardised income is at most 130 percent of the low-income line"),
    "not_low_income": _("standardised income is above 130 percent of the low-income line"),
    "costs_above_threshold": _("energy costs are above the threshold for this household"),
    "costs_not_above_threshold": _("energy costs are not above the threshold for this household"),
    "label_low_quality": _("energy label E, F or G (stated assumption)"),
    "label_not_low_quality": _("energy label D or better"),
    "savings_below_limit": _("savings are under the asset limit"),
    "savings_above_limit": _("savings are above the asset limit"),
}


def signal_rows(signal) -> list[dict]:
    """The three indicators as (name, answer, reasons) for a page."""
    rows = []
    for result in (signal.heq, signal.lihe, signal.lilek):
        reasons = "; ".join(str(REASONS.get(code, code)) for code in result.reasons)
        rows.append(
            {
                "code": result.code,
                "name": INDICATORS[result.code],
                "answer": ANSWERS[result.answer],
                "reasons": reasons,
            }
        )
    return rows
