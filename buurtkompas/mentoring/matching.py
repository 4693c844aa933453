"""The matching score of a master for a rookie: pure functions, no database.

`score(rookie, master)` returns the points and the reasons in words, so the coordinator sees
why a suggestion ranks where it does. The parts (docs/mentoring.md, "The matching score"):

- shared themes: 20 points each, at most 60;
- distance between the rookie's gemeente and the nearest gemeente of the master (centres of
  the gemeenten's shapes, as the crow flies): same gemeente 30, up to 25 km 20, up to 50 km 10;
- free places: 5 per free place, at most 15 (a master without a free place is not suggested);
- experience: 1 point per year, at most 10;
- stated wishes: the rookie's wish for a retired or a working master met +10, not met -20; a
  master who wants to travel less far than the distance -20.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from buurtkompas.mentoring.models import theme_labels

THEME_POINTS, THEME_MAX = 20, 60
SAME_GEMEENTE, NEAR_KM, NEAR, FAR_KM, FAR = 30, 25, 20, 50, 10
PLACE_POINTS, PLACE_MAX = 5, 15
YEAR_POINTS, YEAR_MAX = 1, 10
WISH_MET, WISH_NOT_MET = 10, -20


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    centre: tuple[float, float] | None  # (longitude, latitude)


@dataclass(frozen=True)
class Rookie:
    themes: frozenset[str]
    place: Place
    master_preference: str = ""  # "", "retired", "working"


@dataclass(frozen=True)
class Master:
    themes: frozenset[str]
    places: tuple[Place, ...]
    free_places: int
    capacity: int
    years_experience: int
    retired: bool
    max_travel_km: int | None = None


@dataclass
class Score:
    points: int = 0
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def centre_of(bbox) -> tuple[float, float] | None:
    """The centre of a [west, south, east, north] box, or None without a box."""
    if not bbox or len(bbox) != 4:
        return None
    west, south, east, north = bbox
    return ((west + east) / 2, (south + north) / 2)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (longitude, latitude) points, in km."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def nearest(rookie: Rookie, master: Master) -> tuple[Place | None, float | None]:
    """The master's gemeente nearest to the rookie's, and its distance (None if unknown)."""
    best = (None, None)
    for place in master.places:
        if place.code == rookie.place.code:
            return place, 0.0
        if place.centre and rookie.place.centre:
            km = distance_km(place.centre, rookie.place.centre)
            if best[1] is None or km < best[1]:
                best = (place, km)
    return best


def _themes(rookie, master, result: Score) -> None:
    shared = sorted(rookie.themes & master.themes)
    if shared:
        result.points += min(THEME_MAX, THEME_POINTS * len(shared))
        result.reasons.append(
            _("Shared themes: %(themes)s") % {"themes": ", ".join(theme_labels(shared))}
        )
    else:
        result.reasons.append(_("No shared themes"))


def _distance(rookie, master, result: Score) -> None:
    place, km = nearest(rookie, master)
    result.distance_km = km
    if km is None:
        result.reasons.append(_("Distance unknown: the master named no gemeente with a shape"))
    elif km == 0:
        result.points += SAME_GEMEENTE
        result.reasons.append(_("Both work in %(gemeente)s") % {"gemeente": place.name})
    else:
        result.points += NEAR if km <= NEAR_KM else FAR if km <= FAR_KM else 0
        result.reasons.append(
            _("%(km)s km between %(rookie)s and %(master)s")
            % {"km": round(km), "rookie": rookie.place.name, "master": place.name}
        )
    if km is not None and master.max_travel_km is not None and km > master.max_travel_km:
        result.points += WISH_NOT_MET
        result.reasons.append(
            _("Further than the master wants to travel (%(max)s km)")
            % {"max": master.max_travel_km}
        )


def _capacity_and_experience(master, result: Score) -> None:
    result.points += min(PLACE_MAX, PLACE_POINTS * master.free_places)
    result.reasons.append(
        _("%(free)s of %(capacity)s places free")
        % {"free": master.free_places, "capacity": master.capacity}
    )
    result.points += min(YEAR_MAX, YEAR_POINTS * master.years_experience)
    result.reasons.append(_("%(years)s years of experience") % {"years": master.years_experience})


def _wishes(rookie, master, result: Score) -> None:
    wish = rookie.master_preference
    if not wish:
        return
    if (wish == "retired") == master.retired:
        result.points += WISH_MET
        result.reasons.append(_("Meets the rookie's wish for a retired or a working master"))
    else:
        result.points += WISH_NOT_MET
        result.reasons.append(
            _("Does not meet the rookie's wish for a retired or a working master")
        )


def score(rookie: Rookie, master: Master) -> Score:
    result = Score()
    _themes(rookie, master, result)
    _distance(rookie, master, result)
    _capacity_and_experience(master, result)
    _wishes(rookie, master, result)
    return result
