"""Boundaries from the CBS/PDOK wijk- en buurtkaart (GeoJSON or GeoPackage), or simplified copies.

Invalid geometries are repaired (never dropped), simplified for web maps and stored as WGS84.
The kerncijfers that PDOK publishes as feature attributes are kept as figures of their own dataset.
"""

import functools
import re
import sqlite3
from pathlib import Path

import numpy
import shapely
from shapely import make_valid
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from tqdm import tqdm

from buurtkompas.pipeline.sources import topojson
from buurtkompas.pipeline.sources.base import (
    DatasetSpec,
    Extract,
    InputError,
    ObservationRecord,
    RegionRecord,
    Skip,
    VariableSpec,
    parse_number,
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
GEOMETRY_ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, ShapelyError)
# GeoPackage srs ids (as EPSG codes) that boundaries can be read in.
KNOWN_SRS = {4326: "WGS84", 28992: "RD New"}
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}  # by the envelope code in the flags
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
        out.observations.extend(attribute_figures(path, number, code, props))
    return out


def read_features(path: Path, level: str | None) -> tuple[list[dict], int | None]:
    if path.suffix == ".gpkg":
        return read_geopackage(path, level)
    data = read_json(path)
    if topojson.is_topology(data):  # shared borders stored once: converted to GeoJSON first
        data = {**data, **topojson.feature_collection(path, data, level)}
    features = feature_list(path, data)
    crs = data.get("crs") if isinstance(data.get("crs"), dict) else {}
    if "28992" in str((crs.get("properties") or {}).get("name", "")):
        features = [reprojected_rd(path, n, f) for n, f in enumerate(features, 1)]
    return features, metadata_year(path, data)


def feature_list(path: Path, data) -> list[dict]:
    """The features of a GeoJSON FeatureCollection, each checked to be a Feature object."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(path, "not a GeoJSON FeatureCollection")
    features = data.get("features") or []
    if not isinstance(features, list) or not features:
        raise InputError(path, "the file has no features")
    for number, feature in enumerate(features, 1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            raise InputError(
                path, "not a GeoJSON Feature with properties", row=number, where="feature"
            )
    return features


def metadata_year(path: Path, data: dict) -> int | None:
    meta = data.get("metadata")
    raw = meta.get("year") if isinstance(meta, dict) else None
    if raw is None:
        return year_from_name(path)
    if not re.fullmatch(r"\d{4}", str(raw).strip()):
        raise InputError(path, f"metadata year {raw!r} is not a year", column="metadata.year")
    return int(raw)


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
    geom = polygon_shape(path, number, raw)
    repaired = not geom.is_valid
    if repaired:
        geom = polygonal_part(make_valid(geom))
        if geom is None:
            raise geometry_error(path, number, "the polygon has no area, not even after repair")
    simple = geom.simplify(TOLERANCE_DEG[level], preserve_topology=True)
    simple = polygonal_part(simple if simple.is_valid else make_valid(simple))
    return rounded(geom if simple is None else simple), repaired


def polygon_shape(path, number, raw: dict | None):
    """The feature's (Multi)Polygon in longitude/latitude, or a clear error."""
    if not raw:
        raise geometry_error(path, number, "the feature has no geometry")
    try:
        geom = shape(raw)
    except GEOMETRY_ERRORS as exc:
        raise geometry_error(path, number, f"unreadable geometry ({exc})") from None
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "empty" if geom.is_empty else f"a {geom.geom_type}"
        raise geometry_error(path, number, f"the geometry is {kind}, not a polygon")
    west, south, east, north = geom.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise geometry_error(
            path,
            number,
            "coordinates are not longitude/latitude (WGS84); a file in RD New must say "
            "so in its crs (EPSG:28992)",
        )
    return geom


def geometry_error(path, number, message: str) -> InputError:
    return InputError(path, message, row=number, column="geometry", where="feature")


def polygonal_part(geom):
    """The polygons in a repaired geometry (make_valid may add lines or points), or None."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return None if geom.is_empty else geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for g in parts for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    polygons = [p for p in polygons if not p.is_empty]
    if not polygons:
        return None
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def rounded(geom):
    return shapely.transform(geom, lambda coords: coords.round(5))


def attribute_figures(path, number: int, code: str, props: dict) -> list[ObservationRecord]:
    figures = []
    for spec in ATTRIBUTES:
        raw = props.get(spec.source_field)
        value = (
            None
            if raw is None
            else parse_number(str(raw), path, number, spec.source_field, where="feature")
        )
        if value is not None and value > -99990:  # -99999999, -99997, ...: not published
            figures.append(ObservationRecord(code, spec.key, value))
    return figures


@functools.cache
def rd_transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def rd_to_wgs84(coords):
    """RD New x, y (an n x 2 array) -> longitude, latitude."""
    lon, lat = rd_transformer().transform(coords[:, 0], coords[:, 1])
    return numpy.column_stack([lon, lat])


def reprojected_rd(path, number: int, feature: dict) -> dict:
    geom = feature.get("geometry")
    if not geom:
        return feature
    try:
        wgs84 = shapely.transform(shape(geom), rd_to_wgs84)
    except GEOMETRY_ERRORS as exc:
        raise geometry_error(path, number, f"unreadable geometry ({exc})") from None
    return {**feature, "geometry": mapping(wgs84)}


def read_geopackage(path: Path, level: str | None) -> tuple[list[dict], int | None]:
    """Read the feature table of a GeoPackage (SQLite + GPKG geometry blobs) without GDAL."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        table, column, srs = pick_layer(path, feature_layers(path, con), level)
        epsg = srs_code(con, srs)
        if epsg not in KNOWN_SRS:
            known = ", ".join(f"{code} ({name})" for code, name in KNOWN_SRS.items())
            raise InputError(
                path, f"layer {table!r} is in srs {srs}; expected {known}", column=column
            )
        features = list(gpkg_features(path, con, table, column, epsg))
    finally:
        con.close()
    return features, year_from_name(path)


def feature_layers(path: Path, con) -> list[tuple[str, str, int]]:
    try:
        return con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
            "WHERE c.data_type = 'features'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"not a GeoPackage ({exc})") from None


def srs_code(con, srs: int) -> int:
    """The EPSG code of a GeoPackage srs id (usually the same number)."""
    try:
        row = con.execute(
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
            "WHERE srs_id = ?",
            (srs,),
        ).fetchone()
    except sqlite3.DatabaseError:
        row = None
    return int(row[1]) if row and str(row[0]).upper() == "EPSG" else srs


def gpkg_features(path: Path, con, table: str, column: str, epsg: int):
    try:
        cursor = con.execute(f'SELECT * FROM "{table}"')
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"cannot read layer {table!r} ({exc})") from None
    names = [d[0] for d in cursor.description]
    if column not in names:
        raise InputError(path, f"layer {table!r} has no geometry column", column=column)
    for number, row in enumerate(cursor, 1):
        props = dict(zip(names, row, strict=True))
        geometry = gpkg_geometry(path, number, props.pop(column))
        feature = {"type": "Feature", "properties": props, "geometry": geometry}
        yield reprojected_rd(path, number, feature) if epsg == 28992 else feature


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
    """A GPKG blob: b"GP", version, flags, int32 srs id, an optional envelope, then WKB."""
    from shapely import wkb

    if blob is None:
        return None
    envelope = (blob[3] >> 1) & 0x07 if isinstance(blob, bytes) and len(blob) >= 8 else None
    if blob[:2] != b"GP" or envelope not in ENVELOPE_BYTES:
        raise geometry_error(path, number, "not a GeoPackage geometry")
    try:
        return mapping(wkb.loads(bytes(blob[8 + ENVELOPE_BYTES[envelope] :])))
    except GEOMETRY_ERRORS as exc:
        raise geometry_error(path, number, f"unreadable geometry ({exc})") from None


def is_polygonal(geom) -> bool:
    return isinstance(geom, Polygon | MultiPolygon)
