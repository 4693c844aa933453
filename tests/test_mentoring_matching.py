# ruff: noqa: F811 (the fixtures imported from tests.mentoring_fixtures are parameters)
"""The matching score (pure) and the ranked suggestions a coordinator sees."""

import pytest
from django.utils import translation

from buurtkompas.accounts.models import User
from buurtkompas.mentoring import matching, selectors, services
from buurtkompas.network.services import member_add
from tests.mentoring_fixtures import gemeente, make_offer, make_request, mentors  # noqa: F401

ROTTERDAM = matching.Place("GM0599", "Rotterdam", (4.48, 51.92))
AMSTERDAM = matching.Place("GM0363", "Amsterdam", (4.90, 52.37))


def master(**fields):
    values = {
        "themes": frozenset({"energy_saving"}),
        "places": (ROTTERDAM,),
        "free_places": 1,
        "capacity": 2,
        "years_experience": 5,
        "retired": False,
    } | fields
    return matching.Master(**values)


def rookie(**fields):
    values = {"themes": frozenset({"energy_saving", "abcd"}), "place": ROTTERDAM} | fields
    return matching.Rookie(**values)


def test_it_measures_the_distance_between_gemeenten_as_the_crow_flies():
    assert 55 < matching.distance_km(ROTTERDAM.centre, AMSTERDAM.centre) < 60
    assert matching.centre_of([4.0, 51.0, 5.0, 52.0]) == (4.5, 51.5)
    assert matching.centre_of(None) is None


def test_it_gives_points_with_a_reason_for_each_part():
    with translation.override("en"):
        result = matching.score(rookie(), master())
    assert result.reasons == [
        "Shared themes: energy saving",
        "Both work in Rotterdam",
        "1 of 2 places free",
        "5 years of experience",
    ]
    assert result.points == 20 + 30 + 5 + 5
    assert result.distance_km == 0


def test_it_ranks_a_near_master_above_a_far_one_and_says_how_far():
    with translation.override("en"):
        far = matching.score(rookie(), master(places=(AMSTERDAM,)))
    near = matching.score(rookie(), master())
    assert far.points < near.points
    assert "58 km between Rotterdam and Amsterdam" in far.reasons


def test_it_weighs_the_wishes_either_side_stated():
    with translation.override("en"):
        unmet = matching.score(rookie(master_preference="retired"), master(retired=False))
        met = matching.score(rookie(master_preference="retired"), master(retired=True))
        too_far = matching.score(rookie(), master(places=(AMSTERDAM,), max_travel_km=20))
    assert met.points - unmet.points == 30
    assert "Does not meet the rookie's wish for a retired or a working master" in unmet.reasons
    assert "Further than the master wants to travel (20 km)" in too_far.reasons


def test_it_says_when_the_distance_is_unknown():
    with translation.override("en"):
        result = matching.score(rookie(), master(places=()))
    assert result.distance_km is None
    assert "Distance unknown: the master named no gemeente with a shape" in result.reasons


@pytest.mark.django_db
def test_it_suggests_masters_with_a_free_place_best_first(network, mentors):
    coordinator = mentors["coordinator"]
    far = User.objects.create_user("far@example.org", "x", name="Far Master")
    member_add(actor=coordinator, network=network, user=far)
    make_offer(network, far, regions=[gemeente("Groningen")], themes=["greening"])
    make_offer(network, mentors["master"])
    full = make_offer(network, mentors["member"], capacity=1)
    other = User.objects.create_user("other@example.org", "x", name="Other Rookie")
    member_add(actor=coordinator, network=network, user=other)
    services.trajectory_propose(actor=coordinator, offer=full, request=make_request(network, other))
    wanted = make_request(network, mentors["rookie"])
    make_offer(network, mentors["rookie"])  # a rookie is never their own master

    found = selectors.suggestions(wanted)

    assert [s.offer.user.name for s in found] == ["Master", "Far Master"]
    assert found[0].score.points > found[1].score.points
    assert found[1].score.distance_km > 150
