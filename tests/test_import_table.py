"""`buurtkompas import table`: a gemeente's or team's own figures by region code, in the three
layouts it recognises (manifest, CBS custom-table export, PDOK/CBS wide file), and TopoJSON
boundaries. The fixtures in tests/fixtures/own_table are hand-made examples, not CBS figures."""

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtkompas.pipeline.models import ImportRun
from buurtkompas.regions.models import NationalObservation, Observation, Region, Variable

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "own_table"


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import", "table", "--from", str(path), *args, stdout=out)
    return out.getvalue()


def figure(code: str, variable: str, year: int = 2024) -> float | None:
    found = Observation.objects.filter(
        region__code=code, region__year=year, variable__key=variable
    ).first()
    return found.value if found else None


def refused(path, says: str, *args) -> str:
    before = (Observation.objects.count(), ImportRun.objects.count(), Variable.objects.count())
    with pytest.raises(CommandError) as failure:
        run(path, *args)
    message = str(failure.value)
    assert message.startswith("import failed, nothing was changed: ")
    assert says in message, message
    after = (Observation.objects.count(), ImportRun.objects.count(), Variable.objects.count())
    assert after == before
    return message


# --- the three layouts ---------------------------------------------------------------------


def test_it_loads_a_folder_with_a_manifest_and_names_what_did_not_join(db):
    report = run(FIXTURES / "vocht_2024")
    assert figure("WK059915", "damp_reports_count") == 41
    assert figure("WK059915", "damp_reports_solved_pct") == 62.5
    assert figure("WK059901", "damp_reports_count") == 7
    assert figure("WK059901", "damp_reports_solved_pct") is None  # empty: missing, not zero
    assert "codes that did not join: 1 (WK009999)" in report
    variable = Variable.objects.get(key="damp_reports_solved_pct")
    assert (variable.label_nl, variable.unit) == ("Opgelost binnen 6 weken", "%")
    dataset = Observation.objects.filter(variable=variable).first().dataset
    assert dataset.publisher.startswith("Gemeente Rotterdam") and dataset.licence == "CC BY 4.0"


def test_it_detects_a_cbs_custom_table_export_and_keeps_its_nederland_row(db):
    run(FIXTURES / "cbs_maatwerk_2022.csv")
    key = "own_huishoudens_met_energietoeslag_count"
    assert figure("WK059915", key) == 4215
    assert figure("WK059901", key) is None  # '.' is suppressed
    assert figure("WK059915", "own_huishoudens_met_betalingsachterstand_pct") == 6.3
    assert figure("GM0599", key) == 41250
    observation = Observation.objects.filter(variable__key=key).first()
    assert observation.period == 2022 and observation.region.year == 2024
    national = NationalObservation.objects.get(variable__key=key)
    assert (national.value, national.period) == (800000, 2022)


def test_it_reads_a_wide_file_and_never_stores_a_sentinel(db):
    report = run(FIXTURES / "kwb-2024-wide.csv")
    assert figure("WK059915", "own_a_inw") == 70500
    assert figure("WK059915", "own_g_gas_tot") == 1090
    assert figure("WK059915", "own_p_stadsverw") is None  # -99997
    assert figure("GM0599", "own_g_gas_tot") is None  # -99999999
    assert not Observation.objects.filter(value__lte=-99990).exists()
    assert "1 x no figures in this row" in report  # WK059901: every value a sentinel
    assert not Variable.objects.filter(key__in=["own_regio", "own_gm_naam", "own_recs"]).exists()


def test_it_reads_the_same_wide_file_as_xlsx(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in (FIXTURES / "kwb-2024-wide.csv").read_text().splitlines():
        sheet.append([int(c) if c.lstrip("-").isdigit() else c for c in line.split(";")])
    target = tmp_path / "kwb-2024-wide.xlsx"
    book.save(target)
    run(target)
    assert figure("WK059915", "own_a_inw") == 70500
    assert figure("WK059915", "own_p_stadsverw") is None


# --- refused, with the file, row and column named, and nothing loaded ------------------------


def test_it_refuses_an_unknown_layout_and_shows_the_first_lines(db):
    message = refused(FIXTURES / "unknown.csv", "unknown layout")
    assert "GM_CODE, WK_CODE, BU_CODE or gwb_code" in message
    assert "Dit is geen tabel die Buurtkompas kent" in message  # the file's first line


def test_it_refuses_a_manifest_with_a_unit_it_does_not_know(db, tmp_path):
    folder = tmp_path / "vocht"
    shutil.copytree(FIXTURES / "vocht_2024", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["columns"]["meldingen"]["unit"] = "stuks"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    message = refused(folder, "unit 'stuks' is not one of")
    assert "column 'columns.meldingen.unit'" in message


def test_it_refuses_a_variable_whose_name_does_not_end_in_its_unit(db, tmp_path):
    folder = tmp_path / "vocht"
    shutil.copytree(FIXTURES / "vocht_2024", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["columns"]["meldingen"]["variable"] = "damp_reports"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    refused(folder, "must be lower-case words joined by _ and end in _count")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "dup-2024.csv",
            "gwb_code;a_inw\nWK059915;1\nWK059915;2\n",
            "row 3, column 'gwb_code': code WK059915 appears twice (also row 2)",
        ),
        (
            "bad-2024.csv",
            "gwb_code;a_inw\nWK059915;1\nWK059901;veel\n",
            "row 3, column 'a_inw': 'veel' is not a number",
        ),
        ("code-2024.csv", "gwb_code;a_inw\nWK5915;1\n", "row 2, column 'gwb_code'"),
        (
            "short-2024.csv",
            "gwb_code;a_inw;p_x\nWK059915;1;2\nWK059901;1\n",
            "row 3: 2 fields where the header has 3",
        ),
        ("noyear.csv", "gwb_code;a_inw\nWK059915;1\n", "neither --year nor the file name"),
    ],
)
def test_it_refuses_a_bad_wide_file_naming_row_and_column(db, tmp_path, name, content, says):
    path = tmp_path / name
    path.write_text(content)
    refused(path, says)


def test_it_refuses_a_truncated_cbs_export(db, tmp_path):
    path = tmp_path / "maatwerk.csv"
    lines = (FIXTURES / "cbs_maatwerk_2022.csv").read_text().splitlines()
    path.write_text("\n".join(lines[:-2]) + "\n")  # without its Bron: footer
    refused(path, "without its 'Bron:' footer")


def test_it_loads_nothing_when_row_500_is_bad(db, tmp_path):
    codes = list(
        Region.objects.filter(level="wijk", year=2024).values_list("code", flat=True)[:600]
    )
    lines = ["gwb_code;a_inw"] + [f"{code};{n}" for n, code in enumerate(codes)]
    lines[500] = f"{codes[499]};vijfhonderd"
    path = tmp_path / "groot-2024.csv"
    path.write_text("\n".join(lines) + "\n")
    refused(path, "row 501, column 'a_inw': 'vijfhonderd' is not a number")
    assert not Observation.objects.filter(variable__key="own_a_inw").exists()


# --- TopoJSON boundaries --------------------------------------------------------------------


def two_wijken(quantized: bool) -> dict:
    """Two squares side by side sharing one border (arc 1), in the 2031 indeling."""
    if quantized:  # 0.001 degree per step from (4.45, 51.88); deltas after the first position
        arcs = [
            [[10, 0], [-10, 0], [0, 10], [10, 0]],
            [[10, 0], [0, 10]],
            [[10, 10], [10, 0], [0, -10], [-10, 0]],
        ]
        transform = {"scale": [0.001, 0.001], "translate": [4.45, 51.88]}
    else:
        arcs = [
            [[4.46, 51.88], [4.45, 51.88], [4.45, 51.89], [4.46, 51.89]],
            [[4.46, 51.88], [4.46, 51.89]],
            [[4.46, 51.89], [4.47, 51.89], [4.47, 51.88], [4.46, 51.88]],
        ]
        transform = None
    topology = {
        "type": "Topology",
        "arcs": arcs,
        "objects": {
            "wijken": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, ~1]],
                        "properties": {"wijkcode": "WK059991", "wijknaam": "Proef West"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[1, 2]],
                        "properties": {"wijkcode": "WK059992", "wijknaam": "Proef Oost"},
                    },
                ],
            }
        },
    }
    if transform:
        topology["transform"] = transform
    return topology


@pytest.mark.parametrize("quantized", [False, True])
def test_it_loads_boundaries_from_topojson(db, tmp_path, quantized):
    path = tmp_path / "wijken_2031.topojson"
    path.write_text(json.dumps(two_wijken(quantized)))
    out = io.StringIO()
    call_command("import", "boundaries", "--from", str(path), stdout=out)
    west, east = (Region.objects.get(code=c, year=2031) for c in ("WK059991", "WK059992"))
    assert (west.name, east.name) == ("Proef West", "Proef Oost")
    assert west.bbox == pytest.approx([4.45, 51.88, 4.46, 51.89], abs=1e-6)
    assert east.bbox == pytest.approx([4.46, 51.88, 4.47, 51.89], abs=1e-6)


def test_it_refuses_a_topojson_polygon_that_names_an_arc_that_does_not_exist(db, tmp_path):
    topology = two_wijken(False)
    topology["objects"]["wijken"]["geometries"][1]["arcs"] = [[1, 7]]
    path = tmp_path / "wijken_2031.topojson"
    path.write_text(json.dumps(topology))
    with pytest.raises(CommandError, match="geometry 2: arc 7 does not exist"):
        call_command("import", "boundaries", "--from", str(path), stdout=io.StringIO())
    assert not Region.objects.filter(year=2031).exists()


def test_it_loads_a_monitor_energiearmoede_table_into_the_index_indicators(db):
    """The monitor's indicator columns are recognised by their abbreviations in the title and
    feed the need index's energy-poverty indicators (hand-made figures, not CBS's)."""
    from buurtkompas.atlas.models import IndicatorValue

    run(FIXTURES / "monitor_energiearmoede_2022.csv")
    assert figure("WK059915", "energy_poverty_lihelek_pct") == 12.8
    assert figure("WK059915", "energy_poverty_heq_pct") == 18.0
    assert figure("WK059915", "energy_poverty_lekwi_pct") == 24.9
    assert figure("WK059915", "energy_poverty_lilek_pct") == 7.7
    assert figure("WK059915", "energy_poverty_lihe_pct") == 9.1
    assert figure("WK059901", "energy_poverty_lihelek_pct") is None
    national = NationalObservation.objects.get(variable__key="energy_poverty_lihelek_pct")
    assert (national.value, national.period) == (5.8, 2022)
    value = IndicatorValue.objects.get(
        region__code="WK059915", region__year=2024, indicator="energy_poverty_lihelek_pct"
    )
    assert (value.value, value.period) == (12.8, 2022)
