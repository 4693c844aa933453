"""Compact geometry for the national maps: coordinates quantised to 1e-4 degree (about 7-11 m)
and delta-encoded as integers, in the spirit of quantised TopoJSON. map.js decodes it.

Format: {"q": 10000, "features": [{"c": code, "n": name, "g": gemeente code,
"p": [[ring, ...], ...]}]} where each ring is [x0, y0, dx1, dy1, ...] in units of 1/q degree.
"""

Q = 10_000


def encode_ring(ring: list) -> list[int]:
    out: list[int] = []
    last_x = last_y = None
    for lon, lat in ring:
        x, y = round(lon * Q), round(lat * Q)
        if (x, y) == (last_x, last_y):
            continue
        out += [x, y] if last_x is None else [x - last_x, y - last_y]
        last_x, last_y = x, y
    return out


def encode_geometry(geometry: dict) -> list:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    encoded = [[encode_ring(ring) for ring in polygon] for polygon in polygons]
    return [
        [ring for ring in polygon if len(ring) >= 8]
        for polygon in encoded
        if polygon and len(polygon[0]) >= 8
    ]


def decode_ring(ring: list[int]) -> list[tuple[float, float]]:
    points, x, y = [], 0, 0
    for i in range(0, len(ring), 2):
        x, y = (ring[0], ring[1]) if i == 0 else (x + ring[i], y + ring[i + 1])
        points.append((x / Q, y / Q))
    return points


def feature_collection(regions) -> dict:
    """regions: iterable of (code, name, gemeente_code, geometry)."""
    features = []
    for code, name, gemeente, geometry in regions:
        if geometry:
            features.append({"c": code, "n": name, "g": gemeente, "p": encode_geometry(geometry)})
    return {"q": Q, "features": features}
