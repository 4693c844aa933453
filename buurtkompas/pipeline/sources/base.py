"""Shared shapes of the pure transform layer: records, errors and the extract of one file."""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class InputError(Exception):
    """Bad input. Names the file, the row or feature, and the column where it can."""

    def __init__(
        self,
        path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        where: str = "row",
    ):
        self.path, self.row, self.column, self.message, self.where = (
            path,
            row,
            column,
            message,
            where,
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [str(Path(self.path).name) if self.path else "input"]
        if self.row is not None:
            parts.append(f"{self.where} {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) + f": {self.message}"


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    title: str
    publisher: str
    table_id: str = ""
    url: str = ""
    licence: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VariableSpec:
    key: str
    label_nl: str
    label_en: str
    unit: str
    source_field: str = ""
    description: str = ""


@dataclass
class RegionRecord:
    code: str
    name: str
    geometry: dict | None = None
    bbox: list | None = None
    repaired: bool = False


@dataclass(frozen=True)
class ObservationRecord:
    code: str
    variable: str
    value: float


@dataclass(frozen=True)
class Skip:
    where: str
    reason: str


@dataclass
class Extract:
    """What one raw file says, before anything touches the database."""

    source: str
    indeling_year: int
    period: int | None = None
    period_is_approximate: bool = False
    dataset: DatasetSpec | None = None
    variables: list[VariableSpec] = field(default_factory=list)
    regions: list[RegionRecord] = field(default_factory=list)
    # "define": regions in this file are created/updated; "join": must already exist.
    region_mode: str = "join"
    observations: list[ObservationRecord] = field(default_factory=list)
    # The file's own "Nederland" row: variable key -> the published national figure.
    national: dict[str, float] = field(default_factory=dict)
    # (gemeente code, province code PVxx, province name): the `provinces` source only.
    gemeente_provinces: list[tuple[str, str, str]] = field(default_factory=list)
    rows_read: int = 0
    skipped: list[Skip] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


@dataclass
class Reference:
    """Regions already known for an indeling year: code -> (name, gemeente name)."""

    year: int
    names: dict[str, str] = field(default_factory=dict)

    def buurt_codes_by_name(self) -> dict[tuple[str, str], list[str]]:
        index: dict[tuple[str, str], list[str]] = {}
        for code, name in self.names.items():
            if code.startswith("BU"):
                gm_name = self.names.get("GM" + code[2:6], "")
                index.setdefault((norm_name(gm_name), norm_name(name)), []).append(code)
        return index


def norm_name(name: str) -> str:
    """Compare names the way people read them: no accents, case or punctuation differences."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


def parse_number(raw: str, path, row: int, column: str, *, where: str = "row") -> float | None:
    """A CBS CSV number: decimal comma, '.' (or empty) for suppressed -> None, never zero."""
    text = (raw or "").strip().strip('"').strip()
    if text in ("", ".", "-", "x", "?"):
        return None
    candidate = text.replace("\u00a0", "").replace(" ", "")
    if "," in candidate:
        candidate = candidate.replace(".", "").replace(",", ".")
    try:
        value = float(candidate)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        kind = "a number" if value is None else "a finite number"
        raise InputError(path, f"{text!r} is not {kind}", row=row, column=column, where=where)
    return value
