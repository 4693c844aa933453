"""The measured change in yearly energy use at a follow-up visit, beside the first visit's
estimate. Pure: plain values in, plain values out; `selectors.visit_measured_change` reads the
meter readings and the KNMI degree days from the database.

Three readings of one meter make two intervals ("spans"):

- before: the reading from the annual bill (or else the latest earlier reading) up to the
  reading of the first visit, the use before the measures;
- after: the first visit's reading up to the follow-up's reading, the use with the measures.

Electricity does not depend on the weather: the change is the use per day after minus the use
per day before, times 365. Gas for heating does: the after span is restated at the weather and
length of the before span with `degree_days.corrected_change` (weighted degree days of KNMI De
Bilt), and the change over the before span is scaled to a year. When the degree days of a span
are not loaded (or a span had no heating days at all) the gas change is the uncorrected per-day
change, and says so; a missing day is never counted as 0.

A span runs from the day of its first reading through the day before its last reading, so it
counts `(end - start).days` days (a meter read each morning: the day of the last reading is in
the next span).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .degree_days import DegreeDayInputError, Interval, corrected_change

DAYS_A_YEAR = 365
MEASURED = "measured"
CORRECTED = "corrected"  # gas, weather-corrected with KNMI degree days
NOT_LOADED = "degree_days_not_loaded"  # gas, uncorrected: degree days of a span are missing
NO_HEATING = "no_heating_days"  # gas, uncorrected: a span had no degree days at all


@dataclass(frozen=True)
class Reading:
    read_on: date
    value: float


@dataclass(frozen=True)
class Span:
    start: Reading
    end: Reading

    @property
    def days(self) -> int:
        return (self.end.read_on - self.start.read_on).days

    @property
    def use(self) -> float:
        return self.end.value - self.start.value

    @property
    def per_day(self) -> float:
        return self.use / self.days

    @property
    def last_day(self) -> date:
        """The last day the span counts (the day before its end reading)."""
        return self.end.read_on - timedelta(days=1)

    @property
    def is_usable(self) -> bool:
        return self.days >= 1 and self.use >= 0


@dataclass(frozen=True)
class MeterChange:
    """The change in yearly use of one meter (kWh or m³ a year; negative = uses less)."""

    before: Span
    after: Span
    change_per_year: float
    change_pct: float | None
    correction: str  # MEASURED (electricity), CORRECTED, NOT_LOADED or NO_HEATING (gas)
    degree_days_before: float | None = None
    degree_days_after: float | None = None
    kind: str = MEASURED

    @property
    def is_corrected(self) -> bool:
        return self.correction == CORRECTED


def pick_spans(
    earlier: list[tuple[Reading, bool]], first: Reading | None, follow_up: Reading | None
) -> tuple[Span, Span] | None:
    """The before and after spans, or None when the readings do not make two usable spans.

    `earlier`: readings before the first visit's reading as (reading, from_the_annual_bill);
    the latest bill reading is taken, else the latest earlier reading."""
    if first is None or follow_up is None:
        return None
    candidates = [r for r, _bill in earlier if r.read_on < first.read_on]
    bills = [r for r, bill in earlier if bill and r.read_on < first.read_on]
    pool = bills or candidates
    if not pool:
        return None
    start = max(pool, key=lambda r: r.read_on)
    before, after = Span(start, first), Span(first, follow_up)
    if not (before.is_usable and after.is_usable):
        return None
    return before, after


def per_day_change(before: Span, after: Span) -> tuple[float, float | None]:
    """(change a year, change in %) from the use per day, without weather correction."""
    change = (after.per_day - before.per_day) * DAYS_A_YEAR
    pct = None if before.use == 0 else 100 * (after.per_day - before.per_day) / before.per_day
    return change, pct


def electricity_change(before: Span, after: Span) -> MeterChange:
    change, pct = per_day_change(before, after)
    return MeterChange(before, after, change, pct, MEASURED)


def gas_change(
    before: Span, after: Span, degree_days_before: float | None, degree_days_after: float | None
) -> MeterChange:
    """Weather-corrected when both spans have their degree days (None: not loaded)."""
    if degree_days_before is None or degree_days_after is None:
        change, pct = per_day_change(before, after)
        return MeterChange(
            before, after, change, pct, NOT_LOADED, degree_days_before, degree_days_after
        )
    try:
        result = corrected_change(
            Interval(before.use, degree_days_before, before.days),
            Interval(after.use, degree_days_after, after.days),
        )
    except DegreeDayInputError:  # a span without any heating day cannot be restated
        change, pct = per_day_change(before, after)
        return MeterChange(
            before, after, change, pct, NO_HEATING, degree_days_before, degree_days_after
        )
    yearly = result.change_m3 * DAYS_A_YEAR / before.days
    return MeterChange(
        before,
        after,
        yearly,
        result.change_pct,
        CORRECTED,
        degree_days_before,
        degree_days_after,
    )
