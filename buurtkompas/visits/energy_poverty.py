"""Energy-poverty signal for one household, after the CBS/TNO Monitor Energiearmoede.

From what the household chose to share, three indicators of the monitor are answered with
``yes``, ``no`` or ``cannot tell`` and the reasons (codes, explained in ``REASONS``):

- **HEQ** (hoge energiequote): energy costs are at least 10 % of disposable household income;
- **LIHE** (laag inkomen, hoge energiekosten): low income, savings under the asset limit and
  energy costs above a threshold that scales with household size;
- **LILEK** (laag inkomen, lage energetische kwaliteit): low income, savings under the asset
  limit and a home of low energy quality.

Income is shared as a bracket and household size may be known without its make-up, so every
comparison is made over the whole range of possible values: an indicator is decided only when
every value in the range falls on the same side of the threshold; otherwise "cannot tell".
Thresholds and their sources: ``docs/energy-poverty.md``. The signal is for the coach and the
household; it is never exported with identity.
"""

import math
from dataclasses import dataclass

YES, NO, CANNOT_TELL = "yes", "no", "cannot tell"

# HEQ: energy costs >= 10 % of disposable household income (CBS/TNO monitor, via VNG DEGO).
HEQ_PERCENT = 10
# Low income: standardised disposable income <= 130 % of the CBS low-income line, in € a year
# (CBS news release 2025-07, "Energy poverty rose to 6.1 percent in 2024").
LOW_INCOME_THRESHOLD_EUR = {2024: 20_875.0}
# LIHE: energy costs above EUR 1,213 a year for a single person in 2019, scaled by the CBS
# equivalence factors and, for other years, by the CPI (CBS/TNO monitor, via VNG DEGO).
LIHE_BASE_YEAR, LIHE_BASE_SINGLE_EUR = 2019, 1213.0
# CBS consumer price index, % change on the year before (CBS news 2024-02 and 2025-01).
CPI_CHANGE_PCT = {2020: 1.3, 2021: 2.7, 2022: 10.0, 2023: 3.8, 2024: 3.3}
# CBS equivalence factors (adults, children under 18) -> factor; Materiële welvaart in
# Nederland 2020, annex A, table A.1. Households outside this table: "cannot tell".
EQUIVALENCE_FACTORS = {
    (1, 0): 1.00, (1, 1): 1.33, (1, 2): 1.51, (1, 3): 1.76, (1, 4): 1.95,
    (2, 0): 1.37, (2, 1): 1.67, (2, 2): 1.88, (2, 3): 2.06, (2, 4): 2.28,
    (3, 0): 1.73, (3, 1): 1.95, (3, 2): 2.14, (3, 3): 2.32, (3, 4): 2.49,
    (4, 0): 2.00, (4, 1): 2.19, (4, 2): 2.37, (4, 3): 2.53, (4, 4): 2.68,
}  # fmt: skip
# Stated assumption: the monitor's own low-quality cut-off was not found; label E, F or G
# counts as a home of low energy quality.
ENERGY_LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
LOW_QUALITY_LABELS = frozenset({"E", "F", "G"})

REASONS = {
    "income_missing": "the household did not share an income bracket",
    "household_missing": "household size is not known",
    "composition_outside_table": "household make-up is outside the CBS equivalence table",
    "costs_missing": "energy costs are not known",
    "label_missing": "the energy label is not known",
    "savings_unknown": "not known whether savings are under the asset limit",
    "income_bracket_straddles": "the income bracket lies on both sides of the threshold",
    "income_or_composition_straddles": (
        "the income bracket or the possible household make-ups lie on both sides of the threshold"
    ),
    "composition_straddles": "the possible household make-ups lie on both sides of the threshold",
    "energy_quote_at_least_10pct": "energy costs are at least 10 % of income",
    "energy_quote_below_10pct": "energy costs are below 10 % of income",
    "low_income": "standardised income is at most 130 % of the low-income line",
    "not_low_income": "standardised income is above 130 % of the low-income line",
    "costs_above_threshold": "energy costs are above the threshold for this household",
    "costs_not_above_threshold": "energy costs are not above the threshold for this household",
    "label_low_quality": "energy label E, F or G (stated assumption)",
    "label_not_low_quality": "energy label D or better",
    "savings_below_limit": "savings are under the asset limit",
    "savings_above_limit": "savings are above the asset limit",
}


class EnergyPovertyInputError(ValueError):
    """Impossible input: a negative amount, a bracket upside down, a make-up that doesn't add up."""


@dataclass(frozen=True)
class IncomeBracket:
    """Disposable (net) household income in € a year; ``high=None`` means "or more"."""

    low: float
    high: float | None = None

    def __post_init__(self):
        if not _is_amount(self.low) or (self.high is not None and not _is_amount(self.high)):
            raise EnergyPovertyInputError("income bracket amounts must be numbers of 0 or more")
        if self.high is not None and self.high < self.low:
            raise EnergyPovertyInputError("income bracket: the upper bound is below the lower")


@dataclass(frozen=True)
class Household:
    """What the household chose to share; anything may be None (not shared)."""

    income: IncomeBracket | None = None
    size: int | None = None
    adults: int | None = None
    children: int | None = None
    energy_costs_year: float | None = None
    energy_costs_month: float | None = None
    energy_label: str | None = None
    savings_below_limit: bool | None = None


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    answer: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Thresholds:
    year: int
    heq_percent: int
    low_income_standardised_eur: float
    lihe_single_person_eur: float
    cpi_factor_since_2019: float
    equivalence_min: float | None
    equivalence_max: float | None
    low_quality_labels: tuple[str, ...]


@dataclass(frozen=True)
class EnergyPovertySignal:
    heq: IndicatorResult
    lihe: IndicatorResult
    lilek: IndicatorResult
    energy_costs_year: float | None
    thresholds: Thresholds
    kind: str = "signal"


def _is_amount(value) -> bool:
    ok_type = isinstance(value, int | float) and not isinstance(value, bool)
    return ok_type and math.isfinite(value) and value >= 0


def cpi_factor(year: int) -> float:
    """Price change from 2019 to ``year`` by the CBS yearly CPI changes."""
    factor = 1.0
    for y in range(LIHE_BASE_YEAR + 1, year + 1):
        factor *= 1 + CPI_CHANGE_PCT[y] / 100
    return factor


def _count(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise EnergyPovertyInputError(f"{name} must be a whole number of 0 or more")
    return value


def _composition(household: Household) -> tuple[int | None, int | None, int | None]:
    size = _count(household.size, "household size")
    adults = _count(household.adults, "adults")
    children = _count(household.children, "children")
    if size is not None and adults is not None and children is None:
        children = size - adults
    if size is not None and children is not None and adults is None:
        adults = size - children
    if adults is not None and children is not None:
        if adults < 1 or children < 0 or (size is not None and adults + children != size):
            raise EnergyPovertyInputError("adults and children do not add up to the household")
    if size == 0:
        raise EnergyPovertyInputError("a household has at least one person")
    return size, adults, children


def equivalence_range(household: Household) -> tuple[tuple[float, float] | None, str | None]:
    """(lowest, highest) possible CBS equivalence factor, or (None, reason)."""
    size, adults, children = _composition(household)
    if adults is not None and children is not None:
        factors = [EQUIVALENCE_FACTORS.get((adults, children))]
    elif size is not None:
        factors = [EQUIVALENCE_FACTORS.get((a, size - a)) for a in range(1, size + 1)]
    else:
        return None, "household_missing"
    factors = [f for f in factors if f is not None]
    if not factors:
        return None, "composition_outside_table"
    return (min(factors), max(factors)), None


def yearly_costs(household: Household) -> float | None:
    """The annual bill if shared, else twelve monthly advance payments."""
    for value, months in ((household.energy_costs_year, 1), (household.energy_costs_month, 12)):
        if value is not None:
            if not _is_amount(value):
                raise EnergyPovertyInputError("energy costs must be a number of 0 or more")
            return float(value) * months
    return None


def _both(code: str, *parts: IndicatorResult) -> IndicatorResult:
    """Three-valued AND: any no -> no; all yes -> yes; otherwise cannot tell."""
    noes = [p for p in parts if p.answer == NO]
    unsure = [p for p in parts if p.answer == CANNOT_TELL]
    answer, deciding = (NO, noes) if noes else (CANNOT_TELL, unsure) if unsure else (YES, parts)
    return IndicatorResult(code, answer, sum((p.reasons for p in deciding), ()))


def _decide(all_yes: bool, all_no: bool) -> str:
    return YES if all_yes else NO if all_no else CANNOT_TELL


def _missing(**values) -> tuple[str, ...]:
    return tuple(f"{name}_missing" for name, value in values.items() if value is None)


def _result(code: str, answer: str, reasons: dict) -> IndicatorResult:
    return IndicatorResult(code, answer, (reasons[answer],))


def heq(income: IncomeBracket | None, costs: float | None) -> IndicatorResult:
    """Energy quote = yearly energy costs / disposable household income; HEQ if >= 10 %."""
    missing = _missing(income=income, costs=costs)
    if missing:
        return IndicatorResult("HEQ", CANNOT_TELL, missing)
    # The quote is lowest at the top of the bracket and highest at its bottom.
    # Compared in whole percents to keep the boundary exact (10 % of 20,000 is 2,000).
    at_least_all = income.high is not None and costs * 100 >= HEQ_PERCENT * income.high
    below_all = costs * 100 < HEQ_PERCENT * income.low
    reasons = {
        YES: "energy_quote_at_least_10pct",
        NO: "energy_quote_below_10pct",
        CANNOT_TELL: "income_bracket_straddles",
    }
    return _result("HEQ", _decide(at_least_all, below_all), reasons)


def low_income(income: IncomeBracket | None, factors, factors_reason, year: int):
    """Standardised income (income / equivalence factor) at most the LI threshold."""
    missing = _missing(income=income)
    if missing or factors is None:
        return IndicatorResult("LI", CANNOT_TELL, missing + ((factors_reason,) * (not factors)))
    f_min, f_max = factors
    threshold = LOW_INCOME_THRESHOLD_EUR[year]
    # Highest possible standardised income: top of the bracket / smallest factor.
    all_low = income.high is not None and income.high / f_min <= threshold
    none_low = income.low / f_max > threshold
    straddle = "income_bracket_straddles" if f_min == f_max else "income_or_composition_straddles"
    reasons = {YES: "low_income", NO: "not_low_income", CANNOT_TELL: straddle}
    return _result("LI", _decide(all_low, none_low), reasons)


def lihe_threshold(year: int, factor: float) -> float:
    """EUR a year above which energy costs count as high for a household with this factor."""
    return LIHE_BASE_SINGLE_EUR * cpi_factor(year) * factor


def high_costs(costs: float | None, factors, factors_reason, year: int) -> IndicatorResult:
    if costs is None or factors is None:
        reasons = _missing(costs=costs) + ((factors_reason,) * (factors is None))
        return IndicatorResult("HE", CANNOT_TELL, reasons)
    f_min, f_max = factors
    above_all = costs > lihe_threshold(year, f_max)
    above_none = costs <= lihe_threshold(year, f_min)
    reasons = {
        YES: "costs_above_threshold",
        NO: "costs_not_above_threshold",
        CANNOT_TELL: "composition_straddles",
    }
    return _result("HE", _decide(above_all, above_none), reasons)


def low_energy_quality(label: str | None) -> IndicatorResult:
    if label is None or not str(label).strip():
        return IndicatorResult("LEK", CANNOT_TELL, ("label_missing",))
    label = str(label).strip().upper()
    if label not in ENERGY_LABELS:
        raise EnergyPovertyInputError(f"{label!r} is not an energy label (A++++ to G)")
    low = label in LOW_QUALITY_LABELS
    return IndicatorResult(
        "LEK", YES if low else NO, ("label_low_quality" if low else "label_not_low_quality",)
    )


def savings_under_limit(value: bool | None) -> IndicatorResult:
    if value is None:
        return IndicatorResult("SAV", CANNOT_TELL, ("savings_unknown",))
    return IndicatorResult(
        "SAV", YES if value else NO, ("savings_below_limit" if value else "savings_above_limit",)
    )


def energy_poverty_signal(household: Household, *, year: int = 2024) -> EnergyPovertySignal:
    """HEQ, LIHE and LILEK for one household with the thresholds of ``year``."""
    if year not in LOW_INCOME_THRESHOLD_EUR:
        raise EnergyPovertyInputError(f"no published thresholds for {year}")
    costs = yearly_costs(household)
    factors, factors_reason = equivalence_range(household)
    li = low_income(household.income, factors, factors_reason, year)
    savings = savings_under_limit(household.savings_below_limit)
    return EnergyPovertySignal(
        heq=heq(household.income, costs),
        lihe=_both("LIHE", li, high_costs(costs, factors, factors_reason, year), savings),
        lilek=_both("LILEK", li, low_energy_quality(household.energy_label), savings),
        energy_costs_year=costs,
        thresholds=Thresholds(
            year=year,
            heq_percent=HEQ_PERCENT,
            low_income_standardised_eur=LOW_INCOME_THRESHOLD_EUR[year],
            lihe_single_person_eur=lihe_threshold(year, 1.0),
            cpi_factor_since_2019=cpi_factor(year),
            equivalence_min=factors[0] if factors else None,
            equivalence_max=factors[1] if factors else None,
            low_quality_labels=tuple(sorted(LOW_QUALITY_LABELS)),
        ),
    )
