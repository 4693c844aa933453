"""Dates in one style everywhere (issue 14): "3 december 2026" and "12 dec 2026", never
"za 12 Dec" or "12-12-2026". Every page and PDF goes through `core.dates` (the `showdate`
filter, `show_date()`); only machine formats (a `datetime` attribute, ISO in a CSV) are left."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import translation

from buurtkompas.core.dates import STYLES, show_date

ROOT = Path(__file__).resolve().parents[1] / "buurtkompas"
MACHINE = {"c", "Y-m-d", "Y-m", "Y", "U"}  # read by machines (datetime="…"), never shown
DATE_FILTER = re.compile(r"""\|date:\s*["']([^"']*)["']""")
STRFTIME = re.compile(r"""strftime\(\s*["']([^"']*)["']""")
NOT_OURS = ("pipeline",)  # the pipeline writes no dates for readers


def test_it_shows_dates_in_the_dutch_style():
    with translation.override("nl"):
        assert show_date(date(2026, 12, 12), "short") == "12 dec 2026"
        assert show_date(date(2026, 12, 3)) == "3 december 2026"
        assert show_date(date(2026, 12, 12), "day_month") == "12 dec"
        assert show_date(date(2026, 12, 12), "month") == "december 2026"
        moment = datetime(2026, 12, 3, 13, 30, tzinfo=ZoneInfo("UTC"))
        assert show_date(moment, "long_time") == "3 december 2026, 14:30"
    with translation.override("en"):
        assert show_date(date(2026, 12, 12), "short") == "12 Dec 2026"


def test_it_finds_no_other_date_format_in_any_template():
    found = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        # the atlas's templates are reworked elsewhere: they may use the format of a style
        allowed = {dutch for dutch, _english in STYLES.values()} if "atlas" in path.parts else ()
        for shown in DATE_FILTER.findall(path.read_text()):
            if shown not in MACHINE and shown not in allowed:
                found.append(f"{path.relative_to(ROOT)}: |date:{shown!r}")
    assert found == [], "use {{ value|showdate:'<style>' }} (core/dates.py) instead"


def test_it_finds_no_date_formatted_by_hand_in_python():
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_OURS or relative == Path("core/dates.py"):
            continue
        text = path.read_text()
        if "date_format(" in text:
            found.append(f"{relative}: date_format")
        found += [
            f"{relative}: strftime({shown!r})"
            for shown in STRFTIME.findall(text)
            if not shown.startswith("%Y") and shown != "%H:%M"
        ]
    assert found == [], "use core.dates.show_date(value, style)"
