"""KNMI daily weather data ("daggegevens"): a pure parser for the service's answer and a client.

The service (``settings.KNMI_DAILY_URL``, by default
``https://www.daggegevens.knmi.nl/klimatologie/daggegevens``; KNMI, "Data ophalen vanuit een
script") takes a POST form ``start=YYYYMMDD&end=YYYYMMDD&vars=TG&stns=260`` and answers in plain
text:

- comment lines starting with ``#``: the source (``# BRON: ...`` / ``# SOURCE: ...``), a remark
  on inhomogeneous series, a station table (``# 260   5.180   52.100   1.90   De Bilt``) and a
  legend of the variables;
- the column header, itself a comment line: ``# STN,YYYYMMDD,   TG``;
- one line per station and day, comma-separated, right-aligned with padding spaces:
  ``  260,20240101,   78``. TG is the daily mean temperature in 0.1 °C. A missing value is an
  empty (blank-padded) field: such a day is reported as missing, never read as 0.

:func:`parse_daily` is pure (text in, records out); :func:`download_daily` writes the answer to
a file, which the loader archives by checksum (``pipeline.archive``) before reading it. Errors
are :class:`~buurtkompas.pipeline.sources.base.InputError`, like the pipeline's sources.

Data: KNMI, dataset "etmaalgegevensKNMIstations", licence CC0 1.0 (KNMI Data Platform); the
answer itself asks users to name the source, see :data:`ATTRIBUTION`.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from buurtkompas.pipeline.fetch import copy_limited
from buurtkompas.pipeline.sources.base import InputError

DEFAULT_URL = "https://www.daggegevens.knmi.nl/klimatologie/daggegevens"
STATION_DE_BILT = 260
TIMEOUT_S = 60
SOURCE_NAME = "KNMI daggegevens"
# Shown wherever a figure computed from these temperatures is shown.
ATTRIBUTION = _(
    "Source: Royal Netherlands Meteorological Institute (KNMI), daily mean temperature at "
    "De Bilt (station 260). Open data, licence CC0 1.0."
)
ATTRIBUTION_URL = "https://dataplatform.knmi.nl/dataset/etmaalgegevensknmistations-1"
# TG outside -40 °C .. +40 °C is not a Dutch daily mean: the file is misread or corrupt.
PLAUSIBLE_TG = range(-400, 401)
HEADER_RE = re.compile(r"^#\s*STN\s*,\s*YYYYMMDD\b")
STATION_RE = re.compile(r"^#\s+(\d{2,3}):?\s+-?[\d.]+\s+-?[\d.]+\s+-?[\d.]+\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class DailyMean:
    station: int
    day: date
    mean_temp_c: float | None  # None: KNMI published no value for this day


@dataclass
class DailyData:
    """What one answer holds: a value or a gap for every station and day it lists."""

    days: list[DailyMean] = field(default_factory=list)
    stations: dict[int, str] = field(default_factory=dict)
    source_lines: list[str] = field(default_factory=list)  # the "# BRON" / "# SOURCE" lines

    @property
    def missing(self) -> list[DailyMean]:
        return [d for d in self.days if d.mean_temp_c is None]

    @property
    def measured(self) -> list[DailyMean]:
        return [d for d in self.days if d.mean_temp_c is not None]


def _bad(path, message: str, line: int, column: str | None = None) -> InputError:
    return InputError(path, message, row=line, column=column, where="line")


def parse_daily(text: str, *, path="KNMI answer") -> DailyData:
    """Read an answer of the daggegevens service. Refuses anything else (an HTML error page,
    an empty answer, a line that does not fit the column header) naming the line."""
    data, columns = DailyData(), None
    seen: dict[tuple[int, date], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("#"):
            if HEADER_RE.match(line):
                columns = _columns(line, path, number)
            else:
                _comment(line, data)
            continue
        if columns is None:
            raise _bad(
                path,
                "not a KNMI daily data answer: a data line before the '# STN,YYYYMMDD' header "
                f"(starts with {line.strip()[:40]!r})",
                number,
            )
        record = _record(line, columns, path, number)
        key = (record.station, record.day)
        if key in seen:
            raise _bad(path, f"{record.day} is listed twice (first on line {seen[key]})", number)
        seen[key] = number
        data.days.append(record)
    if columns is None:
        raise InputError(path, "not a KNMI daily data answer: no '# STN,YYYYMMDD' header line")
    return data


def _columns(line: str, path, number: int) -> list[str]:
    columns = [c.strip().upper() for c in line.lstrip("#").split(",")]
    if "TG" not in columns:
        raise _bad(path, "the answer has no TG column (ask for vars=TG)", number)
    return columns


def _comment(line: str, data: DailyData) -> None:
    body = line.lstrip("#").strip()
    if body.startswith(("BRON:", "SOURCE:")):
        data.source_lines.append(body)
    elif match := STATION_RE.match(line):
        data.stations[int(match.group(1))] = match.group(2)


def _record(line: str, columns: list[str], path, number: int) -> DailyMean:
    cells = [c.strip() for c in line.split(",")]
    if len(cells) != len(columns):
        raise _bad(path, f"{len(cells)} values where the header has {len(columns)} columns", number)
    values = dict(zip(columns, cells, strict=True))
    try:
        station = int(values["STN"])
    except ValueError:
        raise _bad(path, f"{values['STN']!r} is not a station number", number, "STN") from None
    try:
        day = datetime.strptime(values["YYYYMMDD"], "%Y%m%d").date()
    except ValueError:
        raise _bad(path, f"{values['YYYYMMDD']!r} is not a date", number, "YYYYMMDD") from None
    return DailyMean(station, day, _tenths(values["TG"], path, number))


def _tenths(raw: str, path, number: int) -> float | None:
    if raw == "":
        return None
    try:
        tenths = int(raw)
    except ValueError:
        raise _bad(path, f"{raw!r} is not a whole number of 0.1 °C", number, "TG") from None
    if tenths not in PLAUSIBLE_TG:
        raise _bad(path, f"{raw} (0.1 °C) is not a plausible daily mean", number, "TG")
    return tenths / 10


def form(start: date, end: date, station: int = STATION_DE_BILT) -> dict[str, str]:
    """The POST form the service expects for the daily mean temperature of one station."""
    return {
        "start": start.strftime("%Y%m%d"),
        "end": end.strftime("%Y%m%d"),
        "vars": "TG",
        "stns": str(station),
    }


def file_name(start: date, end: date, station: int = STATION_DE_BILT) -> str:
    return f"knmi-daggegevens-{station}-{start:%Y%m%d}-{end:%Y%m%d}.txt"


def download_daily(
    url: str, start: date, end: date, folder: Path, *, station: int = STATION_DE_BILT
) -> Path:
    """POST the form to the service and write its answer, unread, to a file in ``folder``."""
    if end < start:
        raise InputError(SOURCE_NAME, f"the period ends ({end}) before it starts ({start})")
    target = Path(folder) / file_name(start, end, station)
    body = urllib.parse.urlencode(form(start, end, station), safe=":").encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"User-Agent": "buurtkompas"}
    )
    try:
        with (
            urllib.request.urlopen(request, timeout=TIMEOUT_S) as response,
            open(target, "wb") as out,
        ):
            copy_limited(response, out, url)
    except urllib.error.HTTPError as exc:
        raise InputError(
            SOURCE_NAME, f"KNMI answered HTTP {exc.code} {exc.reason} for {url}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(SOURCE_NAME, f"cannot reach KNMI at {url} ({reason})") from None
    return target
