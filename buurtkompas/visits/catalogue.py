"""The reviewed data behind a household visit, read and checked without the database.

Three small CSV files live in ``catalogue/`` next to this module:

- ``measures.csv``: the small measures of a fix team or energy coach, each with the reference
  saving a named public source publishes (kWh, m³ gas, € a year) and the year and energy prices
  that source assumes, or ``no_published_saving`` where we found no authoritative figure;
- ``energy_prices.csv``: € per m³ gas and € per kWh including taxes and VAT, per price basis;
- ``emission_factors.csv``: kg CO₂ per m³ gas and per kWh electricity.

The data folder has no ``__init__.py`` on purpose: this module, not the folder, is imported
as ``buurtkompas.visits.catalogue``.

Every line names its source. Anything wrong in a file raises :class:`CatalogueError` naming
the file, the line and the column; nothing is half-loaded. The loaders return immutable records.
"""

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).with_name("catalogue")
MEASURES_FILE = DATA_DIR / "measures.csv"
PRICES_FILE = DATA_DIR / "energy_prices.csv"
EMISSIONS_FILE = DATA_DIR / "emission_factors.csv"

UNITS = ("piece", "metre", "household")
PUBLISHED, DERIVED, NO_PUBLISHED_SAVING = "published", "derived", "no_published_saving"
SAVING_STATUSES = (PUBLISHED, DERIVED, NO_PUBLISHED_SAVING)
CARRIER_UNITS = {"gas": "m3", "electricity": "kWh"}
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

MEASURE_COLUMNS = (
    "key",
    "name_nl",
    "name_en",
    "unit",
    "material_cost_eur",
    "material_cost_source",
    "saving_kwh",
    "saving_m3",
    "saving_eur",
    "saving_status",
    "reference_household",
    "source",
    "source_url",
    "year",
    "price_gas_eur_m3",
    "price_electricity_eur_kwh",
    "note",
)
PRICE_COLUMNS = (
    "key",
    "year",
    "gas_eur_per_m3",
    "electricity_eur_per_kwh",
    "source",
    "source_url",
    "note",
)
EMISSION_COLUMNS = ("carrier", "kg_co2_per_unit", "unit", "source", "source_url", "year", "note")


class CatalogueError(Exception):
    """A reviewed data file is wrong. Names the file, the line (1 = header) and the column."""

    def __init__(self, path, message: str, *, line: int | None = None, column: str | None = None):
        self.path, self.message, self.line, self.column = Path(path), message, line, column
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.path.name]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) + f": {self.message}"


@dataclass(frozen=True)
class PriceBasis:
    """The energy prices a source assumed when it turned a saving into euros."""

    gas_eur_per_m3: float | None
    electricity_eur_per_kwh: float | None


@dataclass(frozen=True)
class Measure:
    key: str
    name_nl: str
    name_en: str
    unit: str
    material_cost_eur: float | None
    material_cost_source: str
    saving_kwh: float | None
    saving_m3: float | None
    saving_eur: float | None
    saving_status: str
    reference_household: str
    source: str
    source_url: str
    year: int
    price_basis: PriceBasis | None
    note: str

    @property
    def has_published_saving(self) -> bool:
        return self.saving_status != NO_PUBLISHED_SAVING

    def name(self, language: str = "nl") -> str:
        return self.name_en if language.startswith("en") else self.name_nl


@dataclass(frozen=True)
class EnergyPrices:
    """€ per m³ gas and € per kWh electricity, including energy taxes and VAT."""

    key: str
    year: int
    gas_eur_per_m3: float
    electricity_eur_per_kwh: float
    source: str
    source_url: str
    note: str


@dataclass(frozen=True)
class EmissionFactor:
    carrier: str
    kg_co2_per_unit: float
    unit: str
    source: str
    source_url: str
    year: int | None
    note: str


class _Row:
    """One data line with its position, for checks that name the file, line and column."""

    def __init__(self, path: Path, line: int, values: dict):
        self.path, self.line, self.values = path, line, values

    def error(self, column: str | None, message: str) -> CatalogueError:
        return CatalogueError(self.path, message, line=self.line, column=column)

    def text(self, column: str, *, required: bool = False) -> str:
        value = (self.values.get(column) or "").strip()
        if required and not value:
            raise self.error(column, "is empty; every line needs it")
        return value

    def number(self, column: str, *, required: bool = False, positive: bool = False):
        raw = self.text(column, required=required)
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.error(column, f"{raw!r} is not a number (use a decimal point)") from None
        if not math.isfinite(value):
            raise self.error(column, f"{raw!r} is not a finite number")
        if value < 0 or (positive and value == 0):
            raise self.error(column, f"{raw!r} must be {'above' if positive else 'at least'} 0")
        return value

    def year(self, column: str = "year", *, required: bool = True) -> int | None:
        raw = self.text(column, required=required)
        if not raw:
            return None
        if not re.fullmatch(r"\d{4}", raw) or not 1990 <= int(raw) <= 2100:
            raise self.error(column, f"{raw!r} is not a year like 2024")
        return int(raw)

    def key(self, column: str = "key") -> str:
        value = self.text(column, required=True)
        if not KEY_RE.match(value):
            raise self.error(column, f"{value!r}: use lower-case letters, digits, _ or -")
        return value

    def url(self, column: str = "source_url") -> str:
        value = self.text(column)
        if value and not value.startswith(("https://", "http://")):
            raise self.error(column, f"{value!r} is not a web address")
        return value

    def choice(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.text(column, required=True)
        if value not in allowed:
            raise self.error(column, f"{value!r} is not one of {', '.join(allowed)}")
        return value


def _rows(path, columns: tuple[str, ...]):
    """Yield a _Row per non-empty data line; refuse a file without the expected header."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CatalogueError(path, f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise CatalogueError(path, f"header lacks {', '.join(missing)}", line=1)
        for values in reader:
            if None in values:
                raise CatalogueError(path, "has more fields than the header", line=reader.line_num)
            if any((v or "").strip() for v in values.values()):
                yield _Row(path, reader.line_num, values)


def _unique(records: list, attribute: str, rows: list[_Row]) -> MappingProxyType:
    seen = {}
    for record, row in zip(records, rows, strict=True):
        key = getattr(record, attribute)
        if key in seen:
            raise row.error(attribute, f"{key!r} is already used on line {seen[key]}")
        seen[key] = row.line
    return MappingProxyType({getattr(r, attribute): r for r in records})


def _load(path, columns, parse, attribute: str) -> MappingProxyType:
    rows = list(_rows(path, columns))
    if not rows:
        raise CatalogueError(path, "holds no data lines")
    return _unique([parse(row) for row in rows], attribute, rows)


def _price_basis(row: _Row) -> PriceBasis | None:
    gas = row.number("price_gas_eur_m3", positive=True)
    electricity = row.number("price_electricity_eur_kwh", positive=True)
    return None if gas is None and electricity is None else PriceBasis(gas, electricity)


def _check_savings(row: _Row, status: str, savings: dict, basis: PriceBasis | None) -> None:
    given = [column for column, value in savings.items() if value is not None]
    if status == NO_PUBLISHED_SAVING and given:
        raise row.error(given[0], "must be empty when saving_status is no_published_saving")
    if status != NO_PUBLISHED_SAVING and not given:
        raise row.error("saving_status", f"{status!r} needs saving_kwh, saving_m3 or saving_eur")
    if savings["saving_eur"] is not None and basis is None:
        raise row.error("saving_eur", "a saving in euros needs the source's energy prices")


def _measure(row: _Row) -> Measure:
    status = row.choice("saving_status", SAVING_STATUSES)
    savings = {c: row.number(c) for c in ("saving_kwh", "saving_m3", "saving_eur")}
    basis = _price_basis(row)
    _check_savings(row, status, savings, basis)
    cost = row.number("material_cost_eur")
    cost_source = row.text("material_cost_source", required=cost is not None)
    return Measure(
        key=row.key(),
        name_nl=row.text("name_nl", required=True),
        name_en=row.text("name_en", required=True),
        unit=row.choice("unit", UNITS),
        material_cost_eur=cost,
        material_cost_source=cost_source,
        saving_kwh=savings["saving_kwh"],
        saving_m3=savings["saving_m3"],
        saving_eur=savings["saving_eur"],
        saving_status=status,
        reference_household=row.text("reference_household"),
        source=row.text("source", required=True),
        source_url=row.url(),
        year=row.year(),
        price_basis=basis,
        note=row.text("note"),
    )


def _prices(row: _Row) -> EnergyPrices:
    return EnergyPrices(
        key=row.key(),
        year=row.year(),
        gas_eur_per_m3=row.number("gas_eur_per_m3", required=True, positive=True),
        electricity_eur_per_kwh=row.number("electricity_eur_per_kwh", required=True, positive=True),
        source=row.text("source", required=True),
        source_url=row.url(),
        note=row.text("note"),
    )


def _emission_factor(row: _Row) -> EmissionFactor:
    carrier = row.choice("carrier", tuple(CARRIER_UNITS))
    unit = row.text("unit", required=True)
    if unit != CARRIER_UNITS[carrier]:
        raise row.error("unit", f"{unit!r}: {carrier} is counted in {CARRIER_UNITS[carrier]}")
    return EmissionFactor(
        carrier=carrier,
        kg_co2_per_unit=row.number("kg_co2_per_unit", required=True, positive=True),
        unit=unit,
        source=row.text("source", required=True),
        source_url=row.url(),
        year=row.year(required=False),
        note=row.text("note"),
    )


def load_measures(path=MEASURES_FILE) -> MappingProxyType:
    """key -> Measure, in file order."""
    return _load(path, MEASURE_COLUMNS, _measure, "key")


def load_energy_prices(path=PRICES_FILE) -> MappingProxyType:
    """price key (e.g. ``cbs-2022``) -> EnergyPrices."""
    return _load(path, PRICE_COLUMNS, _prices, "key")


def load_emission_factors(path=EMISSIONS_FILE) -> MappingProxyType:
    """carrier (``gas``, ``electricity``) -> EmissionFactor; both carriers are required."""
    factors = _load(path, EMISSION_COLUMNS, _emission_factor, "carrier")
    missing = [c for c in CARRIER_UNITS if c not in factors]
    if missing:
        raise CatalogueError(path, f"has no factor for {', '.join(missing)}")
    return factors
