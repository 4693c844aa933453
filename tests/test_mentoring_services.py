# ruff: noqa: F811 (the fixtures imported from tests.mentoring_fixtures are parameters)
"""Mentoring's rules: proposing and answering, capacity, the running year, evaluations, ending
early, the reminder job, and an audit trail without what the pair wrote."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from buurtkompas.audit.models import AuditEvent
from buurtkompas.mentoring import selectors, services
from buurtkompas.mentoring.models import RookieRequest, Trajectory, add_months
from tests.mentoring_fixtures import (  # noqa: F401
    NOTE,
    make_offer,
    make_request,
    make_running,
    mentors,
    running,
)

pytestmark = pytest.mark.django_db
Status = Trajectory.Status


def message_of(error) -> str:
    return " ".join(error.value.messages)


def test_it_starts_the_trajectory_when_both_accept(network, mentors):
    offer = make_offer(network, mentors["master"])
    wanted = make_request(network, mentors["rookie"])
    trajectory = services.trajectory_propose(
        actor=mentors["coordinator"], offer=offer, request=wanted
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["master@example.org", "rookie@example.org"]
    services.trajectory_answer(actor=mentors["rookie"], trajectory=trajectory, accept=True)
    trajectory.refresh_from_db()
    assert trajectory.status == Status.PROPOSED

    services.trajectory_answer(actor=mentors["master"], trajectory=trajectory, accept=True)

    trajectory.refresh_from_db()
    wanted.refresh_from_db()
    assert (trajectory.status, trajectory.start_date) == (Status.RUNNING, timezone.localdate())
    assert wanted.status == RookieRequest.Status.MATCHED
    assert trajectory.midterm_due == add_months(timezone.localdate(), 6)


def test_it_keeps_the_request_open_when_one_side_declines(network, mentors):
    offer = make_offer(network, mentors["master"])
    wanted = make_request(network, mentors["rookie"])
    trajectory = services.trajectory_propose(
        actor=mentors["coordinator"], offer=offer, request=wanted
    )
    services.trajectory_answer(
        actor=mentors["master"], trajectory=trajectory, accept=False, reason="Geen tijd"
    )
    trajectory.refresh_from_db()
    wanted.refresh_from_db()
    assert (trajectory.status, trajectory.decline_reason) == (Status.DECLINED, "Geen tijd")
    assert wanted.status == RookieRequest.Status.OPEN
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_propose(actor=mentors["coordinator"], offer=offer, request=wanted)
    assert message_of(error) == "This pair was proposed before."


def test_it_lets_only_coordinators_propose_and_only_the_pair_answer(network, mentors):
    offer = make_offer(network, mentors["master"])
    wanted = make_request(network, mentors["rookie"])
    with pytest.raises(PermissionDenied):
        services.trajectory_propose(actor=mentors["member"], offer=offer, request=wanted)
    trajectory = services.trajectory_propose(
        actor=mentors["coordinator"], offer=offer, request=wanted
    )
    with pytest.raises(PermissionDenied):
        services.trajectory_answer(actor=mentors["coordinator"], trajectory=trajectory, accept=True)


def test_it_never_gives_a_master_more_rookies_than_offered(network, mentors, network_personas):
    offer = make_offer(network, mentors["master"], capacity=1)
    services.trajectory_propose(
        actor=mentors["coordinator"], offer=offer, request=make_request(network, mentors["rookie"])
    )
    other = make_request(network, mentors["member"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_propose(actor=mentors["coordinator"], offer=offer, request=other)
    assert message_of(error) == "This master has no free place."
    with translation.override("en"), pytest.raises(ValidationError) as error:
        make_offer(network, mentors["master"], capacity=1, themes=["greening"])
        make_offer(network, mentors["master"], capacity=0)
    assert "capacity" in error.value.error_dict


def test_it_gives_a_rookie_one_proposal_at_a_time_and_not_themself(network, mentors):
    wanted = make_request(network, mentors["rookie"])
    offer = make_offer(network, mentors["master"])
    own = make_offer(network, mentors["rookie"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_propose(actor=mentors["coordinator"], offer=own, request=wanted)
    assert message_of(error) == "A member cannot be their own master."
    services.trajectory_propose(actor=mentors["coordinator"], offer=offer, request=wanted)
    second = make_offer(network, mentors["member"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_propose(actor=mentors["coordinator"], offer=second, request=wanted)
    assert message_of(error) == "This rookie already has a proposal waiting for answers."


def test_it_refuses_a_meeting_in_the_future_or_before_the_start(running, mentors):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.meeting_save(
            actor=mentors["rookie"],
            trajectory=running,
            date=tomorrow,
            duration_minutes=60,
            topics="Plan",
        )
    assert "date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_save(
            actor=mentors["master"],
            trajectory=running,
            date=running.start_date - dt.timedelta(days=1),
            duration_minutes=60,
            topics="Plan",
        )
    assert "date" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        services.meeting_save(
            actor=mentors["coordinator"],
            trajectory=running,
            date=running.start_date,
            duration_minutes=60,
            topics="Plan",
        )


def test_it_completes_the_trajectory_with_the_end_evaluation_after_the_midterm(running, mentors):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.evaluation_save(
            actor=mentors["rookie"], trajectory=running, kind="end", goals_reached=4
        )
    assert message_of(error) == "Fill in the midterm check first."
    services.evaluation_save(
        actor=mentors["rookie"],
        trajectory=running,
        kind="midterm",
        goals_reached=3,
        comments="Op de helft",
    )
    with pytest.raises(ValidationError):
        services.evaluation_save(
            actor=mentors["master"], trajectory=running, kind="midterm", goals_reached=3
        )
    services.evaluation_save(
        actor=mentors["master"], trajectory=running, kind="end", goals_reached=5
    )
    running.refresh_from_db()
    assert (running.status, running.ended_at) == (Status.COMPLETED, timezone.localdate())
    assert running.request.status == RookieRequest.Status.CLOSED
    make_request(network=running.network, user=mentors["rookie"])  # may ask again


def test_it_ends_early_only_with_a_reason(running, mentors):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_end_early(actor=mentors["coordinator"], trajectory=running, reason=" ")
    assert error.value.message_dict == {"reason": ["Say why the trajectory ends."]}
    with pytest.raises(PermissionDenied):
        services.trajectory_end_early(actor=mentors["member"], trajectory=running, reason="x")
    services.trajectory_end_early(
        actor=mentors["coordinator"], trajectory=running, reason="Rookie is verhuisd"
    )
    running.refresh_from_db()
    assert (running.status, running.end_reason) == (Status.ENDED_EARLY, "Rookie is verhuisd")


def test_the_overview_counts_meetings_and_flags_the_midterm_due(running, mentors):
    start = timezone.localdate() - dt.timedelta(days=200)
    services.intake_save(
        actor=mentors["rookie"],
        trajectory=running,
        start_date=start,
        goals="Doelen",
        agreements="Afspraken",
    )
    services.meeting_save(
        actor=mentors["master"],
        trajectory=running,
        date=start,
        duration_minutes=60,
        topics="Kennismaken",
        private_notes=NOTE,
    )

    [(label, [row])] = selectors.overview(running.network)

    assert (row.meetings_count, row.last_meeting, row.months_running) == (1, start, 6)
    midterm, end = row.evaluations
    assert (midterm.overdue, midterm.done, end.overdue) == (True, False, False)
    assert NOTE not in repr(row)


def test_the_reminder_goes_once_after_six_quiet_weeks(running, mentors):
    start = timezone.localdate() - dt.timedelta(days=100)
    services.intake_save(
        actor=mentors["rookie"],
        trajectory=running,
        start_date=start,
        goals="Doelen",
        agreements="Afspraken",
    )
    services.meeting_save(
        actor=mentors["master"],
        trajectory=running,
        date=timezone.localdate() - dt.timedelta(days=41),
        duration_minutes=60,
        topics="Plan",
        private_notes=NOTE,
    )
    mail.outbox.clear()
    assert services.reminders_send() == 0

    later = timezone.now() + dt.timedelta(days=2)
    assert services.reminders_send(now=later) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["master@example.org", "rookie@example.org"]
    assert all(NOTE not in m.body for m in mail.outbox)
    assert services.reminders_send(now=later + dt.timedelta(days=41)) == 0
    assert services.reminders_send(now=later + dt.timedelta(days=43)) == 1


def test_the_reminder_command_can_run_twice(running, mentors):
    running.start_date = timezone.localdate() - dt.timedelta(days=60)
    running.save()
    out = io.StringIO()
    call_command("mentoring_reminders", stdout=out)
    call_command("mentoring_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["reminders sent: 1", "reminders sent: 0"]
    assert len(mail.outbox) == 2 + 2  # the proposal to both, then one reminder to both


def test_the_audit_trail_holds_no_text_the_pair_wrote(running, mentors):
    services.intake_save(
        actor=mentors["rookie"],
        trajectory=running,
        start_date=running.start_date,
        goals="Doel X7",
        agreements="Afspraak Y7",
    )
    meeting = services.meeting_save(
        actor=mentors["rookie"],
        trajectory=running,
        date=running.start_date,
        duration_minutes=60,
        topics="Onderwerp Z7",
        private_notes=NOTE,
    )
    services.evaluation_save(
        actor=mentors["rookie"],
        trajectory=running,
        kind="midterm",
        goals_reached=3,
        comments="Commentaar W7",
    )
    trail = repr(list(AuditEvent.objects.filter(action__startswith="mentoring.").values()))
    for text in (NOTE, "Doel X7", "Afspraak Y7", "Onderwerp Z7", "Commentaar W7"):
        assert text not in trail
    assert AuditEvent.objects.filter(
        action="mentoring.meeting.logged", object_id=str(meeting.pk)
    ).exists()


def test_it_counts_whole_months_running():
    trajectory = Trajectory(start_date=dt.date(2026, 1, 31))
    assert trajectory.months_running(dt.date(2026, 2, 28)) == 0
    assert trajectory.months_running(dt.date(2026, 3, 31)) == 2
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert make_running  # used by other test files


def test_a_member_who_left_is_no_longer_suggested_or_proposed(network, mentors):
    from buurtkompas.network.member_services import member_leave
    from buurtkompas.network.models import NetworkMember

    offer = make_offer(network, mentors["master"])
    wanted = make_request(network, mentors["rookie"])
    member_leave(actor=mentors["master"], member=NetworkMember.objects.get(user=mentors["master"]))
    assert selectors.suggestions(wanted) == []
    assert list(selectors.offers(network)) == []
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.trajectory_propose(actor=mentors["coordinator"], offer=offer, request=wanted)
    assert message_of(error) == "The master and the rookie must both be members of the network."
