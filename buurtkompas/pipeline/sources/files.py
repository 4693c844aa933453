"""Reading raw files: gzip-aware, with clear errors for empty, undecodable or malformed input."""

import csv
import gzip
import json
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError


def read_bytes(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"not a complete gzip file ({exc})") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    return data


def read_text(path: Path) -> str:
    data = read_bytes(path)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "the file is neither UTF-8 nor Windows-1252 text")


class Pairs(dict):
    """A JSON object that also keeps its entries in file order, duplicate keys included
    (a plain dict silently keeps only the last of two equal keys)."""

    def __init__(self, pairs: list[tuple[str, object]]):
        super().__init__(pairs)
        self.pairs = pairs


def read_json(path: Path, *, keep_pairs: bool = False):
    text = read_text(path)
    try:
        return json.loads(text, object_pairs_hook=Pairs if keep_pairs else None)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise InputError(
            path, f"invalid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}{hint}"
        ) from None


# What the csv module's errors mean in a publisher's file, in the importer's words.
CSV_PROBLEMS = {
    "field larger than field limit": (
        'a field is longer than {limit} characters: a quote (") that is never closed?'
    ),
    "new-line character seen in unquoted field": (
        "a line break (carriage return) inside a field that is not quoted"
    ),
    "line contains NUL": "a NUL byte in the line",
}


def csv_problem(error: csv.Error) -> str:
    text = str(error)
    for start, message in CSV_PROBLEMS.items():
        if text.startswith(start):
            return message.format(limit=csv.field_size_limit())
    return f"unreadable CSV ({text})"


def csv_records(path: Path, reader, *, first_line: int = 1, columns=()):
    """(line, record) for each record of `reader`, a csv.reader whose first line is line
    `first_line` of the file; `line` is where the record starts (a quoted field may span lines).

    A record the csv module cannot read, or one with a NUL byte (which no text column can
    store), is an InputError naming that line and, for a NUL, the column. `columns` names the
    fields; without them the first record (the header) does."""
    records = iter(reader)
    while True:
        start = first_line + reader.line_num
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(path, csv_problem(exc), row=start) from None
        columns = columns or [str(name).strip() for name in record]
        refuse_nul(path, record, start, columns)
        yield start, record


def refuse_nul(path: Path, record: list[str], row: int, columns) -> None:
    for index, value in enumerate(record):
        if "\x00" in value:
            column = columns[index] if index < len(columns) else str(index + 1)
            raise InputError(path, "a NUL byte in the field", row=row, column=column)
