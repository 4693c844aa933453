"""Reads of mentoring, with who-sees-what built in.

- The pair (rookie and master) reads their trajectory, its intake, meetings with private notes
  and evaluations: `trajectory_of_pair`.
- Coordinators read offers, requests and suggestions, and per trajectory only status, dates,
  counts, the evaluations' due dates and scores: `overview` and `coordinator_view` return
  plain values, never the private notes, the intake or an evaluation's comments.
- Other members read only their own offer and request."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from buurtkompas.mentoring import matching
from buurtkompas.mentoring.models import (
    Evaluation,
    MasterOffer,
    RookieRequest,
    Trajectory,
)
from buurtkompas.regions.models import Level, Region

Status = Trajectory.Status
BUSY = Trajectory.BUSY
OUTSIDE_THE_COUNTRY = "GM0998"  # "Buitenland" in the gemeente boundaries


def gemeenten():
    """The gemeenten of the newest indeling with shapes (for distances), by name."""
    year = (
        Region.objects.filter(level=Level.GEMEENTE)
        .exclude(bbox=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    found = Region.objects.filter(level=Level.GEMEENTE).exclude(code=OUTSIDE_THE_COUNTRY)
    return (found.filter(year=year) if year else found).order_by("name")


def offer_of(network, user) -> MasterOffer | None:
    return MasterOffer.objects.filter(network=network, user=user).first()


def request_of(network, user) -> RookieRequest | None:
    return (
        RookieRequest.objects.filter(network=network, user=user, status__in=RookieRequest.CURRENT)
        .select_related("region")
        .first()
    )


def trajectories_of(network, user):
    """The trajectories this member is in, as rookie or master."""
    return (
        Trajectory.objects.filter(network=network)
        .filter(Q(request__user=user) | Q(offer__user=user))
        .select_related("offer__user", "request__user")
    )


def trajectory_of_pair(network, user, trajectory_id) -> tuple[Trajectory, str]:
    """The trajectory and the visitor's role in it; 404 for anyone but the pair."""
    found = (
        trajectories_of(network, user).select_related("network").filter(pk=trajectory_id).first()
    )
    if found is None:
        raise Http404
    return found, found.role_of(user)


def trajectory_in(network, trajectory_id) -> Trajectory:
    found = (
        Trajectory.objects.filter(network=network, pk=trajectory_id)
        .select_related("network", "offer__user", "request__user")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- the coordinators' reads ------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    kind: str
    label: str
    due: dt.date
    done: bool
    score: int | None
    overdue: bool


def evaluations_due(trajectory, today) -> list[Due]:
    if not trajectory.start_date:
        return []
    scores = dict(trajectory.evaluations.values_list("kind", "goals_reached"))
    rows = []
    for kind, due in ((Evaluation.Kind.MIDTERM, trajectory.midterm_due),
                      (Evaluation.Kind.END, trajectory.end_due)):  # fmt: skip
        done = kind in scores
        overdue = not done and trajectory.is_running and due <= today
        rows.append(Due(kind, str(kind.label), due, done, scores.get(kind), overdue))
    return rows


@dataclass(frozen=True)
class Row:
    """What a coordinator sees of one trajectory: no text the pair wrote."""

    pk: int
    status: str
    status_label: str
    rookie: str
    master: str
    proposed_at: dt.datetime
    start_date: dt.date | None
    ended_at: dt.date | None
    months_running: int
    meetings_count: int
    last_meeting: dt.date | None
    evaluations: list[Due]
    end_reason: str
    decline_reason: str


def _row(trajectory, today) -> Row:
    return Row(
        pk=trajectory.pk,
        status=trajectory.status,
        status_label=trajectory.get_status_display(),
        rookie=trajectory.rookie.name,
        master=trajectory.master.name,
        proposed_at=trajectory.proposed_at,
        start_date=trajectory.start_date,
        ended_at=trajectory.ended_at,
        months_running=trajectory.months_running(today),
        meetings_count=trajectory.meetings_count,
        last_meeting=trajectory.last_meeting,
        evaluations=evaluations_due(trajectory, today),
        end_reason=trajectory.end_reason,
        decline_reason=trajectory.decline_reason,
    )


STATUS_ORDER = [Status.PROPOSED, Status.RUNNING, Status.COMPLETED, Status.ENDED_EARLY,
                Status.DECLINED]  # fmt: skip


def overview(network, *, today=None) -> list[tuple[str, list[Row]]]:
    """[(status label, rows)] in STATUS_ORDER; statuses without a trajectory are left out."""
    today = today or timezone.localdate()
    found = (
        Trajectory.objects.filter(network=network)
        .select_related("offer__user", "request__user")
        .annotate(meetings_count=Count("meetings"), last_meeting=Max("meetings__date"))
        .order_by("start_date", "proposed_at")
    )
    groups = {status: [] for status in STATUS_ORDER}
    for trajectory in found:
        groups[trajectory.status].append(_row(trajectory, today))
    return [(status.label, rows) for status, rows in groups.items() if rows]


def coordinator_view(trajectory, *, today=None) -> Row:
    found = Trajectory.objects.annotate(
        meetings_count=Count("meetings"), last_meeting=Max("meetings__date")
    ).select_related("offer__user", "request__user")
    return _row(found.get(pk=trajectory.pk), today or timezone.localdate())


def open_requests(network):
    return (
        RookieRequest.objects.filter(network=network, status=RookieRequest.Status.OPEN)
        .filter(user__network_memberships__network=network)  # still a member
        .select_related("user", "region")
        .annotate(waiting=Count("trajectories", filter=Q(trajectories__status=Status.PROPOSED)))
    )


def offers(network):
    """Active offers with their number of rookies (running or proposed)."""
    return (
        MasterOffer.objects.filter(network=network, active=True)
        .filter(user__network_memberships__network=network)  # still a member
        .select_related("user")
        .prefetch_related("regions")
        .annotate(busy=Count("trajectories", filter=Q(trajectories__status__in=BUSY)))
        .order_by("user__name")
    )


def open_request(network, request_id) -> RookieRequest:
    found = open_requests(network).filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


# --- suggestions ------------------------------------------------------------------------------


def _place(region) -> matching.Place:
    return matching.Place(region.code, region.name, matching.centre_of(region.bbox))


@dataclass(frozen=True)
class Suggestion:
    offer: MasterOffer
    score: matching.Score


def suggestions(request: RookieRequest) -> list[Suggestion]:
    """The network's active masters with a free place for this rookie, best first (never the
    rookie themself, never a pair proposed before)."""
    rookie = matching.Rookie(
        frozenset(request.themes), _place(request.region), request.master_preference
    )
    before = request.trajectories.values("offer")
    found = []
    for offer in offers(request.network).exclude(user=request.user).exclude(pk__in=before):
        free = offer.capacity - offer.busy
        if free <= 0:
            continue
        master = matching.Master(
            themes=frozenset(offer.themes),
            places=tuple(_place(r) for r in offer.regions.all()),
            free_places=free,
            capacity=offer.capacity,
            years_experience=offer.years_experience,
            retired=offer.retired,
            max_travel_km=offer.max_travel_km,
        )
        found.append(Suggestion(offer, matching.score(rookie, master)))
    return sorted(found, key=lambda s: (-s.score.points, s.offer.user.name))
