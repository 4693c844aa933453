"""Gemeente -> provincie from the CBS table "Gebieden in Nederland <year>" (OData v3).

The table has one row per gemeente (dimension `RegioS`, e.g. "GM0014    ") and, per regional
division, a topic group with a "Code" and a "Naam" field. The keys of those fields are numbered
(`Code_28`/`Naam_29` for the provinces in 2023-2025), so the fields are found by the group title
"Provincies" in DataProperties, not by key.
"""

import re
from pathlib import Path

from buurtkompas.pipeline.sources.base import DatasetSpec, Extract, InputError, Skip
from buurtkompas.pipeline.sources.files import read_json
from buurtkompas.regions.codes import CodeError, normalise

KEY = "provinces"
# Table ids of "Gebieden in Nederland" per indeling year (CBS StatLine).
TABLES = {
    2019: "84378NED",
    2020: "84721NED",
    2021: "84929NED",
    2022: "85067NED",
    2023: "85385NED",
    2024: "85755NED",
    2025: "86059NED",
}
GROUP = "Provincies"
KEY_COLUMN = "RegioS"
PROVINCE_CODE = re.compile(r"^PV\d\d$")


def extract(path: Path, *, year: int | None, **_) -> Extract:
    folder = Path(path)
    info = first(odata_rows(read_json(folder / "TableInfos.json")))
    table_year = int(str(info.get("Period", "")).strip()[:4] or 0) or year_from_title(info)
    if year and table_year and year != table_year:
        raise InputError(
            folder, f"--year {year} does not match the table, which is for {table_year}"
        )
    year = year or table_year
    if not year:
        raise InputError(folder, "TableInfos.json does not give the year: pass --year")
    code_key, name_key = province_fields(
        folder, odata_rows(read_json(folder / "DataProperties.json"))
    )
    out = Extract(source=KEY, indeling_year=year, period=year, dataset=dataset_for(info, year))
    data = folder / "TypedDataSet.json"
    for number, row in enumerate(odata_rows(read_json(data)), 1):
        out.rows_read += 1
        add_row(out, data, number, row, code_key, name_key)
    if not out.gemeente_provinces:
        raise InputError(data, "the table has no gemeente rows")
    return out


def add_row(out: Extract, path: Path, number: int, row, code_key: str, name_key: str) -> None:
    if not isinstance(row, dict) or KEY_COLUMN not in row:
        raise InputError(path, "missing key column", row=number, column=KEY_COLUMN)
    try:
        gemeente = normalise(row[KEY_COLUMN])
    except CodeError as exc:
        raise InputError(path, str(exc), row=number, column=KEY_COLUMN) from None
    if not gemeente.startswith("GM"):
        out.skipped.append(Skip(f"row {number} ({gemeente})", "not a gemeente"))
        return
    code, name = str(row.get(code_key) or "").strip(), str(row.get(name_key) or "").strip()
    if not PROVINCE_CODE.match(code):
        raise InputError(
            path, f"{code!r} is not a province code (PVnn)", row=number, column=code_key
        )
    out.gemeente_provinces.append((gemeente, code, name))


def province_fields(path: Path, properties: list[dict]) -> tuple[str, str]:
    """The keys of the "Code" and "Naam" topics in the topic group "Provincies"."""
    group = next(
        (
            p
            for p in properties
            if p.get("Type") == "TopicGroup" and (p.get("Title") or "").strip() == GROUP
        ),
        None,
    )
    if group is None:
        raise InputError(path, f"DataProperties has no topic group {GROUP!r}")
    children = {
        (p.get("Title") or "").strip(): p["Key"]
        for p in properties
        if p.get("ParentID") == group.get("ID") and p.get("Type") == "Topic"
    }
    if "Code" not in children or "Naam" not in children:
        raise InputError(path, f"the group {GROUP!r} lacks a 'Code' or 'Naam' topic")
    return children["Code"], children["Naam"]


def odata_rows(data):
    return data.get("value", data) if isinstance(data, dict) else data


def first(rows) -> dict:
    return rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}


def year_from_title(info: dict) -> int | None:
    match = re.search(r"(20\d\d)", str(info.get("Title", "")))
    return int(match.group(1)) if match else None


def dataset_for(info: dict, year: int) -> DatasetSpec:
    table = info.get("Identifier") or TABLES.get(year, "")
    return DatasetSpec(
        key=f"cbs-{table.lower()}" if table else f"cbs-gebieden-{year}",
        title=info.get("Title") or f"Gebieden in Nederland {year}",
        publisher="CBS",
        table_id=table,
        licence="CC BY 4.0",
        url=f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table" if table else "",
        notes=f"Modified {info['Modified']}" if info.get("Modified") else "",
    )
