"""Comma-separated files from third parties: named columns, decimal points, empty = missing."""

import csv
import io
from pathlib import Path

from buurtkompas.pipeline.sources.base import (
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


def read_table(path: Path, required: list[str]) -> list[tuple[int, dict]]:
    text = read_text(path)
    header_line = text.splitlines()[0]
    if "," not in header_line:
        other = next((d for d in (";", "\t", "|") if d in header_line), None)
        found = f", found {other!r}" if other else ""
        raise InputError(path, f"wrong delimiter: expected ','{found}", row=1)
    reader = csv.reader(io.StringIO(text))
    records = csv_records(path, reader)
    _line, header = next(records, (1, []))
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(path, "missing key column", row=1, column=missing[0])
    rows = []
    for line, values in records:  # lines, not a count: blank lines are skipped but still lines
        if not values:
            continue
        if len(values) != len(header):
            raise InputError(path, field_count_problem(values), row=line)
        rows.append((line, dict(zip(header, values, strict=True))))
    if not rows:
        raise InputError(path, "the file has a header but no rows")
    return rows


def field_count_problem(values: list[str]) -> str:
    problem = "the row has a different number of fields than the header"
    if any("\n" in value for value in values):  # a quoted field ran on over the line's end
        return f'{problem} (a quote (") that is never closed?)'
    return f"{problem} (truncated file?)"


def region_code(path: Path, number: int, row: dict, column: str, level_prefix: str) -> str:
    try:
        code = normalise(row[column])
    except CodeError as exc:
        raise InputError(path, str(exc), row=number, column=column) from None
    if not code.startswith(level_prefix):
        raise InputError(path, f"{code} is not a {level_prefix} code", row=number, column=column)
    return code


def add_buurt_rows(
    path: Path,
    rows,
    out: Extract,
    *,
    code_col: str,
    name_col: str,
    gemeente_col: str,
    columns: dict[str, tuple[VariableSpec, float]],
    missing_reason=None,
) -> None:
    """Define buurten (and their gemeenten, by name) and read the mapped value columns.

    `columns` maps a column to (variable, factor), e.g. a fraction column with factor 100 -> %.
    `missing_reason(row, column, value)` may say why a value that reads fine is not a figure.
    """
    seen: dict[str, int] = {}
    gemeenten: dict[str, str] = {}
    for number, row in rows:
        out.rows_read += 1
        code = region_code(path, number, row, code_col, "BU")
        if code in seen:
            raise InputError(
                path,
                f"code {code} appears twice (also row {seen[code]})",
                row=number,
                column=code_col,
            )
        seen[code] = number
        out.regions.append(RegionRecord(code=code, name=row[name_col].strip()))
        gemeenten.setdefault("GM" + code[2:6], row[gemeente_col].strip())
        for column, (spec, factor) in columns.items():
            value = parse_number(row[column], path, number, column)
            reason = (
                missing_reason(row, column, value) if missing_reason and value is not None else None
            )
            if reason:
                out.skipped.append(Skip(f"row {number} ({code})", reason))
            elif value is not None:
                out.observations.append(ObservationRecord(code, spec.key, round(value * factor, 6)))
    out.regions.extend(RegionRecord(code=c, name=n) for c, n in gemeenten.items())
