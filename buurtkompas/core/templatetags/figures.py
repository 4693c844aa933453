"""Show a figure in its unit, in the reader's number format (1.234,5 in Dutch)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

DECIMALS = {"%": 1, "personen": 1, "score": 2, "per huishouden": 1}


@register.filter
def figure(value, unit: str = "") -> str:
    if value is None:
        return _("not published")
    unit = (unit or "").strip()
    if unit == "x 1 000 euro":
        return "€ " + number_format(round(value * 1000), 0, force_grouping=True)
    if unit == "jaar":
        return str(int(value))
    decimals = DECIMALS.get(unit, 0 if float(value).is_integer() else 1)
    text = number_format(value, decimals, force_grouping=True)
    suffix = {"aantal": "", "%": " %", "": ""}.get(unit, f" {unit}")
    return text + suffix


@register.filter
def label(variable, language: str = "nl") -> str:
    return variable.label(language)
