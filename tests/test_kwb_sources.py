"""The local paths of the kwb source: the real OData dump folder in the shared data, a folder
saved as the API serves it, and a CBS CSV export, which must give the same numbers as the JSON.

tests/fixtures/kwb/kwb-2024-uitsnede.csv is a hand-made excerpt in the shape of a CBS CSV
export, with real CBS numbers (see the README next to it); tests/fixtures/odata/ holds answers
reconstructed in the shape of the CBS OData API, not live recordings.
"""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from buurtkompas.pipeline.sources import kwb
from buurtkompas.pipeline.sources.base import InputError
from buurtkompas.regions.models import Observation

CSV = "kwb-2024-uitsnede.csv"
CSV_CODES = {"GM0014", "WK001400", "WK001401", "GM0307", "WK030732", "WK003416"}
DUMP_FIELDS = {  # the eight fields of gemeenten-wijken-selectie.json
    "AantalInwoners_5",
    "Mannen_6",
    "Vrouwen_7",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteTotaal_122",
    "OppervlakteLand_123",
    "OppervlakteWater_124",
}


@pytest.fixture(scope="module")
def dump_folder(data_dir) -> Path:
    return data_dir / "cbs" / "kwb-2024-85984NED"


@pytest.fixture(scope="module")
def dump(dump_folder) -> dict:
    text = (dump_folder / "gemeenten-wijken-selectie.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def dump_extract(dump_folder):
    return kwb.extract(dump_folder, year=None)


@pytest.fixture
def csv_export(tmp_path, dump_folder, fixture_path) -> Path:
    """The CSV excerpt next to the real metadata of 85984NED, as a CBS download folder."""
    for name in ("TableInfos.json", "DataProperties.json"):
        shutil.copy(dump_folder / name, tmp_path / name)
    return Path(shutil.copy(fixture_path("kwb") / CSV, tmp_path / CSV))


def by_code(extract, codes=None) -> dict[tuple[str, str], float]:
    return {
        (o.code, o.variable): o.value
        for o in extract.observations
        if codes is None or o.code in codes
    }


def test_it_reads_the_real_dump_folder(dump_extract, dump):
    assert (dump_extract.period, dump_extract.indeling_year) == (2024, 2024)
    assert dump_extract.dataset.table_id == "85984NED"
    assert dump_extract.dataset.title == "Kerncijfers wijken en buurten 2024"
    assert dump_extract.rows_read == len(dump) == 3735
    # No WijkenEnBuurten.json in the dump: figures join to regions that are already there.
    assert (dump_extract.region_mode, dump_extract.regions) == ("join", [])
    published = sum(value is not None for fields in dump.values() for value in fields.values())
    assert len(dump_extract.observations) == published
    assert by_code(dump_extract, {"GM0014"})[("GM0014", "population_count")] == 243768.0


def test_it_keeps_the_dumps_nulls_missing_and_its_zeros_zero(dump_extract):
    vathorst = {
        variable: value for (_, variable), value in by_code(dump_extract, {"WK030732"}).items()
    }
    assert "dwellings_count" not in vathorst
    assert "population_density_per_km2" not in vathorst
    assert vathorst["population_count"] == 0.0
    assert vathorst["area_total_ha"] == 127.0


def test_it_refuses_a_year_the_dump_is_not_for(dump_folder):
    with pytest.raises(InputError, match="--year 2023 does not match the file, which is for 2024"):
        kwb.extract(dump_folder, year=2023)


def test_it_finds_the_dump_already_loaded_by_the_session(dump_folder, db):
    out = io.StringIO()
    call_command("import", "kwb", "--from", str(dump_folder), stdout=out)
    assert "already loaded from this exact file" in out.getvalue()


def test_it_reads_a_cbs_csv_export_with_the_same_numbers_as_the_json(csv_export, dump_extract):
    from_csv = kwb.extract(csv_export, year=None)

    assert from_csv.period == 2024 and from_csv.dataset.table_id == "85984NED"
    assert from_csv.rows_read == 7
    assert from_csv.skipped == []
    # The NL00 row is the published national figure, kept apart from the areas.
    assert from_csv.national and all(not o.code.startswith("NL") for o in from_csv.observations)
    in_both = {spec.key for spec in dump_extract.variables if spec.source_field in DUMP_FIELDS}
    csv_figures = {k: v for k, v in by_code(from_csv).items() if k[1] in in_both}
    assert csv_figures == by_code(dump_extract, CSV_CODES)
    assert len(csv_figures) == 6 * 8 - 3  # three values are suppressed ('.' here, null there)


def test_it_reads_decimal_commas_and_padded_codes_in_the_csv(csv_export, data_dir):
    wijken = json.loads((data_dir / "geo" / "wijken_2024.geojson").read_text(encoding="utf-8"))
    pdok = {f["properties"]["wijkcode"]: f["properties"] for f in wijken["features"]}
    sizes = {
        code: value
        for (code, variable), value in by_code(kwb.extract(csv_export, year=None)).items()
        if variable == "household_size_avg_persons" and code.startswith("WK")
    }
    # '.' for WK030732, which PDOK publishes without a household size either.
    assert sizes == {"WK001400": 1.2, "WK001401": 1.4, "WK003416": 2.3}
    assert all(pdok[code]["gem_huishouden_grootte"] == size for code, size in sizes.items())
    assert pdok["WK030732"].get("gem_huishouden_grootte") is None


def test_it_imports_the_csv_export_through_the_command(csv_export, db):
    out = io.StringIO()
    call_command("import", "kwb", "--from", str(csv_export), stdout=out)

    assert "codes that did not join: 0" in out.getvalue()
    cbs = Observation.objects.filter(dataset__table_id="85984NED", period=2024, region__year=2024)
    centrum = cbs.filter(region__code="WK001400")
    assert centrum.get(variable__key="household_size_avg_persons").value == 1.2
    assert centrum.get(variable__key="population_count").value == 24920.0
    assert not cbs.filter(region__code="WK030732", variable__key="dwellings_count").exists()


def test_it_reads_a_folder_saved_as_the_api_serves_it(tmp_path, dump_folder, fixture_path):
    """Every file in the API's {"odata.metadata": ..., "value": [...]} envelope."""
    for name in ("TableInfos.json", "DataProperties.json"):
        value = json.loads((dump_folder / name).read_text(encoding="utf-8"))
        (tmp_path / name).write_text(json.dumps({"value": value}), encoding="utf-8")
    for name in ("WijkenEnBuurten.json", "TypedDataSet.json"):
        shutil.copy(fixture_path("odata") / "85984NED" / name, tmp_path / name)

    extract = kwb.extract(tmp_path, year=None)

    assert extract.region_mode == "define"
    names = {region.code: region.name for region in extract.regions}
    assert names["BU00140001"] == "Binnenstad-Zuid" and names["GM0307"] == "Amersfoort"
    assert len(names) == 9  # NL00 is not a region
    assert by_code(extract, {"WK001400"})[("WK001400", "population_count")] == 24920.0
