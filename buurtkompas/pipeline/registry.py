"""The sources the pipeline knows. To add one: write a module in `sources/` with KEY and
`extract(path, *, year, **options) -> Extract`, then list it here (see docs/ARCHITECTURE.md)."""

from buurtkompas.pipeline.sources import (
    boundaries,
    energy_poverty,
    income,
    kwb,
    kwb_extract,
    own_table,
    provinces,
)

SOURCES = {
    m.KEY: m for m in (boundaries, kwb, income, energy_poverty, kwb_extract, own_table, provinces)
}
# Sources whose files name regions instead of coding them get the known regions of the year.
NEEDS_REFERENCE = {energy_poverty.KEY}

# What `buurtkompas import all` loads from BUURTKOMPAS_DATA_DIR, in dependency order.
DATA_DIR_LAYOUT = [
    ("boundaries", "geo/gemeenten_2024.geojson", {}),
    ("boundaries", "geo/wijken_2024.geojson", {}),
    ("kwb", "cbs/kwb-2024-85984NED", {}),
    ("income", "cbs/inkomen-2020-gemeente-wijk-indeling-2023.csv", {}),
    ("energy-poverty", "buurten/friesland-energiearmoede-met-buurtcode.csv", {}),
    ("energy-poverty", "buurten/friesland-energiearmoede.geojson.gz", {}),
    ("kwb-extract", "buurten/utrecht-buurten-kerncijfers-2020.csv", {}),
]
