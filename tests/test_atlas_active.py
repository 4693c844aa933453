"""The atlas learns from the teams: publicly listed teams (approved by a platform coordinator)
mark their areas "community work active" on the map, the ranking, the downloads and the API,
and a gemeente shows its high-need areas without community work. Nothing else about a team
leaves its workspace."""

import csv
import io
import json
import re

import pytest

from buurtkompas.atlas import community, selectors
from buurtkompas.atlas.params import AtlasQuery, default_weights
from buurtkompas.regions.models import Region
from buurtkompas.residents.services import contact_create
from buurtkompas.workspaces.services import listing_approve, workspace_create, workspace_update

pytestmark = pytest.mark.django_db

ROTTERDAM = "GM0599"
CHARLOIS = "WK059915"
SECRETS = ("Geheime teambeschrijving", "Bewoner Verborgen", "06-12345678", "Lid Onzichtbaar")


def wijk(code: str, year: int = 2024) -> Region:
    return Region.objects.get(code=code, year=year)


@pytest.fixture
def approver(db):
    from buurtkompas.accounts.models import User

    return User.objects.create_user(
        "platform@example.org", "x" * 20, name="Platform", is_platform_coordinator=True
    )


@pytest.fixture
def listed_team(personas, organisation, approver):
    """listed_team(name, areas) -> a team that asked to be listed and was approved."""

    def make(name, regions, **fields):
        team = workspace_create(
            actor=personas["coordinator"],
            name=name,
            lead_organisation=organisation,
            regions=regions,
            is_public=True,
            **fields,
        )
        return listing_approve(actor=approver, workspace=team, verify_organisation=True)

    return make


@pytest.fixture
def listed(personas, listed_team):
    """A publicly listed team in Charlois, with a description, a member and a resident that must
    never appear outside the team."""
    from buurtkompas.accounts.models import User
    from buurtkompas.workspaces.models import Membership

    coordinator = personas["coordinator"]
    team = listed_team("Energieteam Charlois", [wijk(CHARLOIS)], description=SECRETS[0])
    member = User.objects.create_user("lid@example.org", "x" * 20, name=SECRETS[3])
    Membership.objects.create(workspace=team, user=member, role="opbouwwerker")
    contact_create(actor=coordinator, workspace=team, name=SECRETS[1], reach=SECRETS[2])
    return team


def rotterdam_ranking(**extra):
    query = AtlasQuery(level="wijk", gemeente=ROTTERDAM, weights=default_weights(), **extra)
    return selectors.ranking(query)


def part(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_it_marks_the_areas_of_a_public_team_and_their_gemeente_as_active(listed):
    codes = selectors.active_codes()
    assert {CHARLOIS, ROTTERDAM} <= codes
    assert "WK059910" not in codes  # Feijenoord, next door: nobody listed there


def test_it_marks_the_wijk_and_gemeente_of_a_covered_buurt(listed_team):
    buurt = Region.objects.filter(level="buurt").exclude(parent=None).first()
    listed_team("Buurtteam", [buurt])
    codes = selectors.active_codes()
    assert {buurt.code, "WK" + buurt.code[2:8], "GM" + buurt.code[2:6]} <= codes


def test_it_does_not_mark_the_areas_of_a_private_team(team):
    workspace_update(actor=None, workspace=team, regions=[wijk(CHARLOIS)])
    assert CHARLOIS not in selectors.active_codes()
    ranking = rotterdam_ranking()
    assert CHARLOIS not in ranking.active
    assert community.teams_active_in(wijk(CHARLOIS)) == []


def test_it_never_lists_a_demonstration_team_even_when_it_is_public(listed):
    listed.is_demo = True
    listed.save()
    assert CHARLOIS not in selectors.active_codes()
    assert community.teams_active_in(wijk(CHARLOIS)) == []


def test_it_stops_marking_the_areas_when_the_team_is_no_longer_listed(listed):
    assert CHARLOIS in rotterdam_ranking().active
    workspace_update(actor=None, workspace=listed, is_public=False)
    assert CHARLOIS not in rotterdam_ranking().active


def test_it_leaves_the_active_areas_out_of_the_gap_list(listed_team):
    before = community.gap(community.gap_query("wijk", 2024, ROTTERDAM))
    assert before.rows, "Rotterdam has wijken with an index of 60 or more"
    assert all(r.score.score >= 60 and r.code.startswith("WK0599") for r in before.rows)
    neediest = before.rows[0]
    listed_team("Team Zuid", [wijk(neediest.code)])
    after = community.gap(community.gap_query("wijk", 2024, ROTTERDAM))
    assert [r.code for r in after.rows] == [r.code for r in before.rows if r is not neediest]


def test_it_shows_the_gap_with_links_on_the_gemeente_profile(client, listed):
    gap = community.gap(community.gap_query("wijk", 2024, ROTTERDAM))
    html = client.get("/regio/2024/GM0599/").content.decode()
    box = part(html, 'class="community-work"', "</div>")
    assert "Energieteam Charlois (Welzijn Zuid)" in box
    assert "Charlois" in box  # the covered area's name
    linked = re.findall(r'href="/regio/2024/(WK0599\d\d)/"', box)
    assert linked == [r.code for r in gap.rows]
    assert CHARLOIS not in linked
    assert f"gemeente={ROTTERDAM}&amp;without_community_work=1" in box


def test_it_names_the_listed_team_on_the_profile_of_its_wijk(client, listed):
    html = client.get(f"/regio/2024/{CHARLOIS}/").content.decode()
    box = part(html, 'class="community-work"', "</div>")
    assert "Energieteam Charlois (Welzijn Zuid)" in box
    other = client.get("/regio/2024/WK059910/").content.decode()
    assert "Energieteam Charlois" not in other


def test_it_badges_active_areas_in_the_ranking_and_filters_them_out(client, listed):
    html = client.get(f"/atlas/ranglijst/?gemeente={ROTTERDAM}&per_page=100").content.decode()
    tbody = part(html, "<tbody>", "</tbody>")
    rows = tbody.split("<tr>")
    charlois = next(r for r in rows if f"/{CHARLOIS}/" in r)
    assert "active-badge" in charlois
    assert sum("active-badge" in r for r in rows) == 1
    assert 'class="gap-box"' in html
    filtered = client.get(f"/atlas/ranglijst/?gemeente={ROTTERDAM}&without_community_work=1")
    assert filtered.status_code == 200
    assert f"/{CHARLOIS}/" not in part(filtered.content.decode(), "<tbody>", "</tbody>")
    assert 'name="without_community_work" value="1" type="checkbox" checked' in (
        filtered.content.decode()
    )


def test_it_carries_the_flag_in_the_csv_and_geojson_downloads(client, listed):
    base = f"/atlas/ranglijst/?gemeente={ROTTERDAM}"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{base}&format=csv").content.decode())))
    flags = {r["code"]: r["community_work_active"] for r in rows}
    assert flags[CHARLOIS] == "true"
    assert set(flags.values()) == {"true", "false"}
    data = json.loads(client.get(f"{base}&format=geojson").content)
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert props[CHARLOIS]["community_work_active"] is True
    assert props["WK059910"]["community_work_active"] is False
    without = client.get(f"{base}&without_community_work=1&format=csv").content.decode()
    codes = [r["code"] for r in csv.DictReader(io.StringIO(without))]
    assert CHARLOIS not in codes and len(codes) == len(rows) - 1


def test_it_carries_the_flag_in_the_api(client, listed):
    data = client.get("/api/index", {"gemeente": ROTTERDAM, "per_page": 100}).json()
    flags = {r["code"]: r["community_work_active"] for r in data["results"]}
    assert flags[CHARLOIS] is True and flags["WK059910"] is False
    without = client.get(
        "/api/index", {"gemeente": ROTTERDAM, "per_page": 100, "without_community_work": "1"}
    ).json()
    assert CHARLOIS not in {r["code"] for r in without["results"]}
    assert client.get(f"/api/regions/2024/{CHARLOIS}").json()["community_work_active"] is True
    assert client.get("/api/regions/2024/WK059910").json()["community_work_active"] is False


def test_it_returns_the_active_codes_with_the_map_values(client, listed):
    data = client.get("/atlas/kaart/waarden.json", {"level": "wijk"}).json()
    assert CHARLOIS in data["active"]
    assert "WK059910" not in data["active"]
    gemeenten = client.get("/atlas/kaart/waarden.json", {"level": "gemeente"}).json()
    assert ROTTERDAM in gemeenten["active"]


def test_it_refuses_a_bad_community_work_filter(client, db):
    response = client.get("/atlas/ranglijst/?without_community_work=misschien")
    assert response.status_code == 400
    assert "without_community_work" in response.content.decode()


def test_it_shows_nothing_else_about_the_team_on_atlas_pages_or_the_api(client, listed):
    urls = [
        "/atlas/",
        f"/atlas/ranglijst/?gemeente={ROTTERDAM}",
        f"/atlas/ranglijst/?gemeente={ROTTERDAM}&format=csv",
        f"/atlas/ranglijst/?gemeente={ROTTERDAM}&format=geojson",
        "/atlas/kaart/waarden.json?level=wijk",
        f"/regio/2024/{CHARLOIS}/",
        "/regio/2024/GM0599/",
        f"/api/index?gemeente={ROTTERDAM}",
        f"/api/regions/2024/{CHARLOIS}",
        f"/api/regions?gemeente={ROTTERDAM}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (*SECRETS, "coordinator@example.org", "lid@example.org"):
            assert secret not in body, (url, secret)


def test_it_reads_only_the_listings_its_registered_sources_give(monkeypatch, db):
    """The atlas knows no teams: it shows what the registered listing sources return."""
    from buurtkompas.atlas import listings

    buurt = Region.objects.filter(level="buurt").exclude(parent=None).first()
    wijk_code, gemeente_code = "WK" + buurt.code[2:8], "GM" + buurt.code[2:6]
    listing = listings.Listing(
        key="test:1",
        name="Bewonersnetwerk",
        organisation="Stichting Buurt",
        areas=((buurt.code, buurt.name),),
    )
    monkeypatch.setattr(listings, "_SOURCES", [lambda: [listing]])
    assert selectors.active_codes() == {buurt.code, wijk_code, gemeente_code}
    gemeente = Region.objects.get(code=gemeente_code, year=buurt.year)
    teams = community.teams_active_in(gemeente)
    assert [(t.name, t.organisation, t.areas) for t in teams] == [
        ("Bewonersnetwerk", "Stichting Buurt", [buurt.name])
    ]
    other = Region.objects.filter(level="wijk").exclude(code=wijk_code).first()
    assert community.teams_active_in(other) == []
    monkeypatch.setattr(listings, "_SOURCES", [])
    assert selectors.active_codes() == set()
