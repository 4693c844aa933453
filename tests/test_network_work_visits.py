"""The overview of a network's werkbezoeken on a map and in tables (issue 11): coming and
earlier ones, the host team, the buurt or wijk linked to the atlas, the report where the
visitor may read it; the public sees only werkbezoeken open to guests."""

import json

import pytest
from django.urls import reverse

from buurtkompas.network import report_services
from buurtkompas.regions.models import Region
from tests.helpers import text_of
from tests.network_events_fixtures import make_event

pytestmark = pytest.mark.django_db


def test_it_shows_coming_and_earlier_work_visits_with_their_place_and_report(
    network, network_personas, team, as_user
):
    coordinator = network_personas["network_coordinator"]
    wijk = Region.objects.filter(level="wijk", code="WK034401").latest("year")
    earlier = make_event(network, coordinator, days=-60, kind="werkbezoek", host_workspace=team,
                         region=wijk, title="Werkbezoek Utrecht", public=True)  # fmt: skip
    make_event(network, coordinator, days=30, kind="werkbezoek", host_workspace=team,
               title="Werkbezoek Arnhem", public=False)  # fmt: skip
    make_event(network, coordinator, days=10, title="Landelijke dag")  # not a werkbezoek
    report = report_services.report_save(actor=coordinator, event=earlier, text="Verslag",
                                          visibility="public")  # fmt: skip
    report_services.report_publish(actor=coordinator, report=report)
    url = reverse("network:work_visits", args=[network.slug])
    member = as_user(network_personas["network_member"]).get(url)
    text = text_of(member)
    assert "Coming up" in text and "Werkbezoek Arnhem" in text and "Landelijke dag" not in text
    assert f"Werkbezoek Utrecht {team.name} {wijk.name} Read" in text
    points = json.loads(
        member.content.decode()
        .split('id="work-visit-points" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert [p["title"] for p in points] == ["Werkbezoek Utrecht"]  # the other has no buurt or wijk
    west, south, east, north = wijk.bbox
    assert west <= points[0]["lon"] <= east and south <= points[0]["lat"] <= north
    public = text_of(as_user(None).get(url))
    assert "Werkbezoek Utrecht" in public and "Werkbezoek Arnhem" not in public
