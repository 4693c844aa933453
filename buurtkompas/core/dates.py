"""Dates in one style on every page and in every PDF: "3 december 2026" (a date in a sentence,
a heading or a fact), "12 dec 2026" (a date in a table or a list), never "za 12 Dec".

Templates use the `showdate` filter (`{% load dates %}`, `{{ day|showdate }}`,
`{{ day|showdate:"short" }}`); Python (PDFs, CSV sections, messages) calls `show_date()`.
Machine formats (`|date:"c"`, `|date:"Y-m-d"` in a `datetime` attribute, ISO in CSV) are not
shown to readers and stay as they are. `tests/test_dates.py` fails on any other date format."""

from django.utils import formats, timezone
from django.utils.translation import get_language

# style -> (Dutch, English) format in Django's date syntax. "b" is the month's three-letter
# abbreviation in lower case ("dec", "mrt"), as Dutch writes it; English capitalises it.
STYLES = {
    "long": ("j F Y", "j F Y"),  # 3 december 2026
    "short": ("j b Y", "j M Y"),  # 12 dec 2026
    "day_month": ("j b", "j M"),  # 12 dec (a list within one year)
    "day_month_long": ("j F", "j F"),  # 3 december ("from 1 october up to 31 december 2026")
    "weekday": ("l j F Y", "l j F Y"),  # zaterdag 12 december 2026
    "month": ("F Y", "F Y"),  # december 2026
    "long_time": ("j F Y, H:i", "j F Y, H:i"),  # 3 december 2026, 14:30
    "short_time": ("j b Y, H:i", "j M Y, H:i"),  # 12 dec 2026, 14:30
    "weekday_time": ("l j F Y, H:i", "l j F Y, H:i"),  # zaterdag 12 december 2026, 14:30
    "time": ("H:i", "H:i"),  # 14:30
}


def date_format_of(style: str = "long") -> str:
    """The format string of a style in the active language (Dutch unless English is active)."""
    dutch, english = STYLES[style]
    return english if (get_language() or "nl").startswith("en") else dutch


def show_date(value, style: str = "long") -> str:
    """A date or date-time as readers see it; an aware date-time in the site's time zone."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, date_format_of(style))
