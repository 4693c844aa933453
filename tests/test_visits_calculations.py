"""The pure calculations behind a household visit: the reviewed catalogue files, the savings
estimate, the energy-poverty signal and the degree-day correction.

Every expected number is worked out by hand in the comments from the figures in the reviewed
files (``buurtkompas/visits/catalogue/``) and ``docs/energy-poverty.md``. No database needed.
"""

from datetime import date
from pathlib import Path

import pytest

from buurtkompas.visits import catalogue
from buurtkompas.visits.catalogue import CatalogueError
from buurtkompas.visits.degree_days import (
    DegreeDayInputError,
    Interval,
    corrected_change,
    weighted_degree_days,
)
from buurtkompas.visits.energy_poverty import (
    CANNOT_TELL,
    NO,
    REASONS,
    YES,
    EnergyPovertyInputError,
    Household,
    IncomeBracket,
    energy_poverty_signal,
)
from buurtkompas.visits.savings import FittedMeasure, SavingsInputError, estimate_savings

BAD = Path(__file__).parent / "fixtures" / "bad" / "visits"


@pytest.fixture(scope="module")
def measures():
    return catalogue.load_measures()


@pytest.fixture(scope="module")
def prices():
    return catalogue.load_energy_prices()


@pytest.fixture(scope="module")
def factors():
    return catalogue.load_emission_factors()


# --- the reviewed files ---------------------------------------------------------------------


def test_it_loads_every_measure_with_a_source_and_a_year(measures):
    assert len(measures) >= 12
    for measure in measures.values():
        assert measure.source and 1990 <= measure.year <= 2100
        assert measure.unit in ("piece", "metre", "household")
        assert measure.name_nl and measure.name_en


def test_it_keeps_measures_without_a_published_saving_empty(measures):
    for key in ("tochtstrips", "brievenbusborstel", "radiatorfolie", "radiatorventilator"):
        measure = measures[key]
        assert not measure.has_published_saving
        assert (measure.saving_kwh, measure.saving_m3, measure.saving_eur) == (None, None, None)


def test_it_reads_the_shower_head_figure_of_milieu_centraal(measures):
    shower = measures["waterbesparende_douchekop"]
    assert shower.saving_m3 == 44 and shower.year == 2021
    assert "2.2" in shower.reference_household
    assert shower.source_url.startswith("https://")


def test_it_returns_records_that_cannot_be_changed(measures):
    with pytest.raises(AttributeError):
        measures["tochtstrips"].saving_m3 = 10
    with pytest.raises(TypeError):
        measures["nieuw"] = measures["tochtstrips"]


def test_it_loads_the_price_table_and_the_emission_factors(prices, factors):
    # CBS 84672NED, 2022 incl. VAT: gas 1.7824 + 0.09948 + 0.41771 = 2.29959 EUR/m3;
    # electricity 0.4581 + 0.03508 + 0.04231 = 0.53549 EUR/kWh.
    assert prices["cbs-2022"].gas_eur_per_m3 == pytest.approx(1.7824 + 0.09948 + 0.41771)
    assert prices["cbs-2022"].electricity_eur_per_kwh == pytest.approx(0.4581 + 0.03508 + 0.04231)
    assert prices["mc-2022-long-term"].gas_eur_per_m3 == 1.20
    assert factors["electricity"].kg_co2_per_unit == 0.374 and factors["electricity"].year == 2021
    assert factors["gas"].unit == "m3"


@pytest.mark.parametrize(
    ("name", "line", "column", "words"),
    [
        ("measures_missing_source.csv", 3, "source", "empty"),
        ("measures_broken_unit.csv", 3, "unit", "'stuks'"),
        ("measures_negative_saving.csv", 3, "saving_m3", "at least 0"),
        ("measures_non_numeric_saving.csv", 3, "saving_kwh", "not a number"),
        ("measures_duplicate_key.csv", 4, "key", "already used on line 2"),
        ("measures_missing_column.csv", 1, None, "lacks source"),
        ("measures_eur_without_prices.csv", 2, "saving_eur", "energy prices"),
        ("measures_figure_but_no_published_saving.csv", 2, "saving_m3", "must be empty"),
        ("measures_bad_year.csv", 2, "year", "not a year"),
        ("measures_cost_without_source.csv", 2, "material_cost_source", "empty"),
        ("measures_extra_field.csv", 2, None, "more fields"),
    ],
)
def test_it_refuses_a_bad_measures_file_naming_file_line_and_column(name, line, column, words):
    with pytest.raises(CatalogueError) as caught:
        catalogue.load_measures(BAD / name)
    error = caught.value
    assert (error.path.name, error.line, error.column) == (name, line, column)
    assert words in str(error)
    assert str(error).startswith(f"{name}, line {line}")


def test_it_refuses_a_measures_file_without_data_lines():
    with pytest.raises(CatalogueError, match="measures_header_only.csv: holds no data lines"):
        catalogue.load_measures(BAD / "measures_header_only.csv")


def test_it_refuses_a_missing_file():
    with pytest.raises(CatalogueError, match="cannot be read"):
        catalogue.load_measures(BAD / "does_not_exist.csv")


@pytest.mark.parametrize(
    ("loader", "name", "column", "words"),
    [
        (
            "load_energy_prices",
            "energy_prices_non_numeric.csv",
            "electricity_eur_per_kwh",
            "'0,25'",
        ),
        ("load_energy_prices", "energy_prices_zero_price.csv", "gas_eur_per_m3", "above 0"),
        ("load_emission_factors", "emission_factors_wrong_unit.csv", "unit", "counted in m3"),
        ("load_emission_factors", "emission_factors_missing_gas.csv", None, "no factor for gas"),
    ],
)
def test_it_refuses_bad_price_and_emission_files(loader, name, column, words):
    with pytest.raises(CatalogueError) as caught:
        getattr(catalogue, loader)(BAD / name)
    assert caught.value.column == column
    assert words in str(caught.value)


def test_it_derives_the_led_figures_as_their_notes_say(measures):
    # 40 W x 550 h = 22 kWh a year; LED uses 85 % less than incandescent, 75 % less than halogen.
    assert measures["led_vervangt_gloeilamp_40w"].saving_kwh == pytest.approx(
        40 * 550 / 1000 * 0.85
    )
    assert measures["led_vervangt_halogeen_40w"].saving_kwh == pytest.approx(40 * 550 / 1000 * 0.75)
    for key in ("led_vervangt_gloeilamp_40w", "led_vervangt_halogeen_40w"):
        assert measures[key].saving_status == "derived"
        assert "Derived by hand" in measures[key].note


def test_it_stores_no_euro_saving_without_the_sources_prices(measures):
    for measure in measures.values():
        if measure.saving_eur is not None:
            assert measure.price_basis is not None


# --- savings estimate -----------------------------------------------------------------------


def test_it_estimates_savings_per_measure_and_in_total(measures, prices, factors):
    """Hand computation with Milieu Centraal's long-term prices (1.20 EUR/m3, 0.22 EUR/kWh)
    and the emission factors (gas 1.78 kg/m3, electricity 0.374 kg/kWh):

    - 1 water-saving shower head: 44 m3 -> 44 x 1.20 = EUR 52.80; 44 x 1.78 = 78.32 kg CO2
    - 3 LED lamps for 40 W incandescent: 3 x 18.7 = 56.1 kWh -> 56.1 x 0.22 = EUR 12.342;
      56.1 x 0.374 = 20.9814 kg CO2
    - 5 m draught strips: no published saving, listed but not counted
    Totals: 56.1 kWh, 44 m3, EUR 65.142, 99.3014 kg CO2.
    """
    fitted = [
        FittedMeasure("waterbesparende_douchekop", 1),
        FittedMeasure("led_vervangt_gloeilamp_40w", 3),
        FittedMeasure("tochtstrips", 5),
    ]
    result = estimate_savings(
        fitted,
        catalogue=measures,
        prices=prices["mc-2022-long-term"],
        emission_factors=factors,
        dwelling_type="tussenwoning",
    )
    shower, leds, strips = result.measures
    assert shower.saving_m3 == 44 and shower.saving_eur == pytest.approx(52.80)
    assert shower.co2_kg == pytest.approx(78.32)
    assert leds.saving_kwh == pytest.approx(56.1) and leds.saving_eur == pytest.approx(12.342)
    assert leds.co2_kg == pytest.approx(20.9814)
    assert strips.saving_eur is None and strips.co2_kg is None
    assert result.total_kwh == pytest.approx(56.1) and result.total_m3 == pytest.approx(44)
    assert result.total_eur == pytest.approx(65.142)
    assert result.total_co2_kg == pytest.approx(99.3014)
    assert result.without_published_saving == ("tochtstrips",)


def test_it_labels_every_result_as_an_estimate_with_its_assumptions(measures, prices, factors):
    result = estimate_savings(
        [FittedMeasure("waterbesparende_douchekop", 1)],
        catalogue=measures,
        prices=prices["cbs-2022"],
        emission_factors=factors,
        dwelling_type="portiekflat",
    )
    assert result.kind == "estimate"
    assert all(m.kind == "estimate" for m in result.measures)
    assumptions = result.assumptions
    assert (assumptions.prices_key, assumptions.prices_year) == ("cbs-2022", 2022)
    assert assumptions.gas_eur_per_m3 == pytest.approx(2.29959)
    assert "84672NED" in assumptions.prices_source
    assert assumptions.dwelling_type == "portiekflat"
    assert "2.2" in result.measures[0].reference_household
    # Same 44 m3 at CBS's 2022 prices: 44 x 2.29959 = EUR 101.18196.
    assert result.total_eur == pytest.approx(101.18196)


def test_it_recomputes_euros_from_the_chosen_year_not_the_source(measures, prices, factors):
    # 120 m3 for one degree lower: 120 x 1.20 = EUR 144 (long term); 120 x 3.00 = EUR 360 (high).
    line = [FittedMeasure("thermostaat_1_graad_lager", 1)]
    low = estimate_savings(
        line, catalogue=measures, prices=prices["mc-2022-long-term"], emission_factors=factors
    )
    high = estimate_savings(
        line, catalogue=measures, prices=prices["mc-2022-high"], emission_factors=factors
    )
    assert (low.total_eur, high.total_eur) == (pytest.approx(144.0), pytest.approx(360.0))
    assert low.total_m3 == high.total_m3 == 120


@pytest.mark.parametrize(
    ("key", "quantity", "words"),
    [
        ("led_vervangt_gloeilamp_40w", 0, "more than 0"),
        ("led_vervangt_gloeilamp_40w", -2, "more than 0"),
        ("led_vervangt_gloeilamp_40w", 1000, "more than 100"),
        ("tochtstrips", 101, "more than 100"),
        ("led_vervangt_gloeilamp_40w", 2.5, "whole pieces"),
        ("thermostaat_1_graad_lager", 2, "once per household"),
        ("led_vervangt_gloeilamp_40w", "3", "not a number"),
        ("led_vervangt_gloeilamp_40w", float("nan"), "more than 0"),
        ("zonnepaneel", 1, "not in the measures catalogue"),
    ],
)
def test_it_refuses_a_zero_absurd_or_unknown_quantity(
    measures, prices, factors, key, quantity, words
):
    with pytest.raises(SavingsInputError, match=words):
        estimate_savings(
            [FittedMeasure("waterbesparende_douchekop", 1), FittedMeasure(key, quantity)],
            catalogue=measures,
            prices=prices["cbs-2022"],
            emission_factors=factors,
        )


def test_it_accepts_metres_in_decimals(measures, prices, factors):
    result = estimate_savings(
        [FittedMeasure("tochtstrips", 7.5)],
        catalogue=measures,
        prices=prices["cbs-2022"],
        emission_factors=factors,
    )
    assert result.measures[0].quantity == 7.5 and result.total_eur == 0


# --- energy-poverty signal ------------------------------------------------------------------
# Thresholds for 2024 (docs/energy-poverty.md):
#   low income: standardised disposable income <= EUR 20,875 a year;
#   CPI 2019 -> 2024 = 1.013 x 1.027 x 1.100 x 1.038 x 1.033 = 1.22707;
#   LIHE cost threshold = 1,213 x 1.22707 x equivalence factor
#     single (1.00): EUR 1,488.44; couple (1.37): EUR 2,039.16;
#     3 persons: 1.51 (1 adult + 2 children) -> EUR 2,247.54 ... 1.73 (3 adults) -> EUR 2,575.00.


def _signal(**shared):
    return energy_poverty_signal(Household(**shared), year=2024)


def test_it_finds_all_three_indicators_for_a_low_income_single_person():
    """Single person, income EUR 15,000-18,000, bill EUR 2,000, label F, little savings.
    HEQ: lowest quote 2,000 / 18,000 = 11.1 % >= 10 % -> yes.
    LI: highest standardised income 18,000 / 1.00 <= 20,875 -> yes.
    LIHE: 2,000 > 1,488.44 -> yes. LILEK: label F -> yes (stated assumption)."""
    signal = _signal(
        income=IncomeBracket(15_000, 18_000),
        adults=1,
        children=0,
        energy_costs_year=2_000,
        energy_label="F",
        savings_below_limit=True,
    )
    assert (signal.heq.answer, signal.lihe.answer, signal.lilek.answer) == (YES, YES, YES)
    assert "label_low_quality" in signal.lilek.reasons
    assert signal.thresholds.lihe_single_person_eur == pytest.approx(1488.439, abs=0.01)
    assert signal.thresholds.cpi_factor_since_2019 == pytest.approx(1.22707, abs=1e-5)
    assert signal.kind == "signal"


def test_it_cannot_tell_when_the_income_bracket_straddles_the_threshold():
    """Single, EUR 15,000-25,000, bill EUR 2,000: quote 8.0 % to 13.3 % -> cannot tell;
    standardised 15,000-25,000 against 20,875 -> cannot tell; so LIHE cannot tell."""
    signal = _signal(
        income=IncomeBracket(15_000, 25_000),
        size=1,
        energy_costs_year=2_000,
        savings_below_limit=True,
    )
    assert signal.heq == signal.heq.__class__("HEQ", CANNOT_TELL, ("income_bracket_straddles",))
    assert signal.lihe.answer == CANNOT_TELL
    assert "income_bracket_straddles" in signal.lihe.reasons


def test_it_says_no_when_the_whole_bracket_is_above_the_low_income_line():
    """Couple (1.37), EUR 30,000-35,000: lowest standardised 30,000 / 1.37 = 21,898 > 20,875
    -> not low income, so LIHE and LILEK are no even without label or savings.
    HEQ: highest quote 2,000 / 30,000 = 6.7 % < 10 % -> no."""
    signal = _signal(
        income=IncomeBracket(30_000, 35_000), adults=2, children=0, energy_costs_year=2_000
    )
    assert (signal.heq.answer, signal.lihe.answer, signal.lilek.answer) == (NO, NO, NO)
    assert signal.lilek.reasons == ("not_low_income",)


def test_it_uses_the_range_of_factors_when_only_the_size_is_known():
    """Three persons, make-up unknown: factor 1.51 to 1.73. Income EUR 25,000-27,000:
    highest standardised 27,000 / 1.51 = 17,881 <= 20,875 -> low income.
    Bill EUR 1,900 <= 2,247.54 (lowest threshold) -> costs not high -> LIHE no.
    Bill EUR 2,400 lies between 2,247.54 and 2,575.00 -> cannot tell.
    Bill EUR 2,600 > 2,575.00 -> LIHE yes."""
    base = {"income": IncomeBracket(25_000, 27_000), "size": 3, "savings_below_limit": True}
    assert _signal(energy_costs_year=1_900, **base).lihe.answer == NO
    unsure = _signal(energy_costs_year=2_400, **base)
    assert unsure.lihe.answer == CANNOT_TELL
    assert unsure.lihe.reasons == ("composition_straddles",)
    assert _signal(energy_costs_year=2_600, **base).lihe.answer == YES
    assert unsure.thresholds.equivalence_min == 1.51
    assert unsure.thresholds.equivalence_max == 1.73


def test_it_turns_monthly_payments_into_a_yearly_bill():
    # EUR 150 a month = EUR 1,800 a year; single, income EUR 12,000-14,000:
    # lowest quote 1,800 / 14,000 = 12.9 % -> HEQ yes.
    signal = _signal(income=IncomeBracket(12_000, 14_000), size=1, energy_costs_month=150)
    assert signal.energy_costs_year == 1_800
    assert signal.heq.answer == YES


def test_it_names_the_missing_input_when_it_cannot_tell():
    signal = _signal()
    assert signal.heq == signal.heq.__class__(
        "HEQ", CANNOT_TELL, ("income_missing", "costs_missing")
    )
    assert set(signal.lihe.reasons) >= {"income_missing", "costs_missing", "savings_unknown"}
    assert "household_missing" in signal.lihe.reasons
    assert "label_missing" in signal.lilek.reasons
    for reason in signal.lihe.reasons + signal.lilek.reasons:
        assert reason in REASONS


def test_it_cannot_tell_lihe_without_knowing_the_savings():
    # Everything else points to LIHE (see the single-person case), savings not shared.
    signal = _signal(
        income=IncomeBracket(15_000, 18_000), size=1, energy_costs_year=2_000, energy_label="C"
    )
    assert signal.lihe.answer == CANNOT_TELL and signal.lihe.reasons == ("savings_unknown",)
    assert signal.lilek.answer == NO and signal.lilek.reasons == ("label_not_low_quality",)


def test_it_treats_an_open_top_bracket_as_possibly_high_income():
    # "EUR 40,000 or more" for a single person: never low income, quote at most 2,000 / 40,000.
    signal = _signal(income=IncomeBracket(40_000), size=1, energy_costs_year=2_000)
    assert (signal.heq.answer, signal.lihe.answer, signal.lilek.answer) == (NO, NO, NO)


def test_it_decides_exactly_on_the_boundaries():
    # HEQ is ">= 10 %": EUR 2,000 of exactly EUR 20,000 -> yes.
    assert _signal(income=IncomeBracket(20_000, 20_000), energy_costs_year=2_000).heq.answer == YES
    # Low income is "at most EUR 20,875" standardised: exactly 20,875 -> low income.
    at_line = _signal(
        income=IncomeBracket(20_875, 20_875), size=1, energy_label="G", savings_below_limit=True
    )
    assert at_line.lilek.answer == YES


def test_it_cannot_tell_for_a_household_outside_the_cbs_table():
    signal = _signal(
        income=IncomeBracket(10_000, 12_000), size=9, energy_label="G", savings_below_limit=True
    )
    assert signal.lilek.answer == CANNOT_TELL
    assert signal.lilek.reasons == ("composition_outside_table",)


@pytest.mark.parametrize(
    ("shared", "words"),
    [
        ({"size": 2, "adults": 3}, "do not add up"),
        ({"size": 0}, "at least one person"),
        ({"adults": -1, "children": 0}, "0 or more"),
        ({"energy_costs_month": -10}, "0 or more"),
        ({"energy_label": "H"}, "not an energy label"),
    ],
)
def test_it_refuses_impossible_household_input(shared, words):
    with pytest.raises(EnergyPovertyInputError, match=words):
        _signal(**shared)


def test_it_refuses_an_upside_down_or_negative_income_bracket():
    with pytest.raises(EnergyPovertyInputError, match="upper bound"):
        IncomeBracket(20_000, 10_000)
    with pytest.raises(EnergyPovertyInputError, match="0 or more"):
        IncomeBracket(-5, 10_000)
    with pytest.raises(EnergyPovertyInputError, match="0 or more"):
        IncomeBracket("20000")


def test_it_refuses_a_year_without_published_thresholds():
    with pytest.raises(EnergyPovertyInputError, match="2019"):
        energy_poverty_signal(Household(), year=2019)


# --- degree days ----------------------------------------------------------------------------


def test_it_counts_weighted_degree_days_by_season():
    """10 Jan at 2.0 C: (18 - 2) x 1.1 = 17.6; 3 Mar at 8.0 C: 10 x 1.0 = 10;
    15 Apr at 10.0 C: 8 x 0.8 = 6.4; 10 Oct at 20.0 C: 0. Total 34.0."""
    days = [
        (date(2025, 1, 10), 2.0),
        (date(2025, 3, 3), 8.0),
        (date(2025, 4, 15), 10.0),
        (date(2025, 10, 10), 20.0),
    ]
    assert weighted_degree_days(days) == pytest.approx(34.0)


def test_it_corrects_a_measured_change_for_the_weather():
    """Before: 1,200 m3 over 2,000 degree days; after: 1,000 m3 over 1,800 (a milder winter).
    After at the weather of before: 1,000 x 2,000 / 1,800 = 1,111.1 m3; change -88.9 m3
    (-7.4 %), not the -200 m3 the meter shows."""
    change = corrected_change(Interval(1_200, 2_000, 180), Interval(1_000, 1_800, 180))
    assert change.after_at_before_weather_m3 == pytest.approx(1_111.111, abs=0.001)
    assert change.change_m3 == pytest.approx(-88.889, abs=0.001)
    assert change.change_pct == pytest.approx(-7.407, abs=0.001)
    assert "KNMI" in change.degree_day_source
    assert change.kind.startswith("measured")


def test_it_keeps_the_base_load_out_of_the_weather_correction():
    """Base load 0.5 m3/day x 180 days = 90 m3 in both intervals. Heating after: 1,000 - 90
    = 910 m3, at the weather of before 910 x 2,000 / 1,800 = 1,011.1, plus 90 = 1,101.1 m3;
    change 1,101.1 - 1,200 = -98.9 m3."""
    change = corrected_change(
        Interval(1_200, 2_000, 180), Interval(1_000, 1_800, 180), base_load_m3_per_day=0.5
    )
    assert change.after_at_before_weather_m3 == pytest.approx(1_101.111, abs=0.001)
    assert change.change_m3 == pytest.approx(-98.889, abs=0.001)


@pytest.mark.parametrize(
    ("before", "after", "base", "words"),
    [
        (Interval(-1, 2_000, 180), Interval(1_000, 1_800, 180), 0, "0 m³ or more"),
        (Interval(1_200, 0, 180), Interval(1_000, 1_800, 180), 0, "positive number"),
        (Interval(1_200, 2_000, 0), Interval(1_000, 1_800, 180), 0, "at least 1"),
        (Interval(1_200, 2_000, 180), Interval(1_000, 1_800, 180), 10, "more than the gas"),
        (Interval(1_200, 2_000, 180), Interval(1_000, 1_800, 180), -1, "0 m³ a day"),
    ],
)
def test_it_refuses_impossible_intervals(before, after, base, words):
    with pytest.raises(DegreeDayInputError, match=words):
        corrected_change(before, after, base_load_m3_per_day=base)
