"""Map CBS OData fields to variables using the table's own metadata (DataProperties)."""

import re
import unicodedata

from buurtkompas.pipeline.sources.base import VariableSpec

# CBS field stems (the Key without its _NN position suffix, which changes between years)
# that Buurtkompas names explicitly. Every other numeric topic gets a generated key.
ALIASES = {
    "AantalInwoners": ("population_count", "Inhabitants"),
    "Mannen": ("men_count", "Men"),
    "Vrouwen": ("women_count", "Women"),
    "HuishoudensTotaal": ("households_count", "Households"),
    "GemiddeldeHuishoudensgrootte": ("household_size_avg_persons", "Average household size"),
    "Bevolkingsdichtheid": ("population_density_per_km2", "Population density"),
    "Woningvoorraad": ("dwellings_count", "Dwelling stock"),
    "GemiddeldeWOZWaardeVanWoningen": ("woz_value_avg_keur", "Average WOZ value of dwellings"),
    "Koopwoningen": ("owner_occupied_dwellings_pct", "Owner-occupied dwellings"),
    "HuurwoningenTotaal": ("rental_dwellings_pct", "Rented dwellings"),
    "InBezitWoningcorporatie": ("corporation_dwellings_pct", "Owned by a housing corporation"),
    "InBezitOverigeVerhuurders": ("other_landlord_dwellings_pct", "Owned by other landlords"),
    "BouwjaarMeerDanTienJaarGeleden": (
        "dwellings_built_over_10y_ago_pct",
        "Built more than ten years ago",
    ),
    "GemiddeldeElektriciteitsleveringTotaal": (
        "electricity_use_avg_kwh",
        "Average electricity supplied per dwelling",
    ),
    "GemiddeldAardgasverbruikTotaal": ("gas_use_avg_m3", "Average natural gas use per dwelling"),
    "PercentageWoningenMetStadsverwarming": (
        "district_heating_dwellings_pct",
        "Dwellings with district heating",
    ),
    "GemiddeldInkomenPerInwoner": ("income_per_resident_avg_keur", "Average income per resident"),
    "k_40HuishoudensMetLaagsteInkomen": (
        "households_income_lowest40_pct",
        "Households in the lowest 40% of income",
    ),
    "k_20HuishoudensMetHoogsteInkomen": (
        "households_income_highest20_pct",
        "Households in the highest 20% of income",
    ),
    "HuishoudensMetEenLaagInkomen": ("households_low_income_pct", "Households with a low income"),
    "HuishOnderOfRondSociaalMinimum": (
        "households_social_minimum_pct",
        "Households at or below the social minimum",
    ),
    "GemGestandaardiseerdInkomenVanHuish": (
        "household_income_standardised_avg_keur",
        "Average standardised household income",
    ),
    "OppervlakteTotaal": ("area_total_ha", "Total area"),
    "OppervlakteLand": ("area_land_ha", "Land area"),
    "OppervlakteWater": ("area_water_ha", "Water area"),
    "PersonenPerSoortUitkeringBijstand": (
        "social_assistance_recipients_count",
        "People on social assistance",
    ),
}
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


def stem(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def topic_variables(properties: list[dict]) -> dict[str, VariableSpec]:
    """CBS field Key -> VariableSpec, for every numeric topic of the table."""
    by_id = {p.get("ID"): p for p in properties}
    result = {}
    for prop in properties:
        if prop.get("Type") != "Topic" or (prop.get("Unit") or "").strip() in NOT_FIGURES:
            continue
        if prop.get("Datatype") == "String":
            continue
        result[prop["Key"]] = variable_for(prop, by_id)
    return result


def variable_for(prop: dict, by_id: dict) -> VariableSpec:
    unit = (prop.get("Unit") or "").strip()
    title = (prop.get("Title") or prop["Key"]).strip()
    description = (prop.get("Description") or "").strip()
    alias = ALIASES.get(stem(prop["Key"]))
    if alias:
        return VariableSpec(alias[0], title, alias[1], unit, prop["Key"], description)
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
