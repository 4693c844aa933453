"""Savings estimate for a household, as pure functions.

For every measure fitted or advised: the reference saving from the catalogue times the
quantity, in kWh, m³ gas, € and kg CO₂. Euros are recomputed from the energy prices the coach
chose (``energy_prices.csv``), never copied from the source, so every euro figure of one visit
rests on the same prices; CO₂ comes from ``emission_factors.csv``. The result carries the
assumptions (prices, their year and source, the emission factors, each measure's reference
household) and is always labelled ``kind="estimate"``: it is never a measured saving.

Measures without a published saving are listed, not counted: the totals cover only the
measures with a figure, and say which ones were left out.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .catalogue import EmissionFactor, EnergyPrices, Measure

ESTIMATE = "estimate"
MAX_QUANTITY = 100  # more than this of one measure in one home is a typing error


class SavingsInputError(ValueError):
    """A fitted measure cannot be estimated: unknown key, or a quantity of zero or absurd."""


@dataclass(frozen=True)
class FittedMeasure:
    """What the coach recorded: a catalogue key and a quantity in the measure's unit."""

    key: str
    quantity: float


@dataclass(frozen=True)
class MeasureEstimate:
    key: str
    name_nl: str
    name_en: str
    quantity: float
    unit: str
    has_published_saving: bool
    saving_kwh: float | None
    saving_m3: float | None
    saving_eur: float | None
    co2_kg: float | None
    eur_at_source_prices: bool
    source: str
    source_url: str
    source_year: int
    reference_household: str
    kind: str = ESTIMATE


@dataclass(frozen=True)
class Assumptions:
    prices_key: str
    prices_year: int
    gas_eur_per_m3: float
    electricity_eur_per_kwh: float
    prices_source: str
    co2_kg_per_m3: float
    co2_kg_per_kwh: float
    co2_sources: tuple[str, str]
    dwelling_type: str | None


@dataclass(frozen=True)
class SavingsEstimate:
    measures: tuple[MeasureEstimate, ...]
    total_kwh: float
    total_m3: float
    total_eur: float
    total_co2_kg: float
    without_published_saving: tuple[str, ...]
    assumptions: Assumptions
    kind: str = ESTIMATE


def check_quantity(measure: Measure, quantity) -> float:
    """A positive number of at most MAX_QUANTITY; whole pieces; one per household."""
    label = measure.name_en
    if isinstance(quantity, bool) or not isinstance(quantity, int | float):
        raise SavingsInputError(f"{label}: quantity {quantity!r} is not a number")
    if not math.isfinite(quantity) or quantity <= 0:
        raise SavingsInputError(f"{label}: quantity must be more than 0, not {quantity!r}")
    if quantity > MAX_QUANTITY:
        raise SavingsInputError(f"{label}: quantity {quantity!r} is more than {MAX_QUANTITY}")
    if measure.unit == "piece" and quantity != int(quantity):
        raise SavingsInputError(f"{label}: count whole pieces, not {quantity!r}")
    if measure.unit == "household" and quantity != 1:
        raise SavingsInputError(f"{label}: is counted once per household, not {quantity!r}")
    return float(quantity)


def _times(value: float | None, quantity: float) -> float | None:
    return None if value is None else value * quantity


def _euros(kwh, m3, published_eur, prices: EnergyPrices) -> tuple[float | None, bool]:
    """Euros at the chosen prices; only when a source gives euros alone do we keep its figure."""
    if kwh is None and m3 is None:
        return published_eur, published_eur is not None
    eur = (kwh or 0.0) * prices.electricity_eur_per_kwh + (m3 or 0.0) * prices.gas_eur_per_m3
    return eur, False


def _co2(kwh, m3, factors: Mapping[str, EmissionFactor]) -> float | None:
    if kwh is None and m3 is None:
        return None
    return (kwh or 0.0) * factors["electricity"].kg_co2_per_unit + (m3 or 0.0) * factors[
        "gas"
    ].kg_co2_per_unit


def estimate_measure(
    measure: Measure, quantity, prices: EnergyPrices, factors: Mapping[str, EmissionFactor]
) -> MeasureEstimate:
    quantity = check_quantity(measure, quantity)
    kwh, m3 = _times(measure.saving_kwh, quantity), _times(measure.saving_m3, quantity)
    eur, at_source_prices = _euros(kwh, m3, _times(measure.saving_eur, quantity), prices)
    return MeasureEstimate(
        key=measure.key,
        name_nl=measure.name_nl,
        name_en=measure.name_en,
        quantity=quantity,
        unit=measure.unit,
        has_published_saving=measure.has_published_saving,
        saving_kwh=kwh,
        saving_m3=m3,
        saving_eur=eur,
        co2_kg=_co2(kwh, m3, factors),
        eur_at_source_prices=at_source_prices,
        source=measure.source,
        source_url=measure.source_url,
        source_year=measure.year,
        reference_household=measure.reference_household,
    )


def _assumptions(prices: EnergyPrices, factors, dwelling_type) -> Assumptions:
    return Assumptions(
        prices_key=prices.key,
        prices_year=prices.year,
        gas_eur_per_m3=prices.gas_eur_per_m3,
        electricity_eur_per_kwh=prices.electricity_eur_per_kwh,
        prices_source=prices.source,
        co2_kg_per_m3=factors["gas"].kg_co2_per_unit,
        co2_kg_per_kwh=factors["electricity"].kg_co2_per_unit,
        co2_sources=(factors["gas"].source, factors["electricity"].source),
        dwelling_type=dwelling_type,
    )


def _total(estimates, attribute: str) -> float:
    return sum(getattr(e, attribute) or 0.0 for e in estimates)


def estimate_savings(
    fitted: Iterable[FittedMeasure],
    *,
    catalogue: Mapping[str, Measure],
    prices: EnergyPrices,
    emission_factors: Mapping[str, EmissionFactor],
    dwelling_type: str | None = None,
) -> SavingsEstimate:
    """Per measure and in total. Refuses the whole list if one line is wrong."""
    estimates = []
    for line in fitted:
        if line.key not in catalogue:
            raise SavingsInputError(f"{line.key!r} is not in the measures catalogue")
        measure = catalogue[line.key]
        estimates.append(estimate_measure(measure, line.quantity, prices, emission_factors))
    return SavingsEstimate(
        measures=tuple(estimates),
        total_kwh=_total(estimates, "saving_kwh"),
        total_m3=_total(estimates, "saving_m3"),
        total_eur=_total(estimates, "saving_eur"),
        total_co2_kg=_total(estimates, "co2_kg"),
        without_published_saving=tuple(e.key for e in estimates if not e.has_published_saving),
        assumptions=_assumptions(prices, emission_factors, dwelling_type),
    )
