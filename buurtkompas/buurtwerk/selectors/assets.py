"""Reads of the krachtenkaart (asset map). Every query starts from the team.

Talents belong to residents: members who may not see personal data get them only as counts
(`personal=False` leaves them out of every list and offers a count instead)."""

import math
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from buurtkompas.atlas.profile import path_of
from buurtkompas.buurtwerk.models import Asset
from buurtkompas.residents.models import Consent, Contact, Purpose

MAP_LIMIT = 300
SEARCH_WORDS = 8
KIND_ORDER = [kind.value for kind in Asset.Kind]  # talents first, as ABCD starts with people


def team_assets(workspace, *, personal: bool):
    assets = Asset.objects.filter(workspace=workspace)
    return assets if personal else assets.exclude(kind=Asset.Kind.TALENT)


def kind_rank():
    return Case(
        *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def listed():
    """Whether the resident behind a talent still consents to being listed."""
    return Exists(
        Consent.objects.filter(
            contact=OuterRef("contact"), purpose=Purpose.VOLUNTEER, withdrawn_at__isnull=True
        )
    )


def matching(query: str) -> Q:
    """Every word of "who can help with …" must occur in the title, description or skills."""
    condition = Q()
    for word in query.split()[:SEARCH_WORDS]:
        condition &= (
            Q(title__icontains=word) | Q(description__icontains=word) | Q(skills__icontains=word)
        )
    return condition


def filtered(workspace, *, kind: str = "", query: str = ""):
    assets = Asset.objects.filter(workspace=workspace)
    if kind:
        assets = assets.filter(kind=kind)
    if query.strip():
        assets = assets.filter(matching(query))
    return assets


def asset_list(workspace, *, kind: str = "", query: str = "", personal: bool):
    """Assets with their buurt, resident and number of connections; talents first."""
    assets = filtered(workspace, kind=kind, query=query)
    if not personal:
        assets = assets.exclude(kind=Asset.Kind.TALENT)
    return (
        assets.select_related("buurt", "contact")
        .annotate(connection_count=Count("connects", distinct=True), listed=listed())
        .order_by(kind_rank(), "title", "id")
    )


def hidden_talent_count(workspace, *, kind: str = "", query: str = "") -> int:
    """How many talents match, for members who may see the count but not the people."""
    if kind and kind != Asset.Kind.TALENT:
        return 0
    return filtered(workspace, kind=Asset.Kind.TALENT, query=query).count()


def asset_details():
    """Assets with what one asset's page shows (fetch one through workspaces.access)."""
    return Asset.objects.select_related("buurt", "contact", "created_by").annotate(listed=listed())


def connections_of(asset: Asset, *, personal: bool):
    """(the connected assets one may see, how many connected talents are left out)."""
    connected = Asset.objects.filter(workspace=asset.workspace_id, connects=asset)
    shown = connected if personal else connected.exclude(kind=Asset.Kind.TALENT)
    shown = shown.select_related("contact").annotate(listed=listed())
    hidden = 0 if personal else connected.filter(kind=Asset.Kind.TALENT).count()
    return list(shown.order_by(kind_rank(), "title", "id")), hidden


def connectable(asset: Asset, *, personal: bool):
    """The team's other assets that are not yet connected to `asset`."""
    return (
        team_assets(asset.workspace_id, personal=personal)
        .exclude(pk=asset.pk)
        .exclude(connects=asset)
        .order_by(kind_rank(), "title", "id")
    )


def connected(asset: Asset, *, personal: bool):
    return team_assets(asset.workspace_id, personal=personal).filter(connects=asset)


def contact_choices(workspace):
    """Residents of the team who still hold personal data (a talent names one of them)."""
    return Contact.objects.filter(workspace=workspace, anonymised_at__isnull=True).order_by(
        "name", "id"
    )


def mapped_assets(workspace, *, kind: str = "", personal: bool):
    """Assets with coordinates, for the map (at most MAP_LIMIT + 1, to tell there are more)."""
    assets = team_assets(workspace, personal=personal).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    if kind:
        assets = assets.filter(kind=kind)
    return list(
        assets.select_related("buurt").order_by(kind_rank(), "title", "id")[: MAP_LIMIT + 1]
    )


def unmapped_count(workspace, *, kind: str = "", personal: bool) -> int:
    assets = team_assets(workspace, personal=personal).filter(
        Q(latitude__isnull=True) | Q(longitude__isnull=True)
    )
    return (assets.filter(kind=kind) if kind else assets).count()


def covered_regions(workspace) -> list:
    return [r for r in workspace.regions.order_by("name", "code") if r.geometry and r.bbox]


@dataclass
class Dot:
    asset: Asset
    x: float
    y: float


def buurt_map(regions, assets, size: int = 640) -> dict | None:
    """The team's areas and the assets with coordinates, projected into one SVG viewBox."""
    box = bounds([r.bbox for r in regions], [(a.longitude, a.latitude) for a in assets])
    if box is None:
        return None
    west, south, east, north = box
    kx = math.cos(math.radians((south + north) / 2))
    scale = size / max((east - west) * kx, north - south)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * kx * scale, 1), round((north - lat) * scale, 1)

    def project(lon: float, lat: float) -> str:
        return "{:.1f},{:.1f}".format(*xy(lon, lat))

    return {
        "width": round((east - west) * kx * scale),
        "height": round((north - south) * scale),
        "areas": [(region.name, path_of(region.geometry, project)) for region in regions],
        "dots": [Dot(a, *xy(a.longitude, a.latitude)) for a in assets],
    }


def bounds(boxes, points, margin: float = 0.08, least: float = 0.004):
    """[west, south, east, north] around all boxes and points, with a margin; None if empty."""
    lons = [b[0] for b in boxes] + [b[2] for b in boxes] + [p[0] for p in points]
    lats = [b[1] for b in boxes] + [b[3] for b in boxes] + [p[1] for p in points]
    if not lons:
        return None
    pad_x = max((max(lons) - min(lons)) * margin, least)
    pad_y = max((max(lats) - min(lats)) * margin, least)
    return [min(lons) - pad_x, min(lats) - pad_y, max(lons) + pad_x, max(lats) + pad_y]


def picker_areas(workspace) -> dict | None:
    """The team's areas as GeoJSON for the map on the asset form, where a member picks the
    asset's spot (`static/buurtwerk/location_picker.js`); None when no area has a boundary."""
    regions = covered_regions(workspace)
    if not regions:
        return None
    boxes = [r.bbox for r in regions]
    return {
        "type": "FeatureCollection",
        "bbox": [min(b[0] for b in boxes), min(b[1] for b in boxes)]
        + [max(b[2] for b in boxes), max(b[3] for b in boxes)],
        "features": [
            {"type": "Feature", "properties": {"name": r.name}, "geometry": r.geometry}
            for r in regions
        ],
    }
