"""Show a figure in its unit, in the reader's number format (1.234,5 in Dutch)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

DECIMALS = {"%": 1, "personen": 1, "score": 2, "per huishouden": 1}
# Units as the sources spell them (in Dutch) -> how the reader sees them, in their language.
UNIT_LABELS = {
    "aantal": "",
    "": "",
    "%": "%",
    "personen": gettext_lazy("persons"),
    "per huishouden": gettext_lazy("per household"),
    "per 1 000 inwoners": gettext_lazy("per 1,000 residents"),
    "aantal inwoners per km²": gettext_lazy("residents per km²"),
    "score": "",
}


@register.filter
def figure(value, unit: str = "") -> str:
    if value is None:
        return _("not published")
    unit = (unit or "").strip()
    if unit == "x 1 000 euro":
        return "€\u00a0" + number_format(round(value * 1000), 0, force_grouping=True)
    if unit == "jaar":
        return str(int(value))
    decimals = DECIMALS.get(unit, 0 if float(value).is_integer() else 1)
    text = number_format(value, decimals, force_grouping=True)
    suffix = str(UNIT_LABELS.get(unit, unit))
    # A no-break space keeps a one-word unit on the line of its number.
    space = " " if " " in suffix else "\u00a0"
    return f"{text}{space}{suffix}" if suffix else text


@register.filter
def label(variable, language: str = "nl") -> str:
    return variable.label(language)


@register.filter
def signed_figure(value, unit: str = "") -> str:
    """A change with its sign: "+3,2", "−1,0 m³", "0"."""
    if value is None:
        return ""
    text = figure(abs(value), unit)
    if round(value, 1) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text
