"""The indicator registry: what the atlas shows and how each indicator counts in the need index.

An indicator reads one or more variables (Variable.key) that the pipeline loaded; the first
variable that a region has, in the order given, is used. `higher_is_worse` orients an indicator
for the need index: True means a higher value points to more need, False means a lower value
does, None means context only (never part of the index). Default weights follow the argument
of the position paper: low income, energy poverty and rented (corporation) housing are where
residents cannot act alone, so they weigh most. docs/indicators.md is generated from this file
(`buurtkompas indicators_doc`) and a test keeps the two equal.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    key: str
    label_nl: str
    label_en: str
    definition: str
    unit: str
    variables: tuple[str, ...]
    sources: tuple[str, ...]
    higher_is_worse: bool | None
    default_weight: float
    weight_reason: str = ""

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_nl

    @property
    def in_index(self) -> bool:
        return self.higher_is_worse is not None


KWB = "CBS Kerncijfers wijken en buurten (85984NED for 2024, 85618NED for 2023)"
INCOME_2020 = "CBS maatwerktabel Inkomen per gemeente en wijk 2020, indeling 2023"
UTRECHT = "Kerncijfers extract provincie Utrecht, ca. 2020 (third party)"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "low_income_households_pct",
        "Huishoudens met laagste inkomens",
        "Households with the lowest incomes",
        "Share of private households that belong to the 40% of households in the Netherlands "
        "with the lowest disposable income.",
        "%",
        ("households_income_lowest40_pct",),
        (
            f"{KWB}: k_40HuishoudensMetLaagsteInkomen",
            f"{INCOME_2020}: 40% huishoudens met laagste besteedbaar inkomen",
        ),
        True,
        3,
        "Low income is the core of energy poverty: these households cannot pay for measures.",
    ),
    Indicator(
        "social_minimum_households_pct",
        "Huishoudens rond het sociaal minimum",
        "Households at or below the social minimum",
        "Share of private households with an income under or around the social minimum "
        "(up to 101% of it).",
        "%",
        ("households_social_minimum_pct",),
        (f"{KWB}: HuishOnderOfRondSociaalMinimum",),
        True,
        2,
        "Households around the social minimum have no room for any energy cost.",
    ),
    Indicator(
        "energy_poverty_households_pct",
        "Huishoudens in energiearmoede",
        "Households in energy poverty",
        "Share of households in energy poverty as published for the area.",
        "%",
        ("energy_poverty_households_pct",),
        (
            "Energiearmoede per buurt, Friesland (ca. 2020; publisher and definition not "
            "documented)",
        ),
        True,
        3,
        "The direct measure of the problem Buurtkompas exists for.",
    ),
    Indicator(
        "corporation_dwellings_pct",
        "Huurwoningen van een woningcorporatie",
        "Dwellings owned by a housing corporation",
        "Share of dwellings owned by a housing corporation.",
        "%",
        ("corporation_dwellings_pct",),
        (f"{KWB}: InBezitWoningcorporatie", "Energiearmoede Friesland CSV: pct_wooncorporatie"),
        True,
        2,
        "Three quarters of energy-poor households rent from a corporation; tenants depend on "
        "their landlord for insulation.",
    ),
    Indicator(
        "owner_occupied_dwellings_pct",
        "Koopwoningen",
        "Owner-occupied dwellings",
        "Share of dwellings lived in by their owner.",
        "%",
        ("owner_occupied_dwellings_pct",),
        (
            f"{KWB}: Koopwoningen",
            f"{UTRECHT}: koopwoning_percentage",
            "Energiearmoede Friesland CSV: pct_koopwoningen",
        ),
        False,
        1,
        "Fewer owners means more tenants who cannot improve their home themselves.",
    ),
    Indicator(
        "rental_dwellings_pct",
        "Huurwoningen",
        "Rented dwellings",
        "Share of dwellings that are rented (corporation and other landlords).",
        "%",
        ("rental_dwellings_pct",),
        (f"{KWB}: HuurwoningenTotaal",),
        True,
        0,
        "Context: overlaps with owner-occupied dwellings, so it weighs 0 by default.",
    ),
    Indicator(
        "dwellings_built_since_2000_pct",
        "Woningen gebouwd vanaf 2000",
        "Dwellings built in 2000 or later",
        "Share of dwellings built in 2000 or later; a low share means an older housing stock.",
        "%",
        ("dwellings_built_since_2000_pct",),
        (f"{UTRECHT}: bouwjaar_vanaf_2000_percentage",),
        False,
        1,
        "Older homes are draughtier and costlier to heat.",
    ),
    Indicator(
        "construction_year_median",
        "Mediaan bouwjaar",
        "Median construction year",
        "Median construction year of the addresses in the area (BAG).",
        "jaar",
        ("addresses_construction_year_median",),
        ("CBS/PDOK Wijk- en buurtkaart 2024: bag_med_bouwjaar",),
        False,
        1,
        "Older homes are draughtier and costlier to heat.",
    ),
    Indicator(
        "gas_use_avg_m3",
        "Gemiddeld aardgasverbruik",
        "Average natural gas use",
        "Average yearly natural gas supplied per dwelling.",
        "m³",
        ("gas_use_avg_m3",),
        (f"{KWB}: GemiddeldAardgasverbruikTotaal", f"{UTRECHT}: aardgasverbruik_m3_gemiddeld"),
        True,
        1,
        "High gas use points to poorly insulated homes and high bills.",
    ),
    Indicator(
        "electricity_use_avg_kwh",
        "Gemiddeld elektriciteitsverbruik",
        "Average electricity use",
        "Average yearly electricity supplied per dwelling.",
        "kWh",
        ("electricity_use_avg_kwh",),
        (
            f"{KWB}: GemiddeldeElektriciteitsleveringTotaal",
            f"{UTRECHT}: elektriciteitsverbruik_kwh_gemiddeld",
        ),
        None,
        0,
        "Context only: high use can mean a large household as well as waste.",
    ),
    Indicator(
        "income_per_resident_avg_keur",
        "Gemiddeld inkomen per inwoner",
        "Average income per resident",
        "Average personal income per resident.",
        "x 1 000 euro",
        ("income_per_resident_avg_keur",),
        (f"{KWB}: GemiddeldInkomenPerInwoner", f"{INCOME_2020}: gemiddeld persoonlijk inkomen"),
        False,
        0,
        "Context: overlaps with the low-income share, so it weighs 0 by default.",
    ),
    Indicator(
        "woz_value_avg_keur",
        "Gemiddelde WOZ-waarde",
        "Average WOZ value",
        "Average value of dwellings for the property tax (WOZ).",
        "x 1 000 euro",
        ("woz_value_avg_keur",),
        (f"{KWB}: GemiddeldeWOZWaardeVanWoningen", f"{UTRECHT}: gemiddelde_woningwaarde"),
        False,
        0,
        "Context: cheap homes often mean older, less insulated homes, but not always.",
    ),
    Indicator(
        "leefbaarometer_score",
        "Leefbaarometer",
        "Leefbaarometer (liveability)",
        "Liveability score of the Leefbaarometer (BZK); higher is more liveable.",
        "score",
        ("leefbaarometer_score",),
        (f"{UTRECHT}: leefbarometer_score",),
        False,
        0,
        "Context: liveability matters for the social approach but is not about energy.",
    ),
    Indicator(
        "population_count",
        "Inwoners",
        "Inhabitants",
        "Number of inhabitants.",
        "aantal",
        ("population_count",),
        (f"{KWB}: AantalInwoners",),
        None,
        0,
        "Context only.",
    ),
    Indicator(
        "households_count",
        "Huishoudens",
        "Households",
        "Number of private households.",
        "aantal",
        ("households_count",),
        (f"{KWB}: HuishoudensTotaal", "CBS/PDOK Wijk- en buurtkaart 2024: huishoudens"),
        None,
        0,
        "Context only.",
    ),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
