"""Bad input never half-loads an import.

Every broken file in tests/fixtures/bad/ (a few lines of the real CBS / PDOK formats, broken in
one way each) must stop `buurtkompas import` with a CommandError that names the file, the row or
feature and the column, and must leave the database exactly as it was. The second half covers
what a good file must do: load once, reload with --force, replace a changed figure, read a
GeoPackage (WGS84 and RD New), repair an invalid polygon and report what it read and skipped.
"""

import io
import json
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import box, shape

from buurtkompas.pipeline.archive import checksum
from buurtkompas.pipeline.models import ImportRun, RawFile
from buurtkompas.regions.models import (
    Dataset,
    NationalObservation,
    Observation,
    Region,
    Variable,
)

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
MODELS = (Region, Observation, ImportRun, Dataset, Variable, RawFile)
CODE_ERROR = "is not a CBS region code"


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run(source: str, path, *args) -> list[str]:
    out = io.StringIO()
    call_command("import", source, "--from", str(path), *args, stdout=out)
    return out.getvalue().splitlines()


def refused(source: str, path, where: str, says: str, *args, file: str = "") -> str:
    """Import `path`; expect "import failed, nothing was changed: <file>, <where>: ...<says>..."
    and an unchanged database. `where` is e.g. "row 17, column 'Wijkcode'" or "" for the file;
    `file` is the file to be named when `path` is a folder."""
    before = counts()
    with pytest.raises(CommandError) as failure:
        run(source, path, *args)
    message = str(failure.value)
    name = file or path.name
    located = f"{name}, {where}: " if where else f"{name}: "
    assert message.startswith("import failed, nothing was changed: " + located), message
    assert says in message, message
    assert counts() == before
    return message


# --- income: CBS custom table, ';', decimal comma, header block, 'Bron:' footer ---------------


def test_it_refuses_an_empty_income_file(db):
    refused("income", BAD / "income_empty.csv", "", "the file is empty")


def test_it_refuses_an_income_file_without_its_bron_footer(db):
    refused("income", BAD / "income_truncated_no_footer.csv", "row 18", "without its 'Bron:'")


def test_it_refuses_an_income_file_whose_last_row_is_short(db):
    refused("income", BAD / "income_short_last_row.csv", "row 18", "4 fields where 6")


def test_it_refuses_an_income_file_cut_in_the_middle_of_a_line(db):
    refused("income", BAD / "income_cut_mid_line.csv", "row 19", "1 fields where 6")


def test_it_refuses_an_income_file_with_the_wrong_delimiter(db):
    refused("income", BAD / "income_wrong_delimiter.csv", "row 1", "separated by ';' (found ',')")


def test_it_names_the_missing_key_column_of_an_income_file(db):
    refused(
        "income",
        BAD / "income_missing_key_column.csv",
        "row 10, column 'Wijkcode'",
        "missing key column",
    )


def test_it_refuses_a_malformed_wijk_code_in_an_income_file(db):
    refused("income", BAD / "income_malformed_code.csv", "row 17, column 'Wijkcode'", CODE_ERROR)


def test_it_refuses_an_unknown_kind_of_region_code_in_an_income_file(db):
    message = refused(
        "income", BAD / "income_unknown_code.csv", "row 15, column 'Gemeentecode'", CODE_ERROR
    )
    assert "'PV20'" in message


def test_it_refuses_a_buurt_code_in_the_wijkcode_column_of_an_income_file(db):
    refused(
        "income",
        BAD / "income_wrong_kind_of_code.csv",
        "row 17, column 'Wijkcode'",
        "BU00140100 is not a WK code",
    )


def test_it_refuses_a_duplicate_code_in_an_income_file(db):
    refused(
        "income",
        BAD / "income_duplicate_code.csv",
        "row 19, column 'Wijkcode'",
        "code WK001401 appears twice (also row 17)",
    )


def test_it_refuses_a_non_numeric_income_value(db):
    refused(
        "income",
        BAD / "income_non_numeric_value.csv",
        "row 17, column 'Huishoudens in de laagste 40% inkomens'",
        "'n.v.t.' is not a number",
    )


def test_it_refuses_a_nan_income_value_instead_of_storing_it(db):
    refused(
        "income",
        BAD / "income_nan_value.csv",
        "row 17, column 'Huishoudens in de laagste 40% inkomens'",
        "'NaN' is not a finite number",
    )


def test_it_refuses_an_income_file_with_a_header_but_no_rows(db):
    refused("income", BAD / "income_no_rows.csv", "", "no gemeente or wijk rows")


def test_it_refuses_a_year_that_does_not_match_the_income_file(db):
    refused(
        "income",
        BAD / "income_year_mismatch.csv",
        "",
        "--year 2021 does not match the file, which is for 2020",
        "--year",
        "2021",
    )


# --- kwb: CBS OData dump (JSON) or CBS CSV with the OData keys, metadata next to it -----------

KWB = BAD / "kwb"


def test_it_refuses_an_empty_kwb_data_file(db):
    refused("kwb", KWB / "kwb_empty.json", "", "the file is empty")


def test_it_refuses_a_kwb_json_dump_cut_midway(db):
    refused("kwb", KWB / "kwb_truncated.json", "", "invalid JSON at line 11")


def test_it_refuses_a_kwb_dump_without_rows(db):
    refused("kwb", KWB / "kwb_no_rows.json", "", "the file has no data rows")


def test_it_refuses_a_kwb_row_without_the_key_column(db):
    refused(
        "kwb",
        KWB / "kwb_missing_key_column.json",
        "row 2, column 'WijkenEnBuurten'",
        "missing key column",
    )


def test_it_refuses_a_malformed_region_code_in_a_kwb_dump(db):
    refused("kwb", KWB / "kwb_malformed_code.json", "row 2, column 'WijkenEnBuurten'", CODE_ERROR)


def test_it_refuses_an_unknown_kind_of_region_code_in_a_kwb_dump(db):
    refused("kwb", KWB / "kwb_unknown_code.json", "row 2, column 'WijkenEnBuurten'", "'PV20'")


def test_it_refuses_a_code_that_appears_twice_as_a_key_of_a_kwb_dump(db):
    # A JSON object keyed by code: json.loads alone would silently keep only the last one.
    refused(
        "kwb",
        KWB / "kwb_duplicate_code.json",
        "row 3, column 'WijkenEnBuurten'",
        "code GM0014 appears twice (also row 1)",
    )


def test_it_refuses_a_non_numeric_kwb_value(db):
    refused(
        "kwb",
        KWB / "kwb_non_numeric_value.json",
        "row 2, column 'AantalInwoners_5'",
        "'ca. 25000' is not a number",
    )


def test_it_refuses_a_nan_in_a_kwb_json_dump(db):
    refused("kwb", KWB / "kwb_nan_value.json", "row 2, column 'Mannen_6'", "is not a finite number")


def test_it_refuses_a_kwb_row_that_is_not_an_object(db):
    refused("kwb", KWB / "kwb_row_not_an_object.json", "row 2", "found int")


def test_it_refuses_a_year_that_does_not_match_the_kwb_table(db):
    refused(
        "kwb",
        KWB / "kwb_year_mismatch.json",
        "",
        "--year 2023 does not match the file, which is for 2024",
        "--year",
        "2023",
    )


def test_it_refuses_a_kwb_csv_with_the_wrong_delimiter(db):
    refused("kwb", KWB / "kwb_csv_wrong_delimiter.csv", "row 1", "wrong delimiter")


def test_it_refuses_a_kwb_csv_whose_last_row_is_short(db):
    refused("kwb", KWB / "kwb_csv_truncated.csv", "row 4", "4 fields where the header has 6")


def test_it_refuses_a_malformed_code_in_the_region_names_of_a_kwb_dump(db, tmp_path):
    dump = shutil.copytree(GOOD / "kwb_2024_small", tmp_path / "kwb_2024_bad_names")
    names = [{"Key": "GM0014    ", "Title": "Groningen"}, {"Key": "WK0014  ", "Title": "Centrum"}]
    (dump / "WijkenEnBuurten.json").write_text(json.dumps({"value": names}))
    refused("kwb", dump, "entry 2, column 'Key'", CODE_ERROR, file="WijkenEnBuurten.json")


# --- boundaries: GeoJSON FeatureCollection or GeoPackage ----------------------------------------


def test_it_refuses_an_empty_boundary_file(db):
    refused("boundaries", BAD / "boundaries_empty.geojson", "", "the file is empty")


def test_it_refuses_an_empty_geopackage_file(db):
    refused("boundaries", BAD / "boundaries_empty.gpkg", "", "not a GeoPackage")


def test_it_refuses_a_boundary_file_cut_midway(db):
    refused("boundaries", BAD / "boundaries_truncated.geojson", "", "looks truncated")


def test_it_refuses_a_boundary_file_without_features(db):
    refused("boundaries", BAD / "boundaries_no_features.geojson", "", "the file has no features")


def test_it_refuses_json_that_is_not_a_feature_collection(db):
    refused(
        "boundaries",
        BAD / "boundaries_not_a_feature_collection.geojson",
        "",
        "not a GeoJSON FeatureCollection",
    )


def test_it_refuses_a_feature_that_is_not_an_object(db):
    refused(
        "boundaries", BAD / "boundaries_not_a_feature.geojson", "feature 2", "not a GeoJSON Feature"
    )


def test_it_refuses_a_feature_without_its_code_property(db):
    refused(
        "boundaries",
        BAD / "boundaries_missing_key_column.geojson",
        "feature 2, column 'gemeentecode'",
        "missing code property",
    )


def test_it_refuses_a_malformed_gemeente_code(db):
    refused(
        "boundaries",
        BAD / "boundaries_malformed_code.geojson",
        "feature 2, column 'gemeentecode'",
        CODE_ERROR,
    )


def test_it_refuses_a_wijk_code_among_gemeente_boundaries(db):
    refused(
        "boundaries",
        BAD / "boundaries_unknown_code.geojson",
        "feature 2, column 'gemeentecode'",
        "WK003400 is not a gemeente code",
    )


def test_it_refuses_a_duplicate_boundary_code(db):
    refused(
        "boundaries",
        BAD / "boundaries_duplicate_code.geojson",
        "feature 4, column 'gemeentecode'",
        "code GM0014 appears twice (also feature 1)",
    )


def test_it_refuses_a_point_where_a_polygon_belongs(db):
    refused(
        "boundaries",
        BAD / "boundaries_point_geometry.geojson",
        "feature 2, column 'geometry'",
        "the geometry is a Point, not a polygon",
    )


def test_it_refuses_a_feature_without_geometry(db):
    refused(
        "boundaries",
        BAD / "boundaries_null_geometry.geojson",
        "feature 3, column 'geometry'",
        "the feature has no geometry",
    )


def test_it_refuses_a_polygon_without_area_that_cannot_be_repaired(db):
    refused(
        "boundaries",
        BAD / "boundaries_flat_polygon.geojson",
        "feature 2, column 'geometry'",
        "no area, not even after repair",
    )


def test_it_refuses_unreadable_polygon_coordinates(db):
    refused(
        "boundaries",
        BAD / "boundaries_unreadable_geometry.geojson",
        "feature 2, column 'geometry'",
        "unreadable geometry",
    )


def test_it_refuses_rd_coordinates_in_a_file_that_does_not_say_so(db):
    refused(
        "boundaries",
        BAD / "boundaries_rd_coordinates_without_crs.geojson",
        "feature 1, column 'geometry'",
        "not longitude/latitude",
    )


def test_it_refuses_a_non_numeric_boundary_attribute(db):
    refused(
        "boundaries",
        BAD / "boundaries_non_numeric_value.geojson",
        "feature 2, column 'bag_med_bouwjaar'",
        "'na 1990' is not a number",
    )


def test_it_refuses_a_year_that_does_not_match_the_boundary_file(db):
    refused(
        "boundaries",
        BAD / "boundaries_year_mismatch.geojson",
        "",
        "--year 2023 does not match the file, which is for 2024",
        "--year",
        "2023",
    )


def test_it_refuses_a_geopackage_blob_that_is_not_a_gpkg_geometry(db, tmp_path):
    path = write_geopackage(tmp_path / "gemeenten_2019.gpkg", 4326, groningen_and_almere())
    con = sqlite3.connect(path)
    con.execute("UPDATE gemeenten SET geom = ? WHERE gemeentecode = 'GM0034'", (b"\x01\x03",))
    con.commit()
    con.close()
    refused("boundaries", path, "feature 2, column 'geometry'", "not a GeoPackage geometry")


def test_it_refuses_a_geopackage_in_a_coordinate_system_it_cannot_read(db, tmp_path):
    path = write_geopackage(tmp_path / "gemeenten_2019.gpkg", 3857, groningen_and_almere())
    refused("boundaries", path, "column 'geom'", "is in srs 3857")


# --- energy-poverty: comma CSV with buurtcode, or GeoJSON with names only ---------------------


def test_it_refuses_an_empty_energy_poverty_file(db):
    refused("energy-poverty", BAD / "energy_poverty_empty.csv", "", "the file is empty")


def test_it_refuses_an_energy_poverty_file_with_only_a_header(db):
    refused("energy-poverty", BAD / "energy_poverty_header_only.csv", "", "no rows")


def test_it_refuses_an_energy_poverty_file_whose_last_row_is_short(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_short_last_row.csv",
        "row 4",
        "different number of fields",
    )


def test_it_refuses_an_energy_poverty_file_with_the_wrong_delimiter(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_wrong_delimiter.csv",
        "row 1",
        "expected ',', found ';'",
    )


def test_it_refuses_an_energy_poverty_file_without_buurtcode(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_missing_key_column.csv",
        "row 1, column 'buurtcode'",
        "missing key column",
    )


def test_it_refuses_a_malformed_buurt_code(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_malformed_code.csv",
        "row 3, column 'buurtcode'",
        CODE_ERROR,
    )


def test_it_counts_a_blank_line_when_it_names_the_row(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_blank_line_before_bad_code.csv",
        "row 4, column 'buurtcode'",
        "'BU0059001'",
    )


def test_it_refuses_a_wijk_code_in_the_buurtcode_column(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_unknown_code.csv",
        "row 3, column 'buurtcode'",
        "WK005900 is not a BU code",
    )


def test_it_refuses_a_duplicate_buurt_code(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_duplicate_code.csv",
        "row 5, column 'buurtcode'",
        "code BU00590000 appears twice (also row 2)",
    )


def test_it_refuses_a_non_numeric_energy_poverty_share(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_non_numeric_value.csv",
        "row 3, column 'pct_hh_energiearmoede'",
        "'14.4%' is not a number",
    )


def test_it_refuses_an_energy_poverty_geojson_cut_midway(db):
    refused("energy-poverty", BAD / "energy_poverty_truncated.geojson", "", "looks truncated")


def test_it_refuses_an_energy_poverty_geojson_that_is_a_bare_list(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_not_a_feature_collection.geojson",
        "",
        "not a GeoJSON FeatureCollection",
    )


def test_it_refuses_a_point_for_a_named_buurt(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_point_geometry.geojson",
        "feature 2, column 'geometry'",
        "a Point, not a polygon",
    )


def test_it_refuses_a_non_numeric_share_in_the_named_buurten_geojson(db):
    refused(
        "energy-poverty",
        BAD / "energy_poverty_non_numeric_value.geojson",
        "feature 2, column 'Percentage huishoudens met energiearmoede'",
        "'hoog' is not a number",
    )


# --- kwb-extract: a third party's comma CSV ---------------------------------------------------


def test_it_refuses_an_empty_kwb_extract(db):
    refused("kwb-extract", BAD / "kwb_extract_empty.csv", "", "the file is empty")


def test_it_refuses_a_truncated_kwb_extract(db):
    refused("kwb-extract", BAD / "kwb_extract_truncated.csv", "row 4", "different number of fields")


def test_it_refuses_a_tab_separated_kwb_extract(db):
    refused("kwb-extract", BAD / "kwb_extract_wrong_delimiter.csv", "row 1", "found '\\t'")


def test_it_refuses_a_kwb_extract_without_buurt_code(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_missing_key_column.csv",
        "row 1, column 'buurt_code'",
        "missing key column",
    )


def test_it_refuses_a_malformed_code_in_a_kwb_extract(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_malformed_code.csv",
        "row 3, column 'buurt_code'",
        CODE_ERROR,
    )


def test_it_refuses_a_gemeente_code_where_a_buurt_code_belongs(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_unknown_code.csv",
        "row 3, column 'buurt_code'",
        "GM0307 is not a BU code",
    )


def test_it_refuses_a_duplicate_code_in_a_kwb_extract(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_duplicate_code.csv",
        "row 5, column 'buurt_code'",
        "code BU03070100 appears twice (also row 2)",
    )


def test_it_refuses_a_non_numeric_value_in_a_kwb_extract(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_non_numeric_value.csv",
        "row 3, column 'aantal_inwoners'",
        "'onbekend' is not a number",
    )


def test_it_refuses_an_infinite_value_in_a_kwb_extract(db):
    refused(
        "kwb-extract",
        BAD / "kwb_extract_infinite_value.csv",
        "row 3, column 'gemiddelde_woningwaarde'",
        "'inf' is not a finite number",
    )


# --- malformed CSV: what the csv module cannot read, and NUL bytes -----------------------------
# Slices of the real files with one defect each. An unclosed quote swallows the rest of the file
# into one field; past the csv module's field size limit that is its own error, so the income
# fixture keeps the real file after the defect (gzipped, as is the one with a huge field).

MALFORMED_CSV = {
    "income, unclosed quote": (
        "income",
        "income_unclosed_quote.csv.gz",
        "row 16",
        'longer than 131072 characters: a quote (") that is never closed?',
    ),
    "kwb-extract, unclosed quote": (
        "kwb-extract",
        "kwb_extract_unclosed_quote.csv",
        "row 3",
        'different number of fields than the header (a quote (") that is never closed?)',
    ),
    "kwb-extract, field too long": (
        "kwb-extract",
        "kwb_extract_field_too_long.csv.gz",
        "row 4",
        "a field is longer than 131072 characters",
    ),
    "energy-poverty, carriage return": (
        "energy-poverty",
        "energy_poverty_carriage_return.csv",
        "row 3",
        "a line break (carriage return) inside a field that is not quoted",
    ),
    "kwb-extract, carriage return": (
        "kwb-extract",
        "kwb_extract_carriage_return.csv",
        "row 3",
        "carriage return",
    ),
    "income, NUL byte": (
        "income",
        "income_nul_byte.csv",
        "row 16, column 'Regionaam'",
        "a NUL byte in the field",
    ),
    "energy-poverty, NUL byte": (
        "energy-poverty",
        "energy_poverty_nul_byte.csv",
        "row 4, column 'buurtnaam'",
        "a NUL byte in the field",
    ),
    "kwb CSV, NUL byte": (
        "kwb",
        "kwb/kwb_csv_nul_byte.csv",
        "row 3, column 'Gemeentenaam_1'",
        "a NUL byte in the field",
    ),
}


@pytest.mark.parametrize("case", MALFORMED_CSV)
def test_it_names_the_file_and_row_of_a_csv_the_csv_module_cannot_read(db, case):
    source, name, where, says = MALFORMED_CSV[case]
    message = refused(source, BAD / name, where, says)
    assert "_csv.Error" not in message and "field limit" not in message


# --- good files: re-runs, replaced figures, summary --------------------------------------------

INCOME = GOOD / "income_2020_small.csv"
INCOME_DATASET = "cbs-inkomen-gemeente-wijk-2020"


def runs_of(path) -> list[ImportRun]:
    return list(ImportRun.objects.filter(sha256=checksum(path)))


def income_of_groningen() -> list[tuple[str, str, float]]:
    """The figures of the regions in the small income file (GM0014 and three of its wijken)."""
    return sorted(
        Observation.objects.filter(
            dataset__key=INCOME_DATASET,
            region__year=2023,
            region__code__in=["GM0014", "WK001400", "WK001401", "WK001402"],
        ).values_list("region__code", "variable__key", "value")
    )


def test_it_loads_an_identical_file_only_once(db):
    first = run("income", INCOME)
    loaded, figures = counts(), income_of_groningen()
    second = run("income", INCOME)
    assert counts() == loaded
    assert income_of_groningen() == figures
    [import_run] = runs_of(INCOME)
    assert "  figures loaded: 12" in first
    assert second[1] == "  already loaded from this exact file: nothing to do (use --force)"
    assert import_run.observations.count() == len(figures) == 12


def test_it_reloads_an_identical_file_with_force_without_duplicates(db):
    run("income", INCOME)
    loaded = counts()
    [earlier] = runs_of(INCOME)
    lines = run("income", INCOME, "--force")
    assert counts() == loaded
    [again] = runs_of(INCOME)
    assert again.pk != earlier.pk
    assert "  figures loaded: 12" in lines
    assert again.observations.count() == 12
    assert len(income_of_groningen()) == 12


def population_of_groningen_2024():
    return Observation.objects.filter(
        region__code="GM0014",
        region__year=2024,
        variable__key="population_count",
        dataset__table_id="85984NED",
        period=2024,
    )


def test_it_replaces_a_changed_figure_rather_than_adding_one(db, tmp_path):
    dump = shutil.copytree(GOOD / "kwb_2024_small", tmp_path / "kwb_2024_small")
    run("kwb", dump)
    loaded = counts()
    data = dump / "TypedDataSet.json"
    data.write_text(
        data.read_text().replace('"AantalInwoners_5": 243768', '"AantalInwoners_5": 243770')
    )
    run("kwb", dump)
    assert population_of_groningen_2024().get().value == 243770
    assert counts()["Observation"] == loaded["Observation"]
    assert counts()["ImportRun"] == loaded["ImportRun"] + 1


def test_it_reports_rows_read_loaded_skipped_and_codes_that_did_not_join(db):
    """The small dump has the national row, two 2024 regions and WK009000, a wijk of the 2023
    indeling that no longer exists in 2024 (its figures here are illustrative)."""
    dump = GOOD / "kwb_2024_small"
    lines = run("kwb", dump)
    assert lines[0].startswith("kwb 2024 from kwb_2024_small (sha256 ")
    assert lines[1:] == [
        "  rows read: 4",
        "  regions: 0 new, 0 updated",
        "  figures loaded: 7",  # 4 for GM0014, 3 for WK001400 whose dwelling stock is null
        "  national figures (the source's own Nederland row): 1",
        "  rows skipped: 0",
        "  codes that did not join: 1 (WK009000)",
    ]
    [import_run] = runs_of(dump)
    assert import_run.summary["not_joined"] == ["WK009000"]
    national = NationalObservation.objects.filter(import_run=import_run)
    assert [(n.variable.key, n.value) for n in national] == [("population_count", 17942942)]
    assert population_of_groningen_2024().get().value == 243768
    assert not Observation.objects.filter(
        import_run=import_run, region__code="WK001400", variable__key="dwellings_count"
    ).exists()


# --- GeoPackage and geometry repair ------------------------------------------------------------


def gpkg_blob(geom, srs: int, *, envelope: bool = False) -> bytes:
    """b'GP', version 0, flags (bit 0: little endian; bits 1-3: envelope kind), srs id, WKB."""
    flags = 0b1 | (0b10 if envelope else 0)
    header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs)
    if envelope:
        west, south, east, north = geom.bounds
        header += struct.pack("<4d", west, east, south, north)
    return header + shapely.to_wkb(geom, byte_order=1)


def write_geopackage(path, srs: int, rows, *, envelope: bool = False):
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL,"
        " identifier TEXT);"
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT,"
        " geometry_type_name TEXT, srs_id INTEGER, z TINYINT, m TINYINT);"
        "CREATE TABLE gemeenten (fid INTEGER PRIMARY KEY, geom BLOB, gemeentecode TEXT,"
        " gemeentenaam TEXT);"
        "INSERT INTO gpkg_contents VALUES ('gemeenten', 'features', 'gemeenten');"
    )
    con.execute(
        "INSERT INTO gpkg_geometry_columns VALUES ('gemeenten', 'geom', 'MULTIPOLYGON', ?, 0, 0)",
        (srs,),
    )
    con.executemany(
        "INSERT INTO gemeenten (geom, gemeentecode, gemeentenaam) VALUES (?, ?, ?)",
        [(gpkg_blob(geom, srs, envelope=envelope), code, name) for code, name, geom in rows],
    )
    con.commit()
    con.close()
    return path


def groningen_and_almere(rd: bool = False):
    if rd:  # RD New metres, about 1 km squares in the cities
        return [
            ("GM0014", "Groningen", box(233000, 581000, 234000, 582000)),
            ("GM0034", "Almere", box(141000, 487000, 142000, 488000)),
        ]
    return [
        ("GM0014", "Groningen", box(6.55, 53.20, 6.60, 53.23)),
        ("GM0034", "Almere", box(5.20, 52.35, 5.25, 52.38)),
    ]


def regions_2019() -> dict[str, Region]:
    return {r.code: r for r in Region.objects.filter(year=2019, level="gemeente")}


def test_it_reads_a_geopackage_in_wgs84(db, tmp_path):
    path = write_geopackage(tmp_path / "gemeenten_2019.gpkg", 4326, groningen_and_almere())
    lines = run("boundaries", path)
    assert "  regions: 2 new, 0 updated" in lines
    regions = regions_2019()
    assert {code: r.name for code, r in regions.items()} == {
        "GM0014": "Groningen",
        "GM0034": "Almere",
    }
    assert regions["GM0014"].bbox == [6.55, 53.2, 6.6, 53.23]
    assert shape(regions["GM0034"].geometry).equals(box(5.20, 52.35, 5.25, 52.38))


def test_it_reprojects_a_geopackage_in_rd_new_to_wgs84(db, tmp_path):
    rows = groningen_and_almere(rd=True)
    path = write_geopackage(tmp_path / "gemeenten_2019.gpkg", 28992, rows, envelope=True)
    run("boundaries", path)
    regions = regions_2019()
    assert set(regions) == {"GM0014", "GM0034"}
    for region in regions.values():
        west, south, east, north = region.bbox
        assert 4 < west < east < 7 and 50 < south < north < 54, region.bbox
    west, south, east, north = regions["GM0014"].bbox
    assert 6.5 < west < 6.6 and 53.2 < south < 53.25  # the city of Groningen


def test_it_repairs_a_self_intersecting_polygon_instead_of_dropping_it(db, tmp_path):
    bow_tie = [[6.50, 53.18], [6.60, 53.28], [6.60, 53.18], [6.50, 53.28], [6.50, 53.18]]
    features = [
        {
            "type": "Feature",
            "properties": {"gemeentecode": "GM0014", "gemeentenaam": "Groningen"},
            "geometry": {"type": "Polygon", "coordinates": [bow_tie]},
        }
    ]
    path = tmp_path / "gemeenten.geojson"
    collection = {"type": "FeatureCollection", "metadata": {"year": 2019}, "features": features}
    path.write_text(json.dumps(collection))
    assert "  regions: 1 new, 0 updated" in run("boundaries", path)
    region = Region.objects.get(code="GM0014", year=2019)
    repaired = shape(region.geometry)
    assert region.geometry_repaired
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert len(repaired.geoms) == 2
    assert repaired.area == pytest.approx(0.005, rel=0.01)  # two triangles, half the box
