"""Map CBS OData fields to variables using the table's own metadata (DataProperties).

CBS renumbers the field keys of "Kerncijfers wijken en buurten" every year
(`OppervlakteLand_113` in 2023, `OppervlakteLand_123` in 2024) and sometimes renames the key
itself (`GemiddeldeWoningwaarde_35` in 2019, `GemiddeldeWOZWaardeVanWoningen_39` in 2024). What
stays is the field's *title* and *unit*, so the named variables are matched on those: the title
compared without case, accents, spacing or punctuation, and allowing for CBS's habit of cutting
titles at 40 characters ("Gem. gestandaardiseerd inkomen van huish").
"""

import re
import unicodedata
from dataclasses import dataclass

from buurtkompas.pipeline.sources.base import VariableSpec

CBS_TITLE_LIMIT = 40  # CBS cuts DataProperties titles at 40 characters


@dataclass(frozen=True)
class Alias:
    """A named variable: the CBS titles it has carried (any year) and the units it may have."""

    key: str
    label_en: str
    titles: tuple[str, ...]
    units: tuple[str, ...]


def alias(key: str, label_en: str, titles, units) -> Alias:
    as_tuple = lambda v: (v,) if isinstance(v, str) else tuple(v)  # noqa: E731
    return Alias(key, label_en, as_tuple(titles), as_tuple(units))


COUNT, PCT, KEUR = "aantal", "%", "x 1 000 euro"
# Titles as CBS writes them in DataProperties; the years each was verified in are listed in
# docs/data-sources.md ("KWB field mapping 2019-2024"). A title that occurs twice in one table
# (e.g. "Nederland" under two groups) cannot be an alias: such a field gets a generated key.
ALIASES = (
    alias("population_count", "Inhabitants", "Aantal inwoners", COUNT),
    alias("men_count", "Men", "Mannen", COUNT),
    alias("women_count", "Women", "Vrouwen", COUNT),
    alias("age_15_25_count", "Residents aged 15 to 25", "15 tot 25 jaar", COUNT),
    alias("households_count", "Households", "Huishoudens totaal", COUNT),
    alias(
        "single_person_households_count",
        "Single-person households",
        "Eenpersoonshuishoudens",
        COUNT,
    ),
    alias(
        "household_size_avg_persons",
        "Average household size",
        "Gemiddelde huishoudensgrootte",
        (COUNT, "personen"),
    ),
    alias(
        "population_density_per_km2",
        "Population density",
        "Bevolkingsdichtheid",
        ("aantal inwoners per km²", "per km²"),
    ),
    alias("dwellings_count", "Dwelling stock", "Woningvoorraad", COUNT),
    alias("non_dwellings_count", "Non-residential stock", "Niet-woningvoorraad", COUNT),
    alias(
        "woz_value_avg_keur",
        "Average WOZ value of dwellings",
        ("Gemiddelde WOZ-waarde van woningen", "Gemiddelde woningwaarde"),
        KEUR,
    ),
    alias(
        "uninhabited_dwellings_pct",
        "Uninhabited dwellings",
        ("Onbewoonde woningen", "Percentage onbewoond"),
        PCT,
    ),
    alias("owner_occupied_dwellings_pct", "Owner-occupied dwellings", "Koopwoningen", PCT),
    alias("rental_dwellings_pct", "Rented dwellings", "Huurwoningen totaal", PCT),
    alias(
        "corporation_dwellings_pct",
        "Owned by a housing corporation",
        "In bezit woningcorporatie",
        PCT,
    ),
    alias(
        "other_landlord_dwellings_pct",
        "Owned by other landlords",
        "In bezit overige verhuurders",
        PCT,
    ),
    alias(
        "dwellings_built_over_10y_ago_pct",
        "Built more than ten years ago",
        "Bouwjaar meer dan tien jaar geleden",
        PCT,
    ),
    alias("dwellings_built_before_2000_pct", "Built before 2000", "Bouwjaar voor 2000", PCT),
    alias("dwellings_built_since_2000_pct", "Built in 2000 or later", "Bouwjaar vanaf 2000", PCT),
    alias(
        "electricity_use_avg_kwh",
        "Average electricity supplied per dwelling",
        (
            "Gemiddelde elektriciteitslevering totaal",
            "Gemiddeld elektriciteitsverbruik totaal",
        ),
        "kWh",
    ),
    alias(
        "gas_use_avg_m3",
        "Average natural gas use per dwelling",
        "Gemiddeld aardgasverbruik totaal",
        "m³",
    ),
    alias(
        "district_heating_dwellings_pct",
        "Dwellings with district heating",
        "Percentage woningen met stadsverwarming",
        PCT,
    ),
    alias(
        "students_hbo_count", "Students in higher professional education", "Studenten hbo", COUNT
    ),
    alias("students_wo_count", "University students", "Studenten wo", COUNT),
    alias(
        "income_per_resident_avg_keur",
        "Average income per resident",
        "Gemiddeld inkomen per inwoner",
        KEUR,
    ),
    alias(
        "households_income_lowest40_pct",
        "Households in the lowest 40% of income",
        "40% huishoudens met laagste inkomen",
        PCT,
    ),
    alias(
        "households_income_highest20_pct",
        "Households in the highest 20% of income",
        "20% huishoudens met hoogste inkomen",
        PCT,
    ),
    alias(
        "households_low_income_pct",
        "Households with a low income",
        "Huishoudens met een laag inkomen",
        PCT,
    ),
    alias(
        "households_social_minimum_pct",
        "Households at or below the social minimum",
        "Huishoudens onder of rond sociaal minimum",
        PCT,
    ),
    alias(
        "household_income_standardised_avg_keur",
        "Average standardised household income",
        "Gemiddeld gestandaardiseerd inkomen van huishoudens",
        KEUR,
    ),
    alias(
        "social_assistance_recipients_count",
        "People on social assistance",
        "Personen per soort uitkering; Bijstand",
        COUNT,
    ),
    alias("area_total_ha", "Total area", "Oppervlakte totaal", "ha"),
    alias("area_land_ha", "Land area", "Oppervlakte land", "ha"),
    alias("area_water_ha", "Water area", "Oppervlakte water", "ha"),
    alias(
        "urbanity_class",
        "Degree of urbanity (1 very strongly urban - 5 not urban)",
        "Mate van stedelijkheid",
        "code",
    ),
)
# CBS abbreviates some words in its 40-character titles; both spellings compare equal.
ABBREVIATIONS = {"gem": "gemiddeld", "huish": "huishoudens"}
UNIT_SUFFIX = {
    "aantal": "count",
    "%": "pct",
    "x 1 000 euro": "keur",
    "m³": "m3",
    "kWh": "kwh",
    "ha": "ha",
    "km": "km",
    "per km²": "per_km2",
    "per 1 000 inwoners": "per_1000",
}
NOT_FIGURES = {"naam", "omschrijving", "code"}


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def title_words(title: str) -> str:
    """A title as comparable words: no case, accents, punctuation; CBS abbreviations spelled out."""
    words = slug(title).split("_")
    return " ".join(ABBREVIATIONS.get(word, word) for word in words if word)


def title_matches(cbs_title: str, known: str) -> bool:
    """Equal words, or a CBS title cut at 40 characters that is the start of the known one."""
    got, want = title_words(cbs_title), title_words(known)
    if got == want:
        return True
    # A cut title may end in half a word ("... van huish"), so compare as a prefix.
    return len(cbs_title.rstrip()) >= CBS_TITLE_LIMIT - 1 and bool(got) and want.startswith(got)


def alias_for(prop: dict) -> Alias | None:
    title, unit = prop.get("Title") or "", (prop.get("Unit") or "").strip()
    for candidate in ALIASES:
        if unit in candidate.units and any(title_matches(title, t) for t in candidate.titles):
            return candidate
    return None


def topic_variables(properties: list[dict]) -> dict[str, VariableSpec]:
    """CBS field Key -> VariableSpec, for every numeric topic of the table."""
    by_id = {p.get("ID"): p for p in properties}
    topics = [p for p in properties if p.get("Type") == "Topic" and p.get("Datatype") != "String"]
    aliases = {p["Key"]: alias_for(p) for p in topics}
    taken = [a.key for a in aliases.values() if a]
    result = {}
    for prop in topics:
        found = aliases[prop["Key"]]
        if found and taken.count(found.key) > 1:
            found = None  # two fields with one title: neither is the named variable
        unit = (prop.get("Unit") or "").strip()
        if found is None and unit in NOT_FIGURES:
            continue
        result[prop["Key"]] = variable_for(prop, by_id, found)
    return result


def variable_for(prop: dict, by_id: dict, found: Alias | None) -> VariableSpec:
    unit = (prop.get("Unit") or "").strip()
    title = (prop.get("Title") or prop["Key"]).strip()
    description = (prop.get("Description") or "").strip()
    if found:
        return VariableSpec(found.key, title, found.label_en, unit, prop["Key"], description)
    path = group_titles(prop, by_id)
    label = " – ".join([*path[-2:], title]) if path else title
    suffix = UNIT_SUFFIX.get(unit, slug(unit))
    key = "kwb_" + slug("_".join([*path[1:], title]))[:90] + (f"_{suffix}" if suffix else "")
    return VariableSpec(key, label, "", unit, prop["Key"], description)


def group_titles(prop: dict, by_id: dict) -> list[str]:
    titles, parent = [], by_id.get(prop.get("ParentID"))
    while parent is not None:
        titles.insert(0, (parent.get("Title") or "").strip())
        parent = by_id.get(parent.get("ParentID"))
    return titles
