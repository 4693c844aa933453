"""The indicator registry: what the atlas shows and how each indicator counts in the need index.

An indicator reads one or more variables (Variable.key) that the pipeline loaded; the first
variable that a region has, in the order given, is used. `higher_is_worse` orients an indicator
for the need index: True means a higher value points to more need, False means a lower value
does, None means context only (never part of the index). The building blocks are published CBS
definitions of the people the position paper is about: households with a low income or around
the social minimum (both without students, as CBS counts them), energy poverty as the CBS/TNO
monitor measures it, corporation housing and old housing. Raw gas use is context only: across
areas it rises with house value and owner-occupation, so it points to wealth as often as to need.
`includes_students` marks a figure that counts student households; areas mostly lived in by
students leave such an indicator out (see atlas/quality.py). docs/indicators.md is generated
from this file (`buurtkompas indicators_doc`) and a test keeps the two equal.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


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
    includes_students: bool = False
    definition_source: str = ""  # where the definition is published

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_nl

    @property
    def in_index(self) -> bool:
        return self.higher_is_worse is not None


KWB = "CBS Kerncijfers wijken en buurten (85984NED for 2024, 85618NED for 2023, …)"
INCOME_2020 = "CBS maatwerktabel Inkomen per gemeente en wijk 2020, indeling 2023"
UTRECHT = "Kerncijfers extract provincie Utrecht, ca. 2020 (third party)"
MONITOR = "CBS/TNO Monitor Energiearmoede (per buurt, wijk and gemeente)"
KWB_NOTE = (
    "CBS, Toelichting Kerncijfers wijken en buurten (DataProperties of table 85984NED, field "
    "description)"
)
MONITOR_NOTE = (
    "CBS, Methodedocument Monitor Energiearmoede 2019-2022 (2024); VNG/DEGO theme 'Energie armoede'"
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "low_income_households_pct",
        "Huishoudens met een laag inkomen",
        "Households with a low income",
        _(
            "Share of private households whose income, corrected for price changes, is below the "
            "CBS low-income line. Student households and households with an income for part of the "
            "year are not counted."
        ),
        "%",
        ("households_low_income_pct",),
        (f"{KWB}: HuishoudensMetEenLaagInkomen",),
        True,
        3,
        _(
            "Low income is the core of energy poverty: these households cannot pay for measures. "
            "The CBS definition leaves students out, so student areas do not rise to the top."
        ),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "social_minimum_households_pct",
        "Huishoudens rond het sociaal minimum",
        "Households at or below the social minimum",
        _(
            "Share of private households with an income under or around the social minimum "
            "(up to 101 percent of it). Student households and households with an income for "
            "part of the year are not counted."
        ),
        "%",
        ("households_social_minimum_pct",),
        (f"{KWB}: HuishOnderOfRondSociaalMinimum",),
        True,
        3,
        _(
            "Households around the social minimum have no room for any energy cost; like the "
            "low-income share it leaves students out."
        ),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "lowest40_households_pct",
        "Huishoudens in de laagste 40% inkomens",
        "Households in the national lowest 40% of incomes",
        _(
            "Share of private households that belong to the 40 percent of households in the "
            "Netherlands with the lowest disposable income. Not corrected for household size, "
            "and student households are counted: areas where mostly students live score high."
        ),
        "%",
        ("households_income_lowest40_pct",),
        (
            f"{KWB}: k_40HuishoudensMetLaagsteInkomen",
            f"{INCOME_2020}: 40% huishoudens met laagste besteedbaar inkomen",
        ),
        True,
        1,
        _(
            "Demoted: it counts students and is not standardised for household size. It weighs 1 "
            "because for wijken it is often the only income figure there is; areas mostly lived in "
            "by students leave it out."
        ),
        includes_students=True,
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "energy_poverty_lihelek_pct",
        "Huishoudens in energiearmoede (LIHE en/of LILEK)",
        "Households in energy poverty (LIHE and/or LILEK)",
        _(
            "Share of households with a low income (at most 130 percent of the CBS low-income "
            "line) and savings under the limit, that also have a high energy bill (LIHE) and/or "
            "live in a home of low energy quality (LILEK): the monitor's headline figure."
        ),
        "%",
        ("energy_poverty_lihelek_pct",),
        (f"{MONITOR}: LIHE en/of LILEK",),
        True,
        3,
        _("The direct, published measure of the problem Buurtkompas exists for."),
        definition_source=MONITOR_NOTE,
    ),
    Indicator(
        "energy_poverty_heq_pct",
        "Huishoudens met een hoge energiequote",
        "Households with a high energy quote",
        _(
            "Share of households whose energy bill is 10 percent of their income or more (HEQ): "
            "energy cost relative to income."
        ),
        "%",
        ("energy_poverty_heq_pct",),
        (f"{MONITOR}: HEQ",),
        True,
        1,
        _(
            "Energy cost relative to income, the affordability side; weighs 1 because it overlaps "
            "with LIHE."
        ),
        definition_source=MONITOR_NOTE,
    ),
    Indicator(
        "energy_poverty_lekwi_pct",
        "Slechte woning, weinig geld om te verbeteren (LEKWI)",
        "Low energy quality, little means to invest (LEKWI)",
        _(
            "Share of households in a home of low energy quality with little means to make it more "
            "sustainable (tenants, and owners with too little income or savings)."
        ),
        "%",
        ("energy_poverty_lekwi_pct",),
        (f"{MONITOR}: LEKWI",),
        True,
        1,
        _("The households the energy transition leaves behind unless someone helps."),
        definition_source=MONITOR_NOTE,
    ),
    Indicator(
        "energy_poverty_lihe_pct",
        "Laag inkomen, hoge energierekening (LIHE)",
        "Low income, high energy bill (LIHE)",
        _(
            "Share of households with a low income, savings under the limit and an energy bill "
            "above the threshold."
        ),
        "%",
        ("energy_poverty_lihe_pct",),
        (f"{MONITOR}: LIHE",),
        None,
        0,
        _("Context only: already part of the headline LIHE and/or LILEK figure."),
        definition_source=MONITOR_NOTE,
    ),
    Indicator(
        "energy_poverty_lilek_pct",
        "Laag inkomen, slechte woning (LILEK)",
        "Low income, low energy quality (LILEK)",
        _(
            "Share of households with a low income, savings under the limit and a home of low "
            "energy quality."
        ),
        "%",
        ("energy_poverty_lilek_pct",),
        (f"{MONITOR}: LILEK",),
        None,
        0,
        _("Context only: already part of the headline LIHE and/or LILEK figure."),
        definition_source=MONITOR_NOTE,
    ),
    Indicator(
        "energy_poverty_households_pct",
        "Huishoudens in energiearmoede (Friesland)",
        "Households in energy poverty (Friesland file)",
        _(
            "Share of households in energy poverty as published for buurten in Friesland; the "
            "publisher does not document the definition or the year."
        ),
        "%",
        ("energy_poverty_households_pct",),
        (
            "Energiearmoede per buurt, Friesland (ca. 2020; publisher and definition not "
            "documented)",
        ),
        True,
        1,
        _(
            "Demoted to 1: it measures the right thing, but its definition and year are unknown, "
            "so it cannot be compared with the CBS/TNO monitor."
        ),
    ),
    Indicator(
        "corporation_dwellings_pct",
        "Huurwoningen van een woningcorporatie",
        "Dwellings owned by a housing corporation",
        _(
            "Share of dwellings owned by a housing corporation (toegelaten instelling). This is "
            "ownership, not rent level."
        ),
        "%",
        ("corporation_dwellings_pct",),
        (f"{KWB}: InBezitWoningcorporatie", "Energiearmoede Friesland CSV: pct_wooncorporatie"),
        True,
        2,
        _(
            "Three quarters of energy-poor households rent from a corporation; tenants depend on "
            "their landlord for insulation, and the corporation is a partner to work with."
        ),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "owner_occupied_dwellings_pct",
        "Koopwoningen",
        "Owner-occupied dwellings",
        _("Share of dwellings lived in by their owner."),
        "%",
        ("owner_occupied_dwellings_pct",),
        (
            f"{KWB}: Koopwoningen",
            f"{UTRECHT}: koopwoning_percentage",
            "Energiearmoede Friesland CSV: pct_koopwoningen",
        ),
        False,
        1,
        _(
            "Fewer owners means more tenants who cannot improve their home themselves; it overlaps "
            "with the corporation share, so it weighs 1."
        ),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "rental_dwellings_pct",
        "Huurwoningen",
        "Rented dwellings",
        _("Share of dwellings that are rented (corporation and other landlords)."),
        "%",
        ("rental_dwellings_pct",),
        (f"{KWB}: HuurwoningenTotaal",),
        True,
        0,
        _("Context: the mirror image of owner-occupied dwellings, so it weighs 0 by default."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "dwellings_built_since_2000_pct",
        "Woningen gebouwd vanaf 2000",
        "Dwellings built in 2000 or later",
        _(
            "Share of dwellings built in 2000 or later; a low share means an older housing stock "
            "(homes built before the stricter insulation rules)."
        ),
        "%",
        ("dwellings_built_since_2000_pct",),
        (f"{UTRECHT}: bouwjaar_vanaf_2000_percentage",),
        False,
        1,
        _("Older homes are draughtier and costlier to heat."),
    ),
    Indicator(
        "construction_year_median",
        "Mediaan bouwjaar",
        "Median construction year",
        _("Median construction year of the addresses in the area (BAG)."),
        "jaar",
        ("addresses_construction_year_median",),
        ("CBS/PDOK Wijk- en buurtkaart 2024: bag_med_bouwjaar",),
        False,
        1,
        _("Older homes are draughtier and costlier to heat."),
    ),
    Indicator(
        "gas_use_avg_m3",
        "Gemiddeld aardgasverbruik",
        "Average natural gas use",
        _("Average yearly natural gas supplied per dwelling."),
        "m³",
        ("gas_use_avg_m3",),
        (f"{KWB}: GemiddeldAardgasverbruikTotaal", f"{UTRECHT}: aardgasverbruik_m3_gemiddeld"),
        None,
        0,
        _(
            "Context only: high gas use is not need. Across the Utrecht buurten it rises with the "
            "WOZ value (Spearman 0.69) and with owner-occupation: large, expensive homes use most. "
            "Energy poverty is about cost relative to income and the quality of the home (HEQ, "
            "LILEK, LEKWI)."
        ),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "electricity_use_avg_kwh",
        "Gemiddeld elektriciteitsverbruik",
        "Average electricity use",
        _("Average yearly electricity supplied per dwelling."),
        "kWh",
        ("electricity_use_avg_kwh",),
        (
            f"{KWB}: GemiddeldeElektriciteitsleveringTotaal",
            f"{UTRECHT}: elektriciteitsverbruik_kwh_gemiddeld",
        ),
        None,
        0,
        _("Context only: high use can mean a large household as well as waste."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "income_per_resident_avg_keur",
        "Gemiddeld inkomen per inwoner",
        "Average income per resident",
        _("Average personal income per resident (students included)."),
        "x 1 000 euro",
        ("income_per_resident_avg_keur",),
        (f"{KWB}: GemiddeldInkomenPerInwoner", f"{INCOME_2020}: gemiddeld persoonlijk inkomen"),
        False,
        0,
        _("Context: overlaps with the income shares and counts students, so it weighs 0."),
        includes_students=True,
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "woz_value_avg_keur",
        "Gemiddelde WOZ-waarde",
        "Average WOZ value",
        _("Average value of dwellings for the property tax (WOZ)."),
        "x 1 000 euro",
        ("woz_value_avg_keur",),
        (f"{KWB}: GemiddeldeWOZWaardeVanWoningen", f"{UTRECHT}: gemiddelde_woningwaarde"),
        False,
        0,
        _("Context: cheap homes often mean older, less insulated homes, but not always."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "leefbaarometer_score",
        "Leefbaarometer",
        "Leefbaarometer (liveability)",
        _("Liveability score of the Leefbaarometer (BZK); higher is more liveable."),
        "score",
        ("leefbaarometer_score",),
        (f"{UTRECHT}: leefbarometer_score",),
        False,
        0,
        _("Context: liveability matters for the social approach but is not about energy."),
    ),
    Indicator(
        "population_count",
        "Inwoners",
        "Inhabitants",
        _("Number of inhabitants."),
        "aantal",
        ("population_count",),
        (f"{KWB}: AantalInwoners",),
        None,
        0,
        _("Context; also decides whether an area is large enough to rank."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "households_count",
        "Huishoudens",
        "Households",
        _("Number of private households."),
        "aantal",
        ("households_count",),
        (f"{KWB}: HuishoudensTotaal", "CBS/PDOK Wijk- en buurtkaart 2024: huishoudens"),
        None,
        0,
        _("Context; more households than dwellings points to rooms let to students."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "dwellings_count",
        "Woningen",
        "Dwellings",
        _("Number of dwellings (the dwelling stock on 1 January)."),
        "aantal",
        ("dwellings_count",),
        (f"{KWB}: Woningvoorraad", f"{UTRECHT}: woningvoorraad"),
        None,
        0,
        _("Context; decides whether an area is mostly non-residential."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "non_dwellings_count",
        "Niet-woningen",
        "Non-residential buildings",
        _("Number of buildings without a dwelling function (offices, shops, industry)."),
        "aantal",
        ("non_dwellings_count",),
        (f"{KWB}: NietWoningvoorraad",),
        None,
        0,
        _("Context; decides whether an area is mostly non-residential."),
        definition_source=KWB_NOTE,
    ),
    Indicator(
        "young_adults_pct",
        "Inwoners van 15 tot 25 jaar",
        "Residents aged 15 to 25",
        _("Share of the inhabitants aged 15 to 24."),
        "%",
        ("age_15_25_pct",),
        ("CBS/PDOK Wijk- en buurtkaart 2024: 15_25",),
        None,
        0,
        _("Context; decides whether an area is mostly lived in by students."),
    ),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
