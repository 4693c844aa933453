"""CBS custom table "Inkomen per gemeente en wijk" as CBS publishes it (CSV export).

The export has a block of title and header lines, a line naming the indeling
("Gemeentelijke indeling van 2023"), the key header (Gemeentecode;Wijkcode;Regionaam), a units
line, data rows with decimal commas and '.' for suppressed values, and a "Bron:" footer.
Gemeente rows carry the code in the first column ("GM0014;Totaal;Groningen"); wijk rows in the
second (";WK001400;Centrum").
"""

import csv
import io
import re
from pathlib import Path

from buurtkompas.pipeline.sources.base import (
    DatasetSpec,
    Extract,
    InputError,
    ObservationRecord,
    RegionRecord,
    Skip,
    VariableSpec,
    parse_number,
)
from buurtkompas.pipeline.sources.files import csv_records, read_text
from buurtkompas.regions.codes import CodeError, normalise

KEY = "income"
KEY_HEADER = ["gemeentecode", "wijkcode", "regionaam"]
KEY_NAMES = ["Gemeentecode", "Wijkcode", "Regionaam"]
CODE_KIND = {"Gemeentecode": "GM", "Wijkcode": "WK"}
# A value column is recognised by words in its (multi-line) header.
COLUMNS = [
    (
        "persoonlijk",
        VariableSpec(
            "income_per_resident_avg_keur",
            "Gemiddeld persoonlijk inkomen per inwoner",
            "Average personal income per resident",
            "x 1 000 euro",
        ),
    ),
    (
        "laagste",
        VariableSpec(
            "households_income_lowest40_pct",
            "Huishoudens in de laagste 40% inkomens",
            "Households in the national lowest 40% of disposable income",
            "%",
        ),
    ),
    (
        "hoogste",
        VariableSpec(
            "households_income_highest20_pct",
            "Huishoudens in de hoogste 20% inkomens",
            "Households in the national highest 20% of disposable income",
            "%",
        ),
    ),
]


def extract(path: Path, *, year: int | None, **_) -> Extract:
    path = Path(path)
    lines = read_text(path).splitlines()
    check_delimiter(path, lines)
    key_at = key_header_line(path, lines)
    period, indeling = years(path, lines[:key_at])
    if year and year != period:
        raise InputError(path, f"--year {year} does not match the file, which is for {period}")
    specs = value_columns(path, lines[:key_at])
    out = Extract(
        source=KEY,
        indeling_year=indeling,
        period=period,
        region_mode="define",
        variables=[spec for spec in specs if spec],
        dataset=dataset_for(period, indeling),
    )
    read_data(path, lines, key_at, specs, out)
    return out


def dataset_for(period: int, indeling: int) -> DatasetSpec:
    return DatasetSpec(
        key=f"cbs-inkomen-gemeente-wijk-{period}",
        publisher="CBS",
        licence="CC BY 4.0",
        title=f"Inkomen per gemeente en wijk, {period} (gemeentelijke indeling {indeling})",
        notes="CBS maatwerktabel; bron: Integraal Inkomens- en Vermogenssysteem (IIV).",
    )


def check_delimiter(path: Path, lines: list[str]) -> None:
    if not any(";" in line for line in lines[:20]):
        other = next((d for d in (",", "\t", "|") if any(d in ln for ln in lines[:20])), None)
        found = f" (found {other!r})" if other else ""
        raise InputError(path, f"wrong delimiter: CBS exports are separated by ';'{found}", row=1)


def key_header_line(path: Path, lines: list[str]) -> int:
    for number, line in enumerate(lines):
        cells = [c.strip().lower() for c in line.split(";")]
        if cells[:3] == KEY_HEADER:
            return number
        if cells[0] in KEY_HEADER:  # a key header, but not the expected one
            missing = next(
                n for n, key in zip(KEY_NAMES, KEY_HEADER, strict=True) if key not in cells[:3]
            )
            raise InputError(
                path,
                "missing key column: the key header must read Gemeentecode;Wijkcode;Regionaam",
                row=number + 1,
                column=missing,
            )
    raise InputError(
        path, "no key header line Gemeentecode;Wijkcode;Regionaam", column="Gemeentecode"
    )


def years(path: Path, header: list[str]) -> tuple[int, int]:
    text = "\n".join(header)
    indeling = re.search(r"indeling van (\d{4})", text, re.IGNORECASE)
    title_years = re.findall(r",\s*(\d{4})\s*;", text)
    if not indeling or not title_years:
        raise InputError(path, "the header does not state the year and the indeling year")
    return int(title_years[0]), int(indeling.group(1))


def value_columns(path: Path, header: list[str]) -> list[VariableSpec | None]:
    rows = [line.split(";") for line in header if line.startswith(";;;")]
    width = max((len(r) for r in rows), default=0)
    specs: list[VariableSpec | None] = [None, None, None]
    for index in range(3, width):
        words = " ".join(r[index] for r in rows if index < len(r)).lower()
        spec = next((s for word, s in COLUMNS if word in words), None)
        if spec is None and words.strip():
            raise InputError(path, f"unknown value column {words.strip()!r}", column=str(index + 1))
        specs.append(spec)
    if not any(specs):
        raise InputError(path, "no known value columns in the header")
    return specs


def column_names(specs) -> list[str]:
    """How errors name the columns: the key header, then each value column's label."""
    return [
        KEY_NAMES[index] if index < len(KEY_NAMES) else spec.label_nl if spec else str(index + 1)
        for index, spec in enumerate(specs)
    ]


def read_data(path: Path, lines: list[str], key_at: int, specs, out: Extract) -> None:
    reader = csv.reader(io.StringIO("\n".join(lines[key_at + 1 :])), delimiter=";")
    records = csv_records(path, reader, first_line=key_at + 2, columns=column_names(specs))
    seen: dict[str, int] = {}
    footer = False
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if cells[0].startswith("Nederland"):
            read_national(path, number, cells, specs, out)
            continue
        if cells[0].startswith("Bron"):
            footer = True
            break
        if not cells[0].strip() and not cells[1].strip():
            continue
        read_row(path, number, cells, specs, out, seen)
    if not footer:
        raise InputError(
            path, "the file ends without its 'Bron:' footer: it looks truncated", row=len(lines)
        )
    if not out.rows_read:
        raise InputError(path, "the file has no gemeente or wijk rows")


def row_code(path: Path, number: int, cells: list[str]) -> tuple[str, str]:
    """Gemeente rows carry a GM code in the first column, wijk rows a WK code in the second."""
    raw_code, column = (cells[0], "Gemeentecode") if cells[0].strip() else (cells[1], "Wijkcode")
    try:
        code = normalise(raw_code)
    except CodeError as exc:
        raise InputError(path, str(exc), row=number, column=column) from None
    if not code.startswith(CODE_KIND[column]):
        raise InputError(
            path, f"{code} is not a {CODE_KIND[column]} code", row=number, column=column
        )
    return code, column


def read_national(path, number, cells, specs, out: Extract) -> None:
    """The 'Nederland' row: the published national figures (the lowest 40 % is 40.0 by
    definition, which is exactly why a median of areas must not stand in for it)."""
    for index, spec in enumerate(specs):
        if spec is not None and index < len(cells):
            value = parse_number(cells[index], path, number, spec.label_nl)
            if value is not None:
                out.national[spec.key] = value


def read_row(path, number, cells, specs, out: Extract, seen) -> None:
    if len(cells) < len(specs):
        raise InputError(
            path,
            f"{len(cells)} fields where {len(specs)} were expected (truncated row?)",
            row=number,
        )
    out.rows_read += 1
    code, column = row_code(path, number, cells)
    if code in seen:
        raise InputError(
            path, f"code {code} appears twice (also row {seen[code]})", row=number, column=column
        )
    seen[code] = number
    out.regions.append(RegionRecord(code=code, name=cells[2].strip()))
    values = 0
    for index, spec in enumerate(specs):
        if spec is None:
            continue
        value = parse_number(cells[index], path, number, spec.label_nl)
        if value is not None:
            out.observations.append(ObservationRecord(code, spec.key, value))
            values += 1
    if not values:
        out.skipped.append(
            Skip(f"row {number} ({code})", "no figures: all values suppressed by CBS")
        )
