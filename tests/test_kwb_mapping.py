"""KWB fields are mapped by title and unit from each year's DataProperties, never by key.

The 2024 DataProperties are the real file in the shared data. For 2023 (85618NED) the fixture
tests/fixtures/online/kwb-85618NED-DataProperties-excerpt.json holds only the keys verified in
public code (see tests/fixtures/online/README.md): the keys are real, the numbering differs from
2024 (`Bevolkingsdichtheid_34` in both, `OppervlakteLand_113` against `OppervlakteLand_123`).
"""

import json

import pytest

from buurtkompas.pipeline.sources.cbs_metadata import title_matches, topic_variables


@pytest.fixture(scope="module")
def properties_2024(data_dir):
    path = data_dir / "cbs" / "kwb-2024-85984NED" / "DataProperties.json"
    return json.loads(path.read_text(encoding="utf-8"))


def keys(variables) -> dict[str, str]:
    return {field: spec.key for field, spec in variables.items() if not spec.key.startswith("kwb_")}


def test_it_names_the_fields_the_index_and_profiles_use_in_2024(properties_2024):
    named = keys(topic_variables(properties_2024))
    assert named["HuishoudensMetEenLaagInkomen_89"] == "households_low_income_pct"
    assert named["Eenpersoonshuishoudens_30"] == "single_person_households_count"
    assert named["k_15Tot25Jaar_9"] == "age_15_25_count"
    assert named["StudentenHbo_73"] == "students_hbo_count"
    assert named["StudentenWo_74"] == "students_wo_count"
    assert named["NietWoningvoorraad_37"] == "non_dwellings_count"
    assert named["OnbewoondeWoningen_46"] == "uninhabited_dwellings_pct"
    assert named["MateVanStedelijkheid_127"] == "urbanity_class"  # unit "code", yet a figure
    assert "Dekkingspercentage_126" not in topic_variables(properties_2024)  # code, no alias


def test_it_keeps_the_keys_other_code_depends_on(properties_2024):
    named = set(keys(topic_variables(properties_2024)).values())
    assert {
        "households_income_lowest40_pct",
        "households_low_income_pct",
        "households_social_minimum_pct",
        "corporation_dwellings_pct",
        "owner_occupied_dwellings_pct",
        "gas_use_avg_m3",
        "population_count",
        "households_count",
        "dwellings_count",
        "area_land_ha",
        "household_income_standardised_avg_keur",
        "woz_value_avg_keur",
    } <= named


def test_it_reads_titles_cut_at_40_characters_and_abbreviated():
    # Real 2024 titles: cut at 40 characters, and "Huish." for "Huishoudens".
    assert title_matches(
        "Gem. gestandaardiseerd inkomen van huish",
        "Gemiddeld gestandaardiseerd inkomen van huishoudens",
    )
    assert title_matches(
        "Huish. onder of rond sociaal minimum", "Huishoudens onder of rond sociaal minimum"
    )
    assert title_matches("Gemiddeld inkomen per inwoner  ", "Gemiddeld inkomen per inwoner")
    # A short title is never a prefix match.
    assert not title_matches("Huishoudens", "Huishoudens met een laag inkomen")


def test_it_maps_the_2023_keys_by_their_titles(fixture_path):
    path = fixture_path("online") / "kwb-85618NED-DataProperties-excerpt.json"
    variables = topic_variables(json.loads(path.read_text(encoding="utf-8"))["value"])
    assert keys(variables) == {
        "AantalInwoners_5": "population_count",
        "Bevolkingsdichtheid_34": "population_density_per_km2",
        "OppervlakteLand_113": "area_land_ha",
    }


def test_it_needs_the_unit_as_well_as_the_title(properties_2024):
    changed = [
        dict(p, Unit="%") if p.get("Key") == "AantalInwoners_5" else p for p in properties_2024
    ]
    spec = topic_variables(changed)["AantalInwoners_5"]
    assert spec.key.startswith("kwb_")  # "Aantal inwoners" in % is not population_count


def test_it_names_neither_of_two_fields_with_one_title(properties_2024):
    twice = [
        *properties_2024,
        {**next(p for p in properties_2024 if p.get("Key") == "Koopwoningen_47"), "Key": "X_999"},
    ]
    variables = topic_variables(twice)
    assert variables["Koopwoningen_47"].key.startswith("kwb_")
    assert variables["X_999"].key.startswith("kwb_")
