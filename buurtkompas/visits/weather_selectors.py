"""Weighted degree days from the stored KNMI daily means (``DailyTemperature``)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from buurtkompas.visits import knmi
from buurtkompas.visits.degree_days import weighted_degree_days
from buurtkompas.visits.weather import DailyTemperature


@dataclass(frozen=True)
class DegreeDays:
    """Unpacks as ``(value, days_missing)``.

    ``value`` is the weighted degree days of every day from ``start`` through ``end``, or None
    when KNMI has no stored value for one or more of those days: a missing day is never counted
    as 0. ``measured_value`` is the sum over the days that do have a value, for a caller that
    states the gap itself. ``attribution`` names the source; show it with the figure.
    """

    value: float | None
    days_missing: tuple[date, ...]
    measured_value: float
    days_measured: int
    attribution: str

    def __iter__(self) -> Iterator:
        yield self.value
        yield self.days_missing


def weighted_degree_days_between(
    start: date, end: date, *, station: int = knmi.STATION_DE_BILT
) -> DegreeDays:
    """Weighted degree days (``visits.degree_days``) from ``start`` through ``end``, both
    included, from the KNMI daily means of ``station`` (De Bilt by default)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    means = dict(
        DailyTemperature.objects.filter(station=station, day__range=(start, end)).values_list(
            "day", "mean_temp_c"
        )
    )
    every_day = (start + timedelta(days=n) for n in range((end - start).days + 1))
    missing = tuple(day for day in every_day if day not in means)
    measured = weighted_degree_days(sorted(means.items()))
    return DegreeDays(
        value=None if missing else measured,
        days_missing=missing,
        measured_value=measured,
        days_measured=len(means),
        attribution=str(knmi.ATTRIBUTION),
    )
