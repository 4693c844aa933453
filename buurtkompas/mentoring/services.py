"""Writes of mentoring: `<entity>_<verb>(*, actor, ...)`, atomic, audited by number only (never a
text the members typed, never the private notes). Validation raises `ValidationError` (with
field names where a form can show them); an actor outside the pair or without the coordinator
role raises `PermissionDenied` (the views never let them get here)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.mentoring import mail
from buurtkompas.mentoring.models import (
    QUIET_DAYS,
    Answer,
    Evaluation,
    MasterOffer,
    Meeting,
    RookieRequest,
    Trajectory,
)
from buurtkompas.network.models import NetworkMember, Theme

Status = Trajectory.Status
BUSY = Trajectory.BUSY


def _check_themes(themes) -> list[str]:
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError({"themes": _("Choose themes from the list.")})
    return sorted(set(themes))


def _coordinator(actor, network) -> None:
    if not NetworkMember.objects.filter(network=network, user=actor, role="coordinator").exists():
        raise PermissionDenied


def _pair(actor, trajectory) -> str:
    role = trajectory.role_of(actor)
    if not role:
        raise PermissionDenied
    return role


def _locked(trajectory) -> Trajectory:
    return (
        Trajectory.objects.select_for_update()
        .select_related("network", "offer__user", "request__user")
        .get(pk=trajectory.pk)
    )


def _running(trajectory) -> None:
    if trajectory.status != Status.RUNNING:
        raise ValidationError(_("This trajectory is not running."))


def busy_count(offer) -> int:
    return offer.trajectories.filter(status__in=BUSY).count()


# --- offers and requests ----------------------------------------------------------------------


@transaction.atomic
def offer_save(
    *,
    actor,
    network,
    themes,
    regions,
    capacity: int,
    years_experience: int,
    retired: bool,
    max_travel_km=None,
    preferences: str = "",
) -> MasterOffer:
    themes = _check_themes(themes)
    offer = MasterOffer.objects.select_for_update().filter(network=network, user=actor).first()
    if offer is not None and capacity < (busy := busy_count(offer)):
        raise ValidationError(
            {
                "capacity": _(
                    "You guide or are proposed to %(count)s rookies now; choose at least that many."
                )
                % {"count": busy}
            }  # fmt: skip
        )
    offer = offer or MasterOffer(network=network, user=actor)
    offer.themes, offer.capacity, offer.years_experience = themes, capacity, years_experience
    offer.retired, offer.max_travel_km = retired, max_travel_km
    offer.preferences, offer.active = preferences.strip(), True
    offer.save()
    offer.regions.set(regions)
    log_action(actor=actor, action="mentoring.offer.saved", obj=offer,
               data={"capacity": capacity, "themes": themes})  # fmt: skip
    return offer


@transaction.atomic
def offer_withdraw(*, actor, offer: MasterOffer) -> MasterOffer:
    """No new proposals; running trajectories go on."""
    if offer.user_id != actor.pk:
        raise PermissionDenied
    offer.active = False
    offer.save(update_fields=["active", "updated_at"])
    log_action(actor=actor, action="mentoring.offer.withdrawn", obj=offer)
    return offer


def current_request(network, user) -> RookieRequest | None:
    return RookieRequest.objects.filter(
        network=network, user=user, status__in=RookieRequest.CURRENT
    ).first()


@transaction.atomic
def request_save(
    *,
    actor,
    network,
    learning_goals: str,
    themes,
    region,
    availability: str,
    master_preference: str = "",
    preferences: str = "",
) -> RookieRequest:
    themes = _check_themes(themes)
    found = current_request(network, actor)
    if found is not None and found.status == RookieRequest.Status.MATCHED:
        raise ValidationError(_("You already have a master; your request cannot change now."))
    found = found or RookieRequest(network=network, user=actor)
    found.learning_goals, found.themes, found.region = learning_goals.strip(), themes, region
    found.availability, found.master_preference = availability.strip(), master_preference
    found.preferences = preferences.strip()
    try:
        with transaction.atomic():
            found.save()
    except IntegrityError:
        raise ValidationError(_("You already asked for a master.")) from None
    log_action(actor=actor, action="mentoring.request.saved", obj=found, data={"themes": themes})
    return found


@transaction.atomic
def request_withdraw(*, actor, request: RookieRequest) -> RookieRequest:
    request = RookieRequest.objects.select_for_update().get(pk=request.pk)
    if request.user_id != actor.pk:
        raise PermissionDenied
    if request.status != RookieRequest.Status.OPEN:
        raise ValidationError(_("Only an open request can be withdrawn."))
    if request.trajectories.filter(status=Status.PROPOSED).exists():
        raise ValidationError(_("A proposal waits for your answer: decline it first."))
    request.status = RookieRequest.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action="mentoring.request.withdrawn", obj=request)
    return request


# --- proposing a pair and answering -----------------------------------------------------------


def _proposable(offer, request) -> None:
    if offer.network_id != request.network_id:
        raise ValidationError(_("This master is in another network."))
    if offer.user_id == request.user_id:
        raise ValidationError(_("A member cannot be their own master."))
    members = NetworkMember.objects.filter(network_id=offer.network_id)
    if members.filter(user_id__in=[offer.user_id, request.user_id]).count() != 2:
        raise ValidationError(_("The master and the rookie must both be members of the network."))
    if not offer.active:
        raise ValidationError(_("This master no longer offers to guide rookies."))
    if request.status != RookieRequest.Status.OPEN:
        raise ValidationError(_("This rookie is no longer looking for a master."))
    if request.trajectories.filter(status=Status.PROPOSED).exists():
        raise ValidationError(_("This rookie already has a proposal waiting for answers."))
    if request.trajectories.filter(offer=offer).exists():
        raise ValidationError(_("This pair was proposed before."))


@transaction.atomic
def trajectory_propose(
    *, actor, offer: MasterOffer, request: RookieRequest, notify: bool = True
) -> Trajectory:
    """The capacity is checked with the master's offer locked, so two coordinators proposing
    at the same time cannot give a master more rookies than they offered. Both are e-mailed
    (not for the demo: `notify=False`)."""
    _coordinator(actor, offer.network)
    offer = MasterOffer.objects.select_for_update().get(pk=offer.pk)
    request = RookieRequest.objects.select_for_update().get(pk=request.pk)
    _proposable(offer, request)
    if busy_count(offer) >= offer.capacity:
        raise ValidationError(_("This master has no free place."))
    trajectory = Trajectory.objects.create(
        network=offer.network, offer=offer, request=request, proposed_by=actor
    )
    log_action(actor=actor, action="mentoring.trajectory.proposed", obj=trajectory)
    if notify:
        mail.proposed(trajectory)
    return trajectory


def _start(trajectory, now) -> None:
    request = RookieRequest.objects.select_for_update().get(pk=trajectory.request_id)
    if request.status != RookieRequest.Status.OPEN:
        raise ValidationError(_("The rookie is no longer looking for a master."))
    trajectory.status, trajectory.start_date = Status.RUNNING, timezone.localdate(now)
    request.status = RookieRequest.Status.MATCHED
    request.save(update_fields=["status", "updated_at"])


@transaction.atomic
def trajectory_answer(
    *, actor, trajectory: Trajectory, accept: bool, reason: str = ""
) -> Trajectory:
    """The rookie's or the master's answer; both yes starts the trajectory today, one no
    declines it (the rookie's request stays open for another proposal)."""
    trajectory = _locked(trajectory)
    role = _pair(actor, trajectory)
    if trajectory.status != Status.PROPOSED:
        raise ValidationError(_("This proposal was already decided."))
    now = timezone.now()
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    setattr(trajectory, f"{role}_answer", answer)
    setattr(trajectory, f"{role}_answered_at", now)
    if not accept:
        trajectory.status, trajectory.decline_reason = Status.DECLINED, reason.strip()[:500]
    elif trajectory.rookie_answer == trajectory.master_answer == Answer.ACCEPTED:
        _start(trajectory, now)
    trajectory.save()
    log_action(actor=actor, action="mentoring.trajectory.answered", obj=trajectory,
               data={"role": role, "approved": accept, "status": trajectory.status})  # fmt: skip
    return trajectory


# --- the running trajectory -------------------------------------------------------------------


@transaction.atomic
def intake_save(
    *, actor, trajectory: Trajectory, start_date: dt.date, goals: str, agreements: str
) -> Trajectory:
    trajectory = _locked(trajectory)
    _pair(actor, trajectory)
    _running(trajectory)
    if start_date > timezone.localdate() + dt.timedelta(days=90):
        raise ValidationError({"start_date": _("Choose a start date within three months.")})
    if trajectory.meetings.filter(date__lt=start_date).exists():
        raise ValidationError({"start_date": _("A meeting was logged before this date.")})
    trajectory.start_date, trajectory.intake_goals = start_date, goals.strip()
    trajectory.intake_agreements, trajectory.intake_saved_at = agreements.strip(), timezone.now()
    trajectory.save()
    log_action(actor=actor, action="mentoring.trajectory.intake_saved", obj=trajectory)
    return trajectory


@transaction.atomic
def meeting_save(
    *,
    actor,
    trajectory: Trajectory,
    date: dt.date,
    duration_minutes: int,
    topics: str,
    private_notes: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    trajectory = _locked(trajectory)
    _pair(actor, trajectory)
    _running(trajectory)
    if date > timezone.localdate():
        raise ValidationError({"date": _("A meeting to log has taken place: choose today or "
                                         "an earlier day.")})  # fmt: skip
    if trajectory.start_date and date < trajectory.start_date:
        raise ValidationError({"date": _("The trajectory started later.")})
    if meeting is not None and meeting.trajectory_id != trajectory.pk:
        raise PermissionDenied
    meeting = meeting or Meeting(trajectory=trajectory, created_by=actor)
    created = meeting.pk is None
    meeting.date, meeting.duration_minutes, meeting.topics = date, duration_minutes, topics.strip()
    meeting.private_notes = private_notes.strip()
    meeting.save()
    data = {"trajectory": trajectory.pk, "duration_minutes": duration_minutes}
    if created:
        log_action(actor=actor, action="mentoring.meeting.logged", obj=meeting, data=data)
    else:
        log_action(actor=actor, action="mentoring.meeting.changed", obj=meeting, data=data)
    return meeting


@transaction.atomic
def evaluation_save(
    *, actor, trajectory: Trajectory, kind: str, goals_reached: int, comments: str = ""
) -> Evaluation:
    """The end evaluation (after the midterm check) completes the trajectory."""
    trajectory = _locked(trajectory)
    _pair(actor, trajectory)
    _running(trajectory)
    done = set(trajectory.evaluations.values_list("kind", flat=True))
    if kind in done:
        raise ValidationError(_("This evaluation was already filled in."))
    if kind == Evaluation.Kind.END and Evaluation.Kind.MIDTERM not in done:
        raise ValidationError(_("Fill in the midterm check first."))
    evaluation = Evaluation.objects.create(
        trajectory=trajectory, kind=kind, author=actor, goals_reached=goals_reached,
        comments=comments.strip(),
    )  # fmt: skip
    log_action(actor=actor, action="mentoring.evaluation.saved", obj=evaluation,
               data={"trajectory": trajectory.pk, "kind": kind})  # fmt: skip
    if kind == Evaluation.Kind.END:
        _close(trajectory, Status.COMPLETED)
        log_action(actor=actor, action="mentoring.trajectory.completed", obj=trajectory)
    return evaluation


def _close(trajectory, status) -> None:
    trajectory.status, trajectory.ended_at = status, timezone.localdate()
    trajectory.save()
    RookieRequest.objects.filter(pk=trajectory.request_id).update(
        status=RookieRequest.Status.CLOSED, updated_at=timezone.now()
    )


@transaction.atomic
def trajectory_end_early(*, actor, trajectory: Trajectory, reason: str) -> Trajectory:
    """The rookie, the master or a coordinator ends a running trajectory, with a reason."""
    trajectory = _locked(trajectory)
    if not trajectory.role_of(actor):
        _coordinator(actor, trajectory.network)
    _running(trajectory)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the trajectory ends.")})
    trajectory.end_reason = reason.strip()[:500]
    _close(trajectory, Status.ENDED_EARLY)
    log_action(actor=actor, action="mentoring.trajectory.ended_early", obj=trajectory)
    return trajectory


# --- the scheduled job ------------------------------------------------------------------------


def quiet_trajectories(now):
    """Running trajectories without a meeting (or, without any, a start) in the last six weeks
    and without a reminder in the last six weeks."""
    cutoff = now - dt.timedelta(days=QUIET_DAYS)
    day = timezone.localdate(now) - dt.timedelta(days=QUIET_DAYS)
    recent = Meeting.objects.filter(date__gt=day).values("trajectory")
    return (
        Trajectory.objects.filter(status=Status.RUNNING, start_date__lte=day)
        .exclude(pk__in=recent)
        .filter(Q(last_reminder_at=None) | Q(last_reminder_at__lte=cutoff))
        .select_related("network", "offer__user", "request__user")
    )


def reminders_send(*, now=None) -> int:
    """One e-mail to both of a quiet pair; `last_reminder_at` is set in the same transaction,
    so a second run sends nothing for six weeks."""
    now = now or timezone.now()
    sent = 0
    for trajectory in quiet_trajectories(now):
        with transaction.atomic():
            trajectory.last_reminder_at = now
            trajectory.save(update_fields=["last_reminder_at"])
            log_action(actor=None, action="mentoring.reminder.sent", obj=trajectory)
            mail.reminder(trajectory)
        sent += 1
    return sent
