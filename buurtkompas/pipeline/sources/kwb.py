"""CBS Kerncijfers wijken en buurten (85984NED for 2024, 85618NED for 2023, ...).

Reads a folder as the CBS OData API serves it (TableInfos.json, DataProperties.json, optionally
the WijkenEnBuurten dimension with region names, and one data file), or a CBS CSV export whose
header row carries the OData field keys. Fields are mapped by the table's own metadata.
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
    parse_number,
)
from buurtkompas.pipeline.sources.cbs_metadata import topic_variables
from buurtkompas.pipeline.sources.files import Pairs, csv_records, read_json, read_text
from buurtkompas.regions.codes import CodeError, normalise

KEY = "kwb"
TABLES = {
    2024: "85984NED",
    2023: "85618NED",
    2022: "85318NED",
    2021: "85039NED",
    2020: "84799NED",
    2019: "84583NED",
}
KEY_COLUMN = "WijkenEnBuurten"
META_FILES = {"TableInfos.json", "DataProperties.json", "WijkenEnBuurten.json"}


def extract(path: Path, *, year: int | None, **_) -> Extract:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    info = table_info(folder)
    table_year = int(str(info.get("Period", "")).strip()[:4] or 0) or None
    if year and table_year and year != table_year:
        raise InputError(path, f"--year {year} does not match the file, which is for {table_year}")
    year = year or table_year
    if not year:
        raise InputError(path, "TableInfos.json does not give the period: pass --year")
    variables = topic_variables(odata_rows(read_json(folder / "DataProperties.json")))
    source_file = path if path.is_file() else data_file(folder)
    rows = read_rows(source_file)
    if not rows:
        raise InputError(source_file, "the file has no data rows")
    names = region_names(folder)
    out = Extract(
        source=KEY,
        indeling_year=year,
        period=year,
        dataset=dataset_for(info, year),
        variables=list(variables.values()),
        region_mode="define" if names else "join",
    )
    load_rows(out, source_file, rows, variables, names)
    return out


def table_info(folder: Path) -> dict:
    if not (folder / "TableInfos.json").exists():
        return {}
    rows = odata_rows(read_json(folder / "TableInfos.json"))
    return rows[0] if rows else {}


def odata_rows(data):
    """The rows of an OData answer: `{"value": [...]}` as served, or the bare list."""
    return data.get("value", data) if isinstance(data, dict) else data


def dataset_for(info: dict, year: int) -> DatasetSpec:
    table = info.get("Identifier") or TABLES.get(year, "")
    return DatasetSpec(
        key=f"cbs-{table.lower()}" if table else f"cbs-kwb-{year}",
        title=info.get("Title") or f"Kerncijfers wijken en buurten {year}",
        publisher="CBS",
        table_id=table,
        licence="CC BY 4.0",
        url=f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table" if table else "",
        notes=f"Modified {info['Modified']}" if info.get("Modified") else "",
    )


def data_file(folder: Path) -> Path:
    candidates = sorted(
        p for p in folder.iterdir() if p.suffix in (".json", ".csv") and p.name not in META_FILES
    )
    if len(candidates) != 1:
        found = ", ".join(p.name for p in candidates) or "none"
        raise InputError(folder, f"expected one data file next to the metadata, found {found}")
    return candidates[0]


def region_names(folder: Path) -> dict[str, str]:
    path = folder / "WijkenEnBuurten.json"
    if not path.exists():
        return {}
    names = {}
    for number, entry in enumerate(odata_rows(read_json(path)), 1):
        key = str(entry.get("Key", "")).strip()
        if key.startswith("NL"):
            continue
        try:
            names[normalise(key)] = plain_name(str(entry.get("Title") or key))
        except CodeError as exc:
            raise InputError(path, str(exc), row=number, column="Key", where="entry") from None
    return names


def plain_name(title: str) -> str:
    """StatLine titles may carry a numbering prefix ("Wijk 00 Annen"); the map names do not."""
    return re.sub(r"^(Wijk|Buurt)\s+\d+[A-Z]?\s+", "", title.strip()) or title.strip()


def read_rows(path: Path) -> list[tuple[int, str, dict]]:
    """(row number, region code as given, {field: raw value}) from a JSON dump or a CSV."""
    if path.suffix == ".csv":
        return read_csv_rows(path)
    data = read_json(path, keep_pairs=True)
    if isinstance(data, dict) and "value" in data:
        data = data["value"]
    if isinstance(data, Pairs):  # {"GM0014": {...}, ...}; the pairs keep a repeated code
        return [
            (n, code, fields_of(path, n, fields)) for n, (code, fields) in enumerate(data.pairs, 1)
        ]
    if not isinstance(data, list):
        raise InputError(path, "expected OData rows (a list or an object with 'value')")
    return [(n, row_key(path, n, fields_of(path, n, row)), row) for n, row in enumerate(data, 1)]


def fields_of(path: Path, number: int, fields) -> dict:
    if not isinstance(fields, dict):
        found = "null" if fields is None else type(fields).__name__
        raise InputError(path, f"expected an object of field values, found {found}", row=number)
    return fields


def row_key(path: Path, number: int, row: dict) -> str:
    if KEY_COLUMN not in row:
        raise InputError(path, "missing key column", row=number, column=KEY_COLUMN)
    return row[KEY_COLUMN]


def read_csv_rows(path: Path) -> list[tuple[int, str, dict]]:
    lines = read_text(path).splitlines()
    header_at = next((i for i, line in enumerate(lines) if KEY_COLUMN in line), None)
    if header_at is None:
        raise InputError(
            path, f"no header row with the key column {KEY_COLUMN!r}", row=1, column=KEY_COLUMN
        )
    if ";" not in lines[header_at]:
        raise InputError(
            path, "wrong delimiter: CBS exports are separated by ';'", row=header_at + 1
        )
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=";")
    records = csv_records(path, reader, first_line=header_at + 1)
    header = [h.strip() for h in next(records)[1]]
    rows = []
    for offset, values in records:
        # Blank lines, also ';;;;' ones as CBS exports write them, and the 'Bron:' footer.
        if not any(v.strip() for v in values) or values[0].startswith("Bron"):
            continue
        if len(values) != len(header):
            raise InputError(
                path,
                f"{len(values)} fields where the header has {len(header)} "
                "(truncated or wrong delimiter?)",
                row=offset,
            )
        fields = dict(zip(header, values, strict=True))
        rows.append((offset, fields[KEY_COLUMN], fields))
    return rows


def load_rows(out: Extract, path: Path, rows, variables, names: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for number, raw_code, fields in rows:
        out.rows_read += 1
        if str(raw_code).strip().startswith("NL"):
            # The published national figure: kept beside the areas, never mixed into them.
            for figure in row_figures(path, "NL00", number, fields, variables):
                out.national[figure.variable] = figure.value
            continue
        try:
            code = normalise(raw_code)
        except CodeError as exc:
            raise InputError(path, str(exc), row=number, column=KEY_COLUMN) from None
        if code in seen:
            raise InputError(
                path,
                f"code {code} appears twice (also row {seen[code]})",
                row=number,
                column=KEY_COLUMN,
            )
        seen[code] = number
        if names:
            out.regions.append(RegionRecord(code=code, name=names.get(code, code)))
        out.observations.extend(row_figures(path, code, number, fields, variables))


def row_figures(
    path: Path, code: str, number: int, fields: dict, variables
) -> list[ObservationRecord]:
    figures = []
    for field_key, spec in variables.items():
        raw = fields.get(field_key)
        # JSON numbers and CSV text alike (NaN and true are refused); null is missing, not zero.
        value = None if raw is None else parse_number(str(raw), path, number, field_key)
        if value is not None:
            figures.append(ObservationRecord(code, spec.key, value))
    return figures
