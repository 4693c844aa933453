"""Boundaries from the CBS/PDOK wijk- en buurtkaart (GeoJSON or GeoPackage), or simplified copies.

Invalid geometries are repaired (never dropped), simplified for web maps and stored as WGS84.
The kerncijfers that PDOK publishes as feature attributes are kept as figures of their own dataset.
"""

import re
import sqlite3
import struct
from pathlib import Path

import shapely
from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import transform as shapely_transform  # noqa: F401 (reprojection)
from tqdm import tqdm

from buurtkompas.pipeline.sources.base import (
    DatasetSpec,
    Extract,
    InputError,
    ObservationRecord,
    RegionRecord,
    Skip,
    VariableSpec,
)
from buurtkompas.pipeline.sources.files import read_json
from buurtkompas.regions.codes import CodeError, normalise

KEY = "boundaries"
LEVEL_KEYS = {  # level -> (code property, name property)
    "buurt": ("buurtcode", "buurtnaam"),
    "wijk": ("wijkcode", "wijknaam"),
    "gemeente": ("gemeentecode", "gemeentenaam"),
}
TOLERANCE_DEG = {"gemeente": 0.0004, "wijk": 0.0002, "buurt": 0.0001}
NOT_A_REGION = {"0998": "Buitenland (code 0998) is not a Dutch gemeente"}
# PDOK attribute -> variable. Negative sentinels (-99999999, -99997, ...) mean "not published".
ATTRIBUTES = [
    VariableSpec("households_count", "Huishoudens", "Households", "aantal", "huishoudens"),
    VariableSpec(
        "household_size_avg_persons",
        "Gemiddelde huishoudensgrootte",
        "Average household size",
        "personen",
        "gem_huishouden_grootte",
    ),
    VariableSpec("age_0_15_pct", "Inwoners 0 tot 15 jaar", "Residents aged 0-15", "%", "0_15"),
    VariableSpec("age_15_25_pct", "Inwoners 15 tot 25 jaar", "Residents aged 15-25", "%", "15_25"),
    VariableSpec("age_25_45_pct", "Inwoners 25 tot 45 jaar", "Residents aged 25-45", "%", "25_45"),
    VariableSpec("age_45_65_pct", "Inwoners 45 tot 65 jaar", "Residents aged 45-65", "%", "45_65"),
    VariableSpec(
        "age_65plus_pct", "Inwoners 65 jaar of ouder", "Residents aged 65+", "%", "65plus"
    ),
    VariableSpec(
        "addresses_construction_year_median",
        "Mediaan bouwjaar van adressen (BAG)",
        "Median construction year of addresses (BAG)",
        "jaar",
        "bag_med_bouwjaar",
    ),
]


def dataset_for(year: int) -> DatasetSpec:
    return DatasetSpec(
        key=f"cbs-wijkbuurtkaart-{year}",
        title=f"CBS Wijk- en buurtkaart {year}",
        publisher="CBS / PDOK",
        url="https://www.cbs.nl/nl-nl/dossier/nederland-regionaal/geografische-data/wijk-en-buurtkaart",
        licence="CC BY 4.0",
        notes="Kerncijfers as feature attributes of the boundary file.",
    )


def extract(path: Path, *, year: int | None, level: str | None = None, **_) -> Extract:
    path = Path(path)
    features, file_year = read_features(path, level)
    year = check_year(path, year, file_year)
    level = level or detect_level(path, features)
    out = Extract(
        source=KEY,
        indeling_year=year,
        period=year,
        region_mode="define",
        dataset=dataset_for(year),
        variables=ATTRIBUTES,
    )
    code_key, name_key = LEVEL_KEYS[level]
    seen: dict[str, int] = {}
    for number, feature in enumerate(tqdm(features, desc=f"{level} boundaries", disable=None), 1):
        out.rows_read += 1
        props = feature.get("properties") or {}
        code = feature_code(path, number, props, code_key, level)
        if code[2:6] in NOT_A_REGION:
            out.skipped.append(Skip(f"feature {number} ({code})", NOT_A_REGION[code[2:6]]))
            continue
        if code in seen:
            raise InputError(
                path,
                f"code {code} appears twice (also feature {seen[code]})",
                row=number,
                column=code_key,
                where="feature",
            )
        seen[code] = number
        out.regions.append(region_record(path, number, feature, code, props.get(name_key), level))
        out.observations.extend(attribute_figures(code, props))
    return out


def read_features(path: Path, level: str | None) -> tuple[list[dict], int | None]:
    if path.suffix == ".gpkg":
        return read_geopackage(path, level)
    data = read_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(path, "not a GeoJSON FeatureCollection")
    crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    features = data.get("features") or []
    if "28992" in crs:
        features = [reprojected_rd(f) for f in features]
    meta_year = (data.get("metadata") or {}).get("year")
    return features, int(meta_year) if meta_year else year_from_name(path)


def year_from_name(path: Path) -> int | None:
    match = re.search(r"(20\d\d)", path.name)
    return int(match.group(1)) if match else None


def check_year(path: Path, year: int | None, file_year: int | None) -> int:
    if year and file_year and year != file_year:
        raise InputError(path, f"--year {year} does not match the file, which is for {file_year}")
    if not (year or file_year):
        raise InputError(path, "the file does not say its indeling year: pass --year")
    return year or file_year


def detect_level(path: Path, features: list[dict]) -> str:
    if not features:
        raise InputError(path, "the file has no features")
    props = features[0].get("properties") or {}
    for level, (code_key, _name_key) in LEVEL_KEYS.items():
        if code_key in props:
            return level
    raise InputError(
        path,
        "no code property found (expected buurtcode, wijkcode or gemeentecode)",
        row=1,
        where="feature",
    )


def feature_code(path: Path, number: int, props: dict, code_key: str, level: str) -> str:
    if code_key not in props:
        raise InputError(
            path, "missing code property", row=number, column=code_key, where="feature"
        )
    try:
        code = normalise(props[code_key])
    except CodeError as exc:
        raise InputError(path, str(exc), row=number, column=code_key, where="feature") from None
    if not code.startswith({"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[level]):
        raise InputError(
            path, f"{code} is not a {level} code", row=number, column=code_key, where="feature"
        )
    return code


def region_record(path, number, feature, code, name, level) -> RegionRecord:
    geometry, repaired = web_geometry(path, number, feature.get("geometry"), level)
    return RegionRecord(
        code=code,
        name=str(name or code).strip(),
        geometry=mapping(geometry),
        bbox=[round(v, 5) for v in geometry.bounds],
        repaired=repaired,
    )


def web_geometry(path, number, raw: dict | None, level: str):
    """Repair (never drop) and simplify a polygon for web maps; 5 decimals is about 1 m."""
    try:
        geom = shape(raw) if raw else None
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(
            path, f"unreadable geometry ({exc})", row=number, column="geometry", where="feature"
        ) from None
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = geom.geom_type if geom is not None else "no geometry"
        raise InputError(
            path,
            f"geometry is {kind}, not a polygon",
            row=number,
            column="geometry",
            where="feature",
        )
    repaired = not geom.is_valid
    if repaired:
        geom = polygonal_part(make_valid(geom))
    simple = geom.simplify(TOLERANCE_DEG[level], preserve_topology=True)
    simple = polygonal_part(simple if simple.is_valid else make_valid(simple))
    return rounded(simple), repaired


def polygonal_part(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for g in parts for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def rounded(geom):
    return shapely.transform(geom, lambda coords: coords.round(5))


def attribute_figures(code: str, props: dict) -> list[ObservationRecord]:
    figures = []
    for spec in ATTRIBUTES:
        value = props.get(spec.source_field)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > -99990:
            figures.append(ObservationRecord(code, spec.key, float(value)))
    return figures


def reprojected_rd(feature: dict) -> dict:
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform
    geom = feature.get("geometry")
    if geom:
        feature = {**feature, "geometry": mapping(shapely_transform(to_wgs84, shape(geom)))}
    return feature


def read_geopackage(path: Path, level: str | None) -> tuple[list[dict], int | None]:
    """Read the feature table of a GeoPackage (SQLite + GPKG geometry blobs) without GDAL."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        layers = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
            "WHERE c.data_type = 'features'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"not a GeoPackage ({exc})") from None
    table, column, srs = pick_layer(path, layers, level)
    cursor = con.execute(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cursor.description]
    features = []
    for number, row in enumerate(cursor, 1):
        props = dict(zip(names, row, strict=True))
        blob = props.pop(column)
        geometry = gpkg_geometry(path, number, blob)
        feature = {"type": "Feature", "properties": props, "geometry": geometry}
        features.append(reprojected_rd(feature) if srs == 28992 else feature)
    con.close()
    return features, year_from_name(path)


def pick_layer(path, layers, level):
    if not layers:
        raise InputError(path, "the GeoPackage has no feature layer")
    if level:
        plural = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}[level]
        matching = [layer for layer in layers if plural in layer[0].lower()]
        if matching:
            return matching[0]
    if len(layers) > 1:
        raise InputError(path, f"several layers ({', '.join(t for t, *_ in layers)}): pass --level")
    return layers[0]


def gpkg_geometry(path, number, blob) -> dict | None:
    from shapely import wkb

    if blob is None:
        return None
    if blob[:2] != b"GP":
        raise InputError(
            path, "not a GeoPackage geometry", row=number, column="geometry", where="feature"
        )
    flags = blob[3]
    envelope_bytes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    struct.unpack("<i" if flags & 1 else ">i", blob[4:8])  # srs id, validated by the layer
    return mapping(wkb.loads(bytes(blob[8 + envelope_bytes :])))


def is_polygonal(geom) -> bool:
    return isinstance(geom, Polygon | MultiPolygon)
