"""The krachtenkaart: assets of the five ABCD kinds, talents that need the resident's consent,
the "who can help with …" search, connections, the map of the buurt, and who may see what."""

import re
from functools import partial

import pytest
from django.conf import settings

from buurtkompas.audit.models import AuditEvent
from buurtkompas.buurtwerk.models import Asset
from buurtkompas.buurtwerk.services.assets import asset_connect, asset_create
from buurtkompas.regions.models import Region
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_withdraw
from tests import helpers
from tests.helpers import NAME, PAYLOAD, count_queries, page, team_urls

url = team_urls("buurtwerk")
# Talents need the resident's consent to be listed as a volunteer.
resident = partial(helpers.resident, consent=Purpose.VOLUNTEER)

pytestmark = pytest.mark.django_db

NO_CONSENT = "There is no consent from this resident for being listed as a volunteer."


def add(team, actor, title: str = "Buurthuis De Kolk", kind: str = "place", **fields) -> Asset:
    return asset_create(actor=actor, workspace=team, kind=kind, title=title, **fields)


def talent(team, actor, title: str = "Fietsen repareren", **fields) -> Asset:
    contact = resident(team, actor)
    return add(team, actor, title, kind="talent", contact=contact, **fields)


def test_it_adds_an_asset_and_audits_it_without_its_text(personas, team, as_user):
    client = as_user(personas["opbouwwerker"])
    data = {"kind": "association", "title": "Moestuinclub", "skills": "tuinieren, compost"}
    response = client.post(url("asset_create", team), data)
    asset = Asset.objects.get(workspace=team)
    assert response.status_code == 302
    assert response["Location"] == url("asset_detail", team, asset.pk)
    assert (asset.kind, asset.created_by) == ("association", personas["opbouwwerker"])
    event = AuditEvent.objects.get(action="buurtwerk.asset.created")
    assert event.data == {"kind": "association"}
    assert "Moestuinclub" not in str(event.data)
    assert "Moestuinclub" in page(client.get(url("assets", team)))


def test_it_links_a_talent_only_to_a_resident_who_consented(personas, team, as_user):
    coordinator = personas["coordinator"]
    without = resident(team, coordinator, consent=None)
    client = as_user(coordinator)
    data = {"kind": "talent", "title": "Koken voor de buurt", "contact": without.pk}
    response = client.post(url("asset_create", team), data)
    assert response.status_code == 200
    assert NO_CONSENT in page(response)
    assert 'value="Koken voor de buurt"' in page(response)
    assert not Asset.objects.exists()
    response = client.post(url("asset_create", team), {"kind": "talent", "title": "Koken"})
    assert "Choose the resident whose talent this is." in page(response)
    consenting = resident(team, coordinator, name="Ada Jansen")
    response = client.post(url("asset_create", team), {**data, "contact": consenting.pk})
    assert response.status_code == 302
    assert Asset.objects.get().contact == consenting
    assert "Ada Jansen" in page(client.get(url("assets", team)))


def test_it_shows_partners_counts_of_talents_but_never_the_residents(personas, team, as_user):
    coordinator = personas["coordinator"]
    secret = talent(team, coordinator, "Naaien en verstellen", latitude=51.9, longitude=4.5)
    add(team, coordinator, "Bibliotheek Zuid", kind="institution", latitude=51.89, longitude=4.49)
    for persona in ("partner", "vrijwilliger"):
        client = as_user(personas[persona])
        text = page(client.get(url("assets", team)))
        assert "Bibliotheek Zuid" in text
        assert NAME not in text and "Naaien" not in text
        assert "Besides these, 1 resident's talent matches." in text
        assert client.get(url("asset_detail", team, secret.pk)).status_code == 403
        text = page(client.get(url("asset_map", team)))
        assert "Bibliotheek Zuid" in text and "Naaien" not in text and NAME not in text
    text = page(as_user(personas["partner"]).get(url("assets", team) + "?zoek=naaien"))
    assert "Besides these, 1 resident's talent matches." in text and "Naaien" not in text
    assert NAME in page(as_user(coordinator).get(url("asset_detail", team, secret.pk)))


def test_it_offers_no_talents_to_a_volunteer_without_access_to_personal_data(
    personas, team, as_user
):
    contact = resident(team, personas["coordinator"])
    client = as_user(personas["vrijwilliger"])
    text = page(client.get(url("asset_create", team)))
    assert 'value="talent"' not in text and NAME not in text
    data = {"kind": "talent", "title": "Taallessen", "contact": contact.pk}
    response = client.post(url("asset_create", team), data)
    assert response.status_code == 200
    assert "Select a valid choice." in page(response)
    assert not Asset.objects.exists()


def test_it_searches_who_can_help_and_shows_talents_first(personas, team, as_user):
    coordinator = personas["coordinator"]
    add(team, coordinator, "Repair Café", kind="association", skills="fietsen, elektra")
    add(team, coordinator, "Fietsenwerkplaats", kind="place")
    talent(team, coordinator, "Handige buurman", skills="fietsen plakken")
    add(team, coordinator, "Zwembad", kind="place", description="banen zwemmen")
    client = as_user(coordinator)
    text = page(client.get(url("assets", team) + "?zoek=fietsen"))
    assert "3 assets found." in text and "Zwembad" not in text
    assert text.index("Handige buurman") < text.index("Repair Café")
    assert text.index("Handige buurman") < text.index("Fietsenwerkplaats")
    text = page(client.get(url("assets", team) + "?zoek=fietsen+elektra"))
    assert "1 asset found." in text and "Repair Café" in text
    text = page(client.get(url("assets", team) + "?soort=place"))
    assert "Zwembad" in text and "Fietsenwerkplaats" in text and "Repair Café" not in text


def test_it_paginates_the_list_by_fifty(personas, team, as_user):
    for n in range(51):
        add(team, personas["coordinator"], f"Plek {n:02d}")
    client = as_user(personas["partner"])
    first = page(client.get(url("assets", team) + "?soort=place"))
    assert "Plek 49" in first and "Plek 50" not in first and "Page 1 of 2" in first
    assert "?soort=place&pagina=2" in first
    second = page(client.get(url("assets", team) + "?soort=place&pagina=2"))
    assert "Plek 50" in second and "Plek 49" not in second


def test_it_lists_many_assets_with_a_constant_number_of_queries(personas, team, as_user):
    coordinator = personas["coordinator"]
    first = add(team, coordinator, "Eerste plek", latitude=51.9, longitude=4.5)
    client = as_user(coordinator)

    def count(name: str) -> int:
        return count_queries(client, url(name, team))

    before = {name: count(name) for name in ("assets", "asset_map")}
    buurt = Region.objects.filter(level="buurt").first()
    for n in range(12):
        other = talent(team, coordinator, f"Talent {n}", buurt=buurt, latitude=51.9, longitude=4.5)
        asset_connect(actor=coordinator, asset=first, other=other)
    assert {name: count(name) for name in ("assets", "asset_map")} == before


def test_it_answers_404_for_an_asset_of_another_team(personas, team, as_user, other_team):
    theirs = add(other_team, personas["outsider"], "Hun buurthuis")
    ours = add(team, personas["coordinator"], "Ons buurthuis")
    client = as_user(personas["coordinator"])
    for name in ("asset_detail", "asset_edit", "asset_delete"):
        assert client.get(url(name, team, theirs.pk)).status_code == 404, name
    assert client.post(url("asset_delete", team, theirs.pk)).status_code == 404
    response = client.post(url("asset_connect", team, ours.pk), {"other": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice." in page(response)
    assert not ours.connects.exists()
    assert Asset.objects.filter(pk=theirs.pk).exists()


def test_it_shows_the_form_again_with_errors_and_keeps_the_input(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = {
        "kind": "place",
        "title": "Speeltuin De Esch",
        "description": "Met een bankje",
        "skills": "spelen",
        "latitude": "48.2",
        "longitude": "4.49",
    }
    text = page(client.post(url("asset_create", team), data))
    assert "A latitude in the Netherlands lies between 50 and 54" in text
    assert 'value="Speeltuin De Esch"' in text and "Met een bankje" in text
    assert 'value="48.2"' in text and 'value="spelen"' in text
    text = page(
        client.post(url("asset_create", team), {**data, "latitude": "51.9", "longitude": "9"})
    )
    assert "A longitude in the Netherlands lies between 3 and 8" in text
    text = page(
        client.post(url("asset_create", team), {**data, "latitude": "51.9", "longitude": ""})
    )
    assert "Give both the latitude and the longitude, or neither." in text
    text = page(client.post(url("asset_create", team), {**data, "title": "", "latitude": "x"}))
    assert "This field is required." in text and "Enter a number." in text
    assert not Asset.objects.exists()


def test_it_accepts_coordinates_with_a_decimal_comma(personas, team, as_user):
    client = as_user(personas["coordinator"])
    data = {"kind": "place", "title": "Plein", "latitude": "51,8876", "longitude": " 4,4893 "}
    assert client.post(url("asset_create", team), data).status_code == 302
    asset = Asset.objects.get()
    assert (asset.latitude, asset.longitude) == (51.8876, 4.4893)


def test_it_escapes_script_in_every_text_field(personas, team, as_user):
    coordinator = personas["coordinator"]
    fields = {"description": PAYLOAD, "skills": PAYLOAD, "latitude": 51.9, "longitude": 4.5}
    asset = add(team, coordinator, PAYLOAD, **fields)
    other = add(team, coordinator, "Buur")
    asset_connect(actor=coordinator, asset=other, other=asset)
    client = as_user(coordinator)
    pages = [
        url("assets", team),
        url("asset_map", team),
        url("asset_detail", team, asset.pk),
        url("asset_detail", team, other.pk),
        url("asset_edit", team, asset.pk),
        url("asset_delete", team, asset.pk),
        url("asset_delete", team, other.pk),
    ]
    for path in pages:
        raw = client.get(path).content.decode()
        assert PAYLOAD not in raw, path
        assert "&lt;script&gt;" in raw, path


def test_it_lets_a_volunteer_change_only_their_own_assets(personas, team, as_user):
    theirs = add(team, personas["coordinator"], "Wijkcentrum")
    client = as_user(personas["vrijwilliger"])
    assert client.get(url("asset_detail", team, theirs.pk)).status_code == 200
    for name in ("asset_edit", "asset_delete"):
        assert client.get(url(name, team, theirs.pk)).status_code == 403
    assert client.post(url("asset_delete", team, theirs.pk)).status_code == 403
    assert client.post(url("asset_connect", team, theirs.pk)).status_code == 403
    response = client.post(url("asset_create", team), {"kind": "place", "title": "Bankje"})
    own = Asset.objects.get(title="Bankje")
    assert response["Location"] == url("asset_detail", team, own.pk)
    data = {"kind": "place", "title": "Bankje bij de vijver"}
    assert client.post(url("asset_edit", team, own.pk), data).status_code == 302
    own.refresh_from_db()
    assert own.title == "Bankje bij de vijver"
    partner = as_user(personas["partner"])
    assert partner.get(url("asset_create", team)).status_code == 403
    assert "Add an asset" not in page(partner.get(url("assets", team)))


def test_it_connects_assets_both_ways_and_removes_a_connection(personas, team, as_user):
    school = add(team, personas["coordinator"], "Basisschool De Regenboog", kind="institution")
    club = add(team, personas["coordinator"], "Voetbalclub", kind="association")
    client = as_user(personas["opbouwwerker"])
    response = client.post(url("asset_connect", team, school.pk), {"other": club.pk})
    assert response.status_code == 302
    assert "Basisschool De Regenboog" in page(client.get(url("asset_detail", team, club.pk)))
    assert list(club.connects.all()) == [school]
    client.post(url("asset_disconnect", team, club.pk), {"other": school.pk})
    assert not school.connects.exists()
    actions = AuditEvent.objects.filter(action__startswith="buurtwerk.asset.")
    assert {"buurtwerk.asset.connected", "buurtwerk.asset.disconnected"} <= set(
        actions.values_list("action", flat=True)
    )


def test_it_asks_before_deleting_an_asset_others_link_to(personas, team, as_user):
    coordinator = personas["coordinator"]
    hall = add(team, coordinator, "Sporthal")
    club = add(team, coordinator, "Basketbalvereniging", kind="association")
    asset_connect(actor=coordinator, asset=hall, other=club)
    client = as_user(coordinator)
    text = page(client.get(url("asset_delete", team, hall.pk)))
    assert "Basketbalvereniging" in text
    assert "The connections above are removed; the assets themselves stay on the map." in text
    response = client.post(url("asset_delete", team, hall.pk))
    assert response["Location"] == url("assets", team)
    assert list(Asset.objects.filter(workspace=team)) == [club]
    assert not club.connects.exists()
    event = AuditEvent.objects.get(action="buurtwerk.asset.deleted")
    assert event.data == {"kind": "place", "connections": 1}


def test_it_draws_the_team_areas_with_a_linked_dot_per_located_asset(personas, team, as_user):
    ring = [[4.48, 51.88], [4.50, 51.88], [4.50, 51.90], [4.48, 51.90], [4.48, 51.88]]
    buurt = Region.objects.create(
        code="BU99990101",
        year=2099,
        level="buurt",
        name="Testbuurt",
        gemeente_code="GM9999",
        geometry={"type": "Polygon", "coordinates": [ring]},
        bbox=[4.48, 51.88, 4.50, 51.90],
    )
    team.regions.add(buurt)
    located = add(team, personas["coordinator"], "Speeltuin", latitude=51.89, longitude=4.49)
    add(team, personas["coordinator"], "Zonder plek", kind="association")
    client = as_user(personas["partner"])
    text = page(client.get(url("asset_map", team)))
    assert 'class="assets-area"' in text and "Testbuurt" in text
    detail = url("asset_detail", team, located.pk)
    assert f'<a href="{detail}" aria-label="Speeltuin (physical place)">' in text
    middle = re.compile(r'<circle cx="\d+\.\d" cy="320\.0" r="9"')  # decimal points, not commas
    assert middle.search(text)  # the middle of the buurt, halfway down a 640 high map
    assert "1 other asset has no location" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert middle.search(page(client.get(url("asset_map", team))))


def test_it_hides_a_talent_whose_resident_withdrew_consent(personas, team, as_user):
    coordinator = personas["coordinator"]
    asset = talent(team, coordinator, "Voorlezen")
    consent_withdraw(actor=coordinator, consent=asset.contact.consents.get())
    client = as_user(coordinator)
    for path in (url("assets", team), url("asset_detail", team, asset.pk)):
        text = page(client.get(path))
        assert "Voorlezen" in text and NAME not in text
        assert "consent withdrawn: not shown" in text
    data = {"kind": "talent", "title": "Voorlezen", "contact": asset.contact.pk}
    assert NO_CONSENT in page(client.post(url("asset_edit", team, asset.pk), data))
