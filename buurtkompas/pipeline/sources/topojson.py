"""TopoJSON (https://github.com/topojson/topojson-specification) to GeoJSON features, pure Python.

A Topology stores shared borders once as arcs; polygons list the arcs of their rings, a negative
index ``~i`` meaning arc ``i`` reversed. Quantized files (with a ``transform``) store each arc's
first position absolutely and the rest as deltas, as integers to be scaled and translated.
"""

from buurtkompas.pipeline.sources.base import InputError

POLYGONAL = {"Polygon", "MultiPolygon"}


def is_topology(data) -> bool:
    return isinstance(data, dict) and data.get("type") == "Topology"


def feature_collection(path, data: dict, level: str | None = None) -> dict:
    """The polygon features of one object of the topology, as a GeoJSON FeatureCollection."""
    objects = data.get("objects")
    if not isinstance(objects, dict) or not objects:
        raise InputError(path, "a TopoJSON Topology without objects", column="objects")
    name = object_name(path, objects, level)
    arcs = decoded_arcs(path, data)
    collection = objects[name]
    geometries = (
        collection.get("geometries")
        if collection.get("type") == "GeometryCollection"
        else [collection]
    )
    if not isinstance(geometries, list) or not geometries:
        raise InputError(path, f"TopoJSON object {name!r} has no geometries")
    features = []
    for number, geometry in enumerate(geometries, 1):
        if not isinstance(geometry, dict):
            raise InputError(path, "not a TopoJSON geometry", row=number, where="geometry")
        features.append(
            {
                "type": "Feature",
                "properties": geometry.get("properties") or {},
                "geometry": geojson_geometry(path, number, geometry, arcs),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def object_name(path, objects: dict, level: str | None) -> str:
    if len(objects) == 1:
        return next(iter(objects))
    wanted = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}.get(level or "")
    for name in objects:
        if wanted and name.lower().startswith(wanted[:-2]):
            return name
    raise InputError(
        path,
        f"the topology has {len(objects)} objects ({', '.join(objects)}): pass --level "
        "gemeente, wijk or buurt to choose one",
    )


def decoded_arcs(path, data: dict) -> list[list[tuple[float, float]]]:
    raw = data.get("arcs")
    if not isinstance(raw, list):
        raise InputError(path, "a TopoJSON Topology without arcs", column="arcs")
    transform = data.get("transform")
    scale, translate = (1.0, 1.0), (0.0, 0.0)
    if transform is not None:
        try:
            scale = tuple(float(v) for v in transform["scale"])
            translate = tuple(float(v) for v in transform["translate"])
        except (KeyError, TypeError, ValueError):
            raise InputError(
                path, "transform needs scale and translate", column="transform"
            ) from None
    arcs = []
    for index, arc in enumerate(raw):
        try:
            arcs.append(decode(arc, scale, translate, quantized=transform is not None))
        except (TypeError, ValueError, IndexError):
            raise InputError(path, "not a list of positions", row=index, where="arc") from None
    return arcs


def decode(arc, scale, translate, *, quantized: bool) -> list[tuple[float, float]]:
    points, x, y = [], 0.0, 0.0
    for position in arc:
        px, py = float(position[0]), float(position[1])
        if quantized:
            x, y = x + px, y + py
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        else:
            points.append((px, py))
    return points


def ring(path, number: int, indexes, arcs) -> list[list[float]]:
    coordinates: list[tuple[float, float]] = []
    for index in indexes:
        if not isinstance(index, int) or not -len(arcs) <= index < len(arcs):
            raise InputError(path, f"arc {index!r} does not exist", row=number, where="geometry")
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        coordinates.extend(points[1:] if coordinates else points)
    if coordinates and coordinates[0] != coordinates[-1]:
        coordinates.append(coordinates[0])
    return [list(point) for point in coordinates]


def geojson_geometry(path, number: int, geometry: dict, arcs) -> dict | None:
    kind = geometry.get("type")
    if kind is None:
        return None
    if kind not in POLYGONAL:
        raise InputError(
            path, f"{kind} is not a polygon: boundaries must be areas", row=number, where="feature"
        )
    rings = geometry.get("arcs")
    if not isinstance(rings, list):
        raise InputError(path, "a polygon without arcs", row=number, where="feature")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(path, number, r, arcs) for r in rings]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(path, number, r, arcs) for r in polygon] for polygon in rings],
    }
