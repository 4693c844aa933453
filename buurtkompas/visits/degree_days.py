"""Weather correction of a measured change in gas use, with weighted degree days.

The usual Dutch method (energy suppliers, CBS): a day counts ``18 °C - mean outdoor
temperature`` degree days when it is colder than 18 °C (the heating limit, "stookgrens"),
else 0 (CBS, "Definitie graaddagen"). Weighted degree days ("gewogen graaddagen") multiply
each day by a seasonal weight for sun and wind: 1.1 from November to February, 1.0 in March
and October, 0.8 from April to September (as published by energieconsultant.nl and
Infoplaza). The temperatures are KNMI's daily means for De Bilt (station 260, KNMI daily
data, field TG in 0.1 °C); this module holds no weather data: the caller supplies either the
daily means or the degree-day totals of each interval, taken from KNMI.

The correction: gas for heating scales with degree days, so the use of the later interval is
restated at the weather of the earlier one before the two are compared. An optional base load
(cooking, hot water: m³ a day) is kept out of the scaling.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

HEATING_LIMIT_C = 18.0
WEIGHTS = {1: 1.1, 2: 1.1, 3: 1.0, 4: 0.8, 5: 0.8, 6: 0.8, 7: 0.8, 8: 0.8, 9: 0.8, 10: 1.0}
WEIGHTS |= {11: 1.1, 12: 1.1}
SOURCE = (
    "KNMI daily mean temperature, De Bilt (station 260); degree days at an 18 °C limit "
    "(CBS), weighted 1.1 Nov-Feb, 1.0 Mar and Oct, 0.8 Apr-Sep"
)


class DegreeDayInputError(ValueError):
    """Impossible input: negative gas use, an interval without degree days, and the like."""


@dataclass(frozen=True)
class Interval:
    """Gas used between two meter readings and the weighted degree days of those days."""

    gas_m3: float
    degree_days: float
    days: int


@dataclass(frozen=True)
class CorrectedChange:
    before_m3: float
    after_m3: float
    after_at_before_weather_m3: float
    change_m3: float
    change_pct: float | None
    base_load_m3_per_day: float
    degree_day_source: str
    kind: str = "measured, weather-corrected"


def weighted_degree_days(daily_means: Iterable[tuple[date, float]]) -> float:
    """Sum of weighted degree days over (day, mean temperature in °C) pairs."""
    total = 0.0
    for day, mean_c in daily_means:
        if not math.isfinite(mean_c):
            raise DegreeDayInputError(f"{day}: temperature {mean_c!r} is not a number")
        total += max(0.0, HEATING_LIMIT_C - mean_c) * WEIGHTS[day.month]
    return total


def _check(interval: Interval, name: str) -> None:
    if not (math.isfinite(interval.gas_m3) and interval.gas_m3 >= 0):
        raise DegreeDayInputError(f"{name}: gas use must be 0 m³ or more")
    if not (math.isfinite(interval.degree_days) and interval.degree_days > 0):
        raise DegreeDayInputError(f"{name}: needs a positive number of degree days")
    if isinstance(interval.days, bool) or not isinstance(interval.days, int) or interval.days < 1:
        raise DegreeDayInputError(f"{name}: needs a whole number of days, at least 1")


def corrected_change(
    before: Interval,
    after: Interval,
    *,
    base_load_m3_per_day: float = 0.0,
    degree_day_source: str = SOURCE,
) -> CorrectedChange:
    """Change in gas use from ``before`` to ``after``, with ``after`` restated at the weather
    (degree days) and length of ``before``."""
    _check(before, "before")
    _check(after, "after")
    if not (math.isfinite(base_load_m3_per_day) and base_load_m3_per_day >= 0):
        raise DegreeDayInputError("base load must be 0 m³ a day or more")
    heating_after = after.gas_m3 - base_load_m3_per_day * after.days
    if heating_after < 0 or before.gas_m3 - base_load_m3_per_day * before.days < 0:
        raise DegreeDayInputError("base load is more than the gas used in an interval")
    restated = (
        heating_after * before.degree_days / after.degree_days + base_load_m3_per_day * before.days
    )
    change = restated - before.gas_m3
    return CorrectedChange(
        before_m3=before.gas_m3,
        after_m3=after.gas_m3,
        after_at_before_weather_m3=restated,
        change_m3=change,
        change_pct=None if before.gas_m3 == 0 else 100 * change / before.gas_m3,
        base_load_m3_per_day=base_load_m3_per_day,
        degree_day_source=degree_day_source,
    )
