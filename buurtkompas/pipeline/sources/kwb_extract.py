"""A third party's extract of Kerncijfers wijken en buurten with Leefbaarometer scores
(province of Utrecht, about 2020): renamed columns, decimal points, empty cells = missing.

Distance columns are not loaded: they are 0.0 for nearly every buurt, which looks like missing
values filled with zeros by the third party, and zeros must not pass for measurements.
"""

from pathlib import Path

from buurtkompas.pipeline.sources.base import DatasetSpec, Extract, VariableSpec
from buurtkompas.pipeline.sources.plain_csv import add_buurt_rows, read_table

KEY = "kwb-extract"
DEFAULT_YEAR = 2020


def v(key, nl, en, unit, field):
    return VariableSpec(key, nl, en, unit, field)


COLUMNS = {
    "aantal_inwoners": v(
        "population_count", "Aantal inwoners", "Inhabitants", "aantal", "aantal_inwoners"
    ),
    "aantal_huishoudens_met_kinderen_percentage": v(
        "households_with_children_pct",
        "Huishoudens met kinderen",
        "Households with children",
        "%",
        "aantal_huishoudens_met_kinderen_percentage",
    ),
    "gemiddelde_huishoudensgrootte": v(
        "household_size_avg_persons",
        "Gemiddelde huishoudensgrootte",
        "Average household size",
        "personen",
        "gemiddelde_huishoudensgrootte",
    ),
    "woningvoorraad": v(
        "dwellings_count", "Woningvoorraad", "Dwelling stock", "aantal", "woningvoorraad"
    ),
    "gemiddelde_woningwaarde": v(
        "woz_value_avg_keur",
        "Gemiddelde WOZ-waarde van woningen",
        "Average WOZ value of dwellings",
        "x 1 000 euro",
        "gemiddelde_woningwaarde",
    ),
    "meergezinswoning_percentage": v(
        "multifamily_dwellings_pct",
        "Meergezinswoningen",
        "Multi-family dwellings",
        "%",
        "meergezinswoning_percentage",
    ),
    "koopwoning_percentage": v(
        "owner_occupied_dwellings_pct",
        "Koopwoningen",
        "Owner-occupied dwellings",
        "%",
        "koopwoning_percentage",
    ),
    "bouwjaar_vanaf_2000_percentage": v(
        "dwellings_built_since_2000_pct",
        "Bouwjaar vanaf 2000",
        "Built in 2000 or later",
        "%",
        "bouwjaar_vanaf_2000_percentage",
    ),
    "aardgasverbruik_m3_gemiddeld": v(
        "gas_use_avg_m3",
        "Gemiddeld aardgasverbruik",
        "Average natural gas use per dwelling",
        "m³",
        "aardgasverbruik_m3_gemiddeld",
    ),
    "elektriciteitsverbruik_kwh_gemiddeld": v(
        "electricity_use_avg_kwh",
        "Gemiddelde elektriciteitslevering",
        "Average electricity supplied per dwelling",
        "kWh",
        "elektriciteitsverbruik_kwh_gemiddeld",
    ),
    "leefbarometer_score": v(
        "leefbaarometer_score",
        "Leefbaarometer-score",
        "Leefbaarometer score",
        "score",
        "leefbarometer_score",
    ),
}


# An average of 0 is impossible for these: the extract filled gaps with zeros.
IMPOSSIBLE_ZERO = {
    "gemiddelde_woningwaarde",
    "aardgasverbruik_m3_gemiddeld",
    "elektriciteitsverbruik_kwh_gemiddeld",
    "gemiddelde_huishoudensgrootte",
}
# A share of dwellings has no meaning where there are no dwellings.
DWELLING_SHARES = {
    "koopwoning_percentage",
    "meergezinswoning_percentage",
    "bouwjaar_vanaf_2000_percentage",
}


def missing_reason(row: dict, column: str, value: float) -> str | None:
    if value == 0 and column in IMPOSSIBLE_ZERO:
        return f"0 in {column} read as missing (impossible value; gaps were filled with 0)"
    if column in DWELLING_SHARES and (row.get("woningvoorraad") or "").strip() in ("", "0", "0.0"):
        return f"{column} read as missing: the buurt has no dwellings"
    return None


def dataset_for(year: int) -> DatasetSpec:
    return DatasetSpec(
        key="kwb-extract-utrecht",
        title=f"Kerncijfers wijken en buurten, provincie Utrecht (ca. {year}), met Leefbaarometer",
        publisher="CBS en BZK (Leefbaarometer), via derden",
        licence="CC BY 4.0",
        notes="A third party's extract with renamed columns; year not documented exactly.",
    )


def extract(path: Path, *, year: int | None, **_) -> Extract:
    path = Path(path)
    year = year or DEFAULT_YEAR
    rows = read_table(path, ["buurt_code", "gm_naam", "regio"])
    columns = {c: (spec, 1) for c, spec in COLUMNS.items() if c in rows[0][1]}
    out = Extract(
        source=KEY,
        indeling_year=year,
        period=year,
        period_is_approximate=True,
        dataset=dataset_for(year),
        region_mode="define",
        variables=[spec for spec, _ in columns.values()],
    )
    add_buurt_rows(
        path,
        rows,
        out,
        code_col="buurt_code",
        name_col="regio",
        gemeente_col="gm_naam",
        columns=columns,
        missing_reason=missing_reason,
    )
    return out
