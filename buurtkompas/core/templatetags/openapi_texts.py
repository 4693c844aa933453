"""The texts of the open data API's description (`atlas/openapi.py`, English, as OpenAPI
readers expect) in the reader's language on the `/api/` page: `{{ text|openapi_text }}`.

`openapi.json` itself stays English. A text this module does not know is shown as it is, and
`tests/test_api_docs.py` fails on it, so a new endpoint or parameter gets its translation."""

import re

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

TEXTS = {
    "The indicator registry": gettext_lazy("The indicators: what each one measures and its source"),
    "Regions, paged": gettext_lazy("Gemeenten, wijken and buurten, page by page"),
    "One region with every figure and its source": gettext_lazy(
        "One area with every figure and its source"
    ),
    "Values of one indicator, paged": gettext_lazy("The values of one indicator, page by page"),
    "The need index, ranked": gettext_lazy("The need index, highest first"),
    "gemeente, wijk or buurt (default wijk)": gettext_lazy(
        "gemeente, wijk or buurt (if you leave it out: wijk)"
    ),
    "indeling year (default: newest with figures)": gettext_lazy(
        "year of the indeling (if you leave it out: the newest with figures)"
    ),
    "only areas in this gemeente, e.g. GM0599": gettext_lazy(
        "only areas in this gemeente, for example GM0599"
    ),
    "name contains": gettext_lazy("part of the name"),
    "page number, from 1": gettext_lazy("page number, starting at 1"),
    "rows per page": gettext_lazy("rows per page"),
    "indeling year": gettext_lazy("year of the indeling"),
    "CBS code, e.g. WK059915": gettext_lazy("CBS code, for example WK059915"),
    "indicator key": gettext_lazy("the indicator's key"),
    "index, name, coverage or an indicator key": gettext_lazy(
        "sort by: index, name, coverage or an indicator's key"
    ),
    "asc or desc": gettext_lazy("asc (low to high) or desc (high to low)"),
    "1: only areas where no publicly listed team works "
    "(each row has community_work_active true or false)": gettext_lazy(
        "1: only areas where no publicly listed team works (every row has "
        "community_work_active true or false)"
    ),
}
WEIGHT = re.compile(r"weight of (?P<key>\w+) \(default (?P<default>[\d.]+)\)")
BOUND = re.compile(r"only areas with (?P<key>\w+) (?P<bound>min|max) this value")


def known(text: str) -> str | None:
    """The text in the active language, or None for a text this module does not know."""
    if text in TEXTS:
        return str(TEXTS[text])
    if match := WEIGHT.fullmatch(text):
        return _("weight of %(key)s in the index (if you leave it out: %(default)s)") % match
    if match := BOUND.fullmatch(text):
        if match["bound"] == "min":
            return _("only areas where %(key)s is at least this value") % match
        return _("only areas where %(key)s is at most this value") % match
    return None


@register.filter
def openapi_text(text: str) -> str:
    return known(text) or text
