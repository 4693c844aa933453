"""Your own figures by region code: `buurtkompas import table --from PATH [--year YEAR]`.

Three layouts are accepted, and recognised from the file itself:

1. **A folder with `manifest.json` and one data file** (CSV or XLSX): the manifest names the
   code column and, for every value column, its variable, label and unit, with the year, the
   source and the licence of the table (docs/data-sources.md shows an example).
2. **A CBS custom-table export** (maatwerktabel): a title and header block, `;` between fields,
   a key header naming the code columns (`Gemeentecode;Wijkcode;…`), a units line, decimal
   commas, `.` for a suppressed value and a `Bron:` footer.
3. **A PDOK/CBS wide file** (CSV or XLSX) with a column `GM_CODE`, `WK_CODE`, `BU_CODE` or
   `gwb_code` and one column per figure, where large negative numbers (`-99999999`,
   `-99999997`, `-99997`, …) mean "no figure".

Regions must exist for the indeling year (they come from the boundaries or another table);
codes that do not join are reported. A missing value is never stored, never zero. Anything
else is refused with what was expected and the first lines of the file.
"""

import csv
import io
import json
import re
from pathlib import Path

from buurtkompas.pipeline.sources.base import (
    DatasetSpec,
    Extract,
    InputError,
    ObservationRecord,
    Skip,
    VariableSpec,
    parse_number,
)
from buurtkompas.pipeline.sources.cbs_metadata import slug
from buurtkompas.pipeline.sources.files import read_bytes, read_text
from buurtkompas.regions.codes import CODE_RE, CodeError, normalise

KEY = "table"
MANIFEST = "manifest.json"
DATA_SUFFIXES = (".csv", ".xlsx", ".txt")
# Units a manifest may name, with the suffix its variable key ends in (units in names).
UNITS = {
    "aantal": "count",
    "%": "pct",
    "x 1 000 euro": "keur",
    "euro": "eur",
    "m³": "m3",
    "kWh": "kwh",
    "ha": "ha",
    "km": "km",
    "km²": "km2",
    "per 1 000 inwoners": "per_1000",
    "per km²": "per_km2",
    "jaar": "year",
    "score": "score",
}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{2,100}$")
CODE_HEADERS = ("gemeentecode", "wijkcode", "buurtcode", "regiocode", "codering")
WIDE_CODES = ("gwb_code", "bu_code", "wk_code", "gm_code")
# PDOK/CBS wide files mark missing figures with these (and similar) large negative numbers.
SENTINEL_BELOW = -99990.0
SHOWN_LINES = 5


def extract(path: Path, *, year: int | None = None, **_) -> Extract:
    path = Path(path)
    if path.is_dir():
        return from_manifest(path, year)
    if path.suffix.lower() == ".json":
        raise InputError(
            path,
            "a manifest must sit in a folder with its data file: pass the folder "
            f"(it is archived whole), with the manifest named {MANIFEST}",
        )
    rows = read_rows(path)
    if is_cbs_export(rows):
        return from_cbs_export(path, rows, year)
    if wide_code_column(rows[0]) is not None:
        return from_wide(path, rows, year)
    raise InputError(path, unknown_layout(rows))


# --- reading cells --------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    """Every line as a list of cells (strings), from a CSV of any common delimiter or XLSX."""
    if path.suffix.lower() == ".xlsx":
        return xlsx_rows(path)
    text = read_text(path)
    lines = text.splitlines()
    delimiter = max((";", ",", "\t"), key=lambda d: sum(line.count(d) for line in lines[:30]))
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file ({exc})") from None


def xlsx_rows(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    data = read_bytes(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(path, f"not a readable XLSX workbook ({exc})") from None
    sheet = book.worksheets[0]
    rows = [
        ["" if v is None else xlsx_text(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise InputError(path, "the first sheet of the workbook is empty")
    return rows


def xlsx_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def unknown_layout(rows: list[list[str]]) -> str:
    shown = "\n".join("  " + ";".join(rows[i])[:120] for i in range(min(SHOWN_LINES, len(rows))))
    return (
        "unknown layout. Expected one of: a folder with manifest.json and a data file; a CBS "
        "custom-table export (header block, ';', a key header such as "
        "'Gemeentecode;Wijkcode;Regionaam', a 'Bron:' footer); or a wide file with a column "
        f"GM_CODE, WK_CODE, BU_CODE or gwb_code. The file begins with:\n{shown}"
    )


def region_code(path: Path, number: int, raw: str, column: str) -> str:
    try:
        return normalise(raw)
    except CodeError as exc:
        raise InputError(path, str(exc), row=number, column=column) from None


def check_duplicate(path, seen: dict, code: str, number: int, column: str) -> None:
    if code in seen:
        raise InputError(
            path, f"code {code} appears twice (also row {seen[code]})", row=number, column=column
        )
    seen[code] = number


# --- 1. manifest ------------------------------------------------------------------------------


def from_manifest(folder: Path, year: int | None) -> Extract:
    manifest_path, manifest = read_manifest(folder)
    period = manifest_year(manifest_path, manifest["year"], year)
    data_path = folder / str(manifest["file"])
    if data_path.parent != folder or not data_path.exists():
        raise InputError(
            manifest_path, f"data file {manifest['file']!r} is not in the folder", column="file"
        )
    specs = manifest_columns(manifest_path, manifest["columns"])
    out = Extract(
        source=KEY,
        indeling_year=int(manifest.get("indeling_year") or period),
        period=period,
        dataset=DatasetSpec(
            key=f"own-{slug(str(manifest['title']))[:60]}-{period}",
            title=str(manifest["title"]),
            publisher=str(manifest["source"]),
            licence=str(manifest["licence"]),
            url=str(manifest.get("url", "")),
        ),
        variables=list(specs.values()),
    )
    manifest_rows(out, data_path, str(manifest["code_column"]), specs)
    return out


def read_manifest(folder: Path) -> tuple[Path, dict]:
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise InputError(folder, f"the folder has no {MANIFEST}")
    try:
        manifest = json.loads(read_text(manifest_path))
    except json.JSONDecodeError as exc:
        raise InputError(manifest_path, f"invalid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(manifest, dict):
        raise InputError(manifest_path, "the manifest must be a JSON object")
    for field in ("file", "code_column", "year", "title", "source", "licence", "columns"):
        if field not in manifest:
            raise InputError(manifest_path, f"the manifest has no {field!r}", column=field)
    return manifest_path, manifest


def manifest_rows(out: Extract, data_path: Path, code_column: str, specs) -> None:
    rows = read_rows(data_path)
    header = [cell.strip() for cell in rows[0]]
    for column in [code_column, *specs]:
        if column not in header:
            raise InputError(data_path, f"no column {column!r} in the header", row=1, column=column)
    positions = {column: header.index(column) for column in [code_column, *specs]}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        out.rows_read += 1
        code = region_code(data_path, number, cell(row, positions[code_column]), code_column)
        check_duplicate(data_path, seen, code, number, code_column)
        for column, spec in specs.items():
            value = parse_number(cell(row, positions[column]), data_path, number, column)
            if value is not None:
                out.observations.append(ObservationRecord(code, spec.key, value))
    if not out.rows_read:
        raise InputError(data_path, "the file has a header but no rows")


def cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def manifest_year(path, raw, given: int | None) -> int:
    if not re.fullmatch(r"\d{4}", str(raw)):
        raise InputError(path, f"year {raw!r} is not a year", column="year")
    if given and given != int(raw):
        raise InputError(path, f"--year {given} does not match the manifest's year {raw}")
    return int(raw)


def manifest_columns(path, columns) -> dict[str, VariableSpec]:
    if not isinstance(columns, dict) or not columns:
        raise InputError(path, "'columns' must name at least one value column", column="columns")
    specs = {}
    for column, spec in columns.items():
        where = f"columns.{column}"
        if not isinstance(spec, dict):
            raise InputError(path, "must be an object with variable, label and unit", column=where)
        unit = spec.get("unit")
        if unit not in UNITS:
            raise InputError(
                path,
                f"unit {unit!r} is not one of: {', '.join(UNITS)}",
                column=f"{where}.unit",
            )
        key = str(spec.get("variable", ""))
        if not KEY_RE.match(key) or not key.endswith("_" + UNITS[unit]):
            raise InputError(
                path,
                f"variable {key!r} must be lower-case words joined by _ and end in "
                f"_{UNITS[unit]} (its unit), e.g. 'damp_reports_{UNITS[unit]}'",
                column=f"{where}.variable",
            )
        if not str(spec.get("label", "")).strip():
            raise InputError(path, "a label is needed", column=f"{where}.label")
        specs[column] = VariableSpec(
            key,
            str(spec["label"]),
            str(spec.get("label_en", "")),
            unit,
            column,
            str(spec.get("description", "")),
        )
    return specs


# --- 2. CBS custom-table export ---------------------------------------------------------------


def key_header_at(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows[:60]):
        cells = [c.strip().lower() for c in row[:4]]
        if any(c in CODE_HEADERS for c in cells):
            return index
    return None


def is_cbs_export(rows: list[list[str]]) -> bool:
    at = key_header_at(rows)
    # A header block above the key header; the 'Bron:' footer is checked while reading.
    return at is not None and at >= 1


def from_cbs_export(path: Path, rows: list[list[str]], year: int | None) -> Extract:
    at = key_header_at(rows)
    period, indeling = export_years(path, "\n".join(";".join(r) for r in rows[:at]), year)
    key_cells = [c.strip() for c in rows[at]]
    code_columns = [i for i, c in enumerate(key_cells) if c.lower() in CODE_HEADERS]
    specs = export_specs(path, rows, at, key_cells, code_columns)
    out = Extract(
        source=KEY,
        indeling_year=indeling,
        period=period,
        dataset=DatasetSpec(
            key=f"own-cbs-{slug(rows[0][0] if rows[0] else 'maatwerk')[:50]}-{period}",
            title=next((r[0].strip() for r in rows[:at] if r and r[0].strip()), "CBS maatwerk"),
            publisher="CBS (maatwerktabel)",
            licence="CC BY 4.0",
        ),
        variables=list(specs.values()),
    )
    column = key_cells[code_columns[0]]
    width = max(len(r) for r in rows)
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[at + 1 :], at + 2):
        if row and row[0].startswith("Bron"):
            return out
        if row and row[0].startswith("Nederland"):  # the published national figure
            for index, spec in specs.items():
                value = parse_number(cell(row, index), path, number, spec.label_nl)
                if value is not None:
                    out.national[spec.key] = value
            continue
        code = export_row_code(path, number, row, code_columns, column)
        if code is None:
            continue
        out.rows_read += 1
        check_duplicate(path, seen, code, number, column)
        if len(row) < width:
            raise InputError(
                path,
                f"{len(row)} fields where {width} were expected (truncated row?)",
                row=number,
            )
        for index, spec in specs.items():
            value = parse_number(row[index], path, number, spec.label_nl)
            if value is not None:
                out.observations.append(ObservationRecord(code, spec.key, value))
    raise InputError(
        path, "the file ends without its 'Bron:' footer: it looks truncated", row=len(rows)
    )


def export_specs(path, rows, at: int, key_cells, code_columns) -> dict[int, VariableSpec]:
    """Value columns: titles from the header block above the key header, units below it."""
    first_value = max(len([c for c in key_cells if c]), max(code_columns) + 1)
    width = max(len(r) for r in rows)
    units_row = next(
        (r for r in rows[at + 1 : at + 4] if any(c.strip() for c in r[first_value:])), []
    )
    specs: dict[int, VariableSpec] = {}
    for index in range(first_value, width):
        title = " ".join(r[index].strip() for r in rows[:at] if index < len(r) and r[index].strip())
        if not title:
            continue
        unit = cell(units_row, index).strip()
        suffix = UNITS.get(unit.replace("x 1000", "x 1 000"), slug(unit))
        key = known_variable(title, unit) or "own_" + slug(title)[:90] + (
            f"_{suffix}" if suffix else ""
        )
        specs[index] = VariableSpec(key, title, "", unit, title)
    if not specs:
        raise InputError(path, "the header block names no value columns", row=at + 1)
    return specs


# Columns of a CBS Monitor Energiearmoede table, recognised by the indicator's abbreviation in
# the column title (CBS, Methodedocument Monitor Energiearmoede): they load into the variables
# of the atlas' energy-poverty indicators. The combined one is tried first.
MONITOR_TITLES = (
    (re.compile(r"LIHELEK|LIHE\s*(en/of|of|en)\s*LILEK", re.IGNORECASE), "lihelek"),
    (re.compile(r"\bHEQ\b|hoge energiequote", re.IGNORECASE), "heq"),
    (re.compile(r"\bLEKWI\b", re.IGNORECASE), "lekwi"),
    (re.compile(r"\bLILEK\b", re.IGNORECASE), "lilek"),
    (re.compile(r"\bLIHE\b", re.IGNORECASE), "lihe"),
)


def known_variable(title: str, unit: str) -> str | None:
    if unit != "%":
        return None
    for pattern, name in MONITOR_TITLES:
        if pattern.search(title):
            return f"energy_poverty_{name}_pct"
    return None


def export_row_code(path, number: int, row, code_columns, column: str) -> str | None:
    """The row's region code; None for blank, units, 'Nederland' and 'Totaal' lines."""
    given = [cell(row, i).strip() for i in code_columns if cell(row, i).strip()]
    for raw in given:
        if CODE_RE.match(raw.upper()):
            return region_code(path, number, raw, column)
    if not given:
        return None
    if all(value.lower() == "totaal" for value in given):
        return None
    raise InputError(path, f"{given[0]!r} is not a CBS region code", row=number, column=column)


def export_years(path, header_text: str, year: int | None) -> tuple[int, int]:
    indeling = re.search(r"indeling van (\d{4})", header_text, re.IGNORECASE)
    stated = re.findall(r"\b(20\d\d|19\d\d)\b", header_text)
    period = int(stated[-1]) if stated else year
    if indeling and stated and stated[-1] == indeling.group(1):
        rest = [y for y in stated if y != indeling.group(1)]
        period = int(rest[-1]) if rest else period
    if not period:
        raise InputError(path, "the header states no year: pass --year")
    if year and year != period:
        raise InputError(path, f"--year {year} does not match the file, which is for {period}")
    return period, int(indeling.group(1)) if indeling else period


# --- 3. PDOK/CBS wide files -------------------------------------------------------------------


def wide_code_column(header: list[str]) -> int | None:
    names = [h.strip().lower() for h in header]
    for wanted in WIDE_CODES:
        if wanted in names:
            return names.index(wanted)
    return None


def from_wide(path: Path, rows: list[list[str]], year: int | None) -> Extract:
    header = [h.strip() for h in rows[0]]
    code_at = wide_code_column(header)
    period = wide_year(path, year)
    numeric = wide_specs(header, rows)
    out = Extract(
        source=KEY,
        indeling_year=period,
        period=period,
        dataset=DatasetSpec(
            key=f"own-{slug(path.stem)[:60]}",
            title=path.name,
            publisher="CBS/PDOK (wide file)",
            licence="CC BY 4.0",
        ),
        variables=list(numeric.values()),
    )
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(
                path,
                f"{len(row)} fields where the header has {len(header)} "
                "(truncated file or wrong delimiter?)",
                row=number,
            )
        out.rows_read += 1
        code = region_code(path, number, row[code_at], header[code_at])
        check_duplicate(path, seen, code, number, header[code_at])
        figures = [
            ObservationRecord(code, spec.key, value)
            for index, spec in numeric.items()
            if (value := parse_number(row[index], path, number, header[index])) is not None
            and value > SENTINEL_BELOW  # -99999999 and friends: no figure, never a number
        ]
        out.observations.extend(figures)
        if not figures:
            out.skipped.append(Skip(f"row {number} ({code})", "no figures in this row"))
    if not out.rows_read:
        raise InputError(path, "the file has a header but no rows")
    return out


def wide_year(path: Path, year: int | None) -> int:
    named = re.search(r"(20\d\d)", path.name)
    if year and named and int(named.group(1)) != year:
        raise InputError(path, f"--year {year} does not match the file name's year")
    period = year or (int(named.group(1)) if named else None)
    if not period:
        raise InputError(path, "neither --year nor the file name gives the year")
    return period


NAME_COLUMNS = ("regio", "gm_naam", "wk_naam", "bu_naam", "recs", "ind_wbi", "water")


def wide_specs(header: list[str], rows) -> dict[int, VariableSpec]:
    """Numeric columns: those whose first filled cell is a number (names are skipped)."""
    specs: dict[int, VariableSpec] = {}
    for index, name in enumerate(header):
        lower = name.lower()
        if not name or lower in WIDE_CODES or lower in NAME_COLUMNS or lower.endswith("naam"):
            continue
        first = next((r[index] for r in rows[1:] if index < len(r) and r[index].strip()), "")
        if first and looks_numeric(first):
            specs[index] = VariableSpec("own_" + slug(name)[:100], name, "", "", name)
    return specs


def looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"\s*-?[\d.\s]+(,\d+)?\s*|\s*-?\d+(\.\d+)?\s*|\s*\.\s*", text))
