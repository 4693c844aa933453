"""The overview of a network's werkbezoeken, past and coming, on a map and in a table: past
hosts become examples others can visit (their public or members' report is linked)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from buurtkompas.network import event_selectors
from buurtkompas.network.access import network_view
from buurtkompas.network.member_views import SHAPES_YEAR
from buurtkompas.network.models import Event, EventReport
from buurtkompas.regions.models import Region


def _centre(region: Region | None) -> list[float] | None:
    """The middle of the region's bounding box ([lon, lat]), or None without a shape."""
    if region is None or not region.bbox:
        return None
    west, south, east, north = region.bbox
    return [round((west + east) / 2, 5), round((south + north) / 2, 5)]


@network_view(public=True)
@require_GET
def work_visits(request):
    member = request.network_member
    visits = list(
        event_selectors.visible_events(request.network, member)
        .filter(kind=Event.Kind.WORK_VISIT)
        .exclude(status=Event.Status.CANCELLED)
        .order_by("-starts_at")
    )
    reports = {
        r.event_id: r for r in EventReport.objects.filter(event__in=visits) if r.readable_by(member)
    }
    now = timezone.now()
    rows = [
        {
            "event": e,
            "past": e.ends_at < now,
            "report": reports.get(e.pk),
            "centre": _centre(e.region),
        }
        for e in visits
    ]
    points = [
        {
            "lon": row["centre"][0],
            "lat": row["centre"][1],
            "title": row["event"].title,
            "url": row["event"].get_absolute_url(),
            "past": row["past"],
        }
        for row in rows
        if row["centre"]
    ]
    context = {
        "coming": [r for r in rows if not r["past"]][::-1],
        "past": [r for r in rows if r["past"]],
        "points": points,
        "shapes_year": SHAPES_YEAR,
    }
    return render(request, "network/events/work_visits.html", context)
