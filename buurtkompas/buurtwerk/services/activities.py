"""Writes of a team's activities: one-off or a weekly/monthly series, registrations of residents.

Every write is atomic and audited. The audit data names fields and counts, never a resident:
a registration is logged with the contact's number only.
"""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import Activity
from buurtkompas.residents.models import Contact, Purpose
from buurtkompas.residents.services import require_consent, touch

MAX_OCCURRENCES = 52
FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "initiative",
    "participants",
    "households_reached",
    "outcomes",
    "notes",
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def nth_date(first: date, recurrence: str, n: int) -> date:
    if recurrence == Activity.Recurrence.WEEKLY:
        return first + timedelta(weeks=n)
    return add_months(first, n)


def occurrence_dates(first: date, recurrence: str = "", *, until=None, count=None) -> list[date]:
    """The dates of a series, the first included. Needs an end date or a count (at most 52)."""
    if not recurrence:
        return [first]
    if not until and not count:
        raise ValidationError(_("Give an end date or a number of times for a repeating activity."))
    if until and until <= first:
        raise ValidationError(_("The end date must be after the first date."))
    if count and not 2 <= count <= MAX_OCCURRENCES:
        raise ValidationError(
            _("A series has 2 to %(max)d occurrences.") % {"max": MAX_OCCURRENCES}
        )
    dates = []
    while len(dates) < (count or MAX_OCCURRENCES + 1):
        try:
            day = nth_date(first, recurrence, len(dates))
        except (OverflowError, ValueError):
            raise ValidationError(
                _("The series runs past the last date the calendar knows.")
            ) from None
        if until and day > until:
            break
        dates.append(day)
    if len(dates) > MAX_OCCURRENCES:
        raise ValidationError(
            _("A series has at most %(max)d occurrences: choose an earlier end date.")
            % {"max": MAX_OCCURRENCES}
        )
    return dates


def check_scope(workspace, initiative, organisers) -> None:
    """Callers pass objects of this team; refuse anything else loudly."""
    if initiative is not None and initiative.workspace_id != workspace.pk:
        raise ValueError("initiative of another team")
    members = set(workspace.memberships.values_list("user_id", flat=True))
    if any(user.pk not in members for user in organisers):
        raise ValueError("organiser outside the team")


@transaction.atomic
def activity_create(
    *, actor, workspace, organisers=(), recurrence: str = "", until=None, count=None, **fields
) -> Activity:
    """One activity, or a series whose occurrences all point to the first (`series`)."""
    check_scope(workspace, fields.get("initiative"), organisers)
    dates = occurrence_dates(fields["held_on"], recurrence, until=until, count=count)
    first = None
    for day in dates:
        activity = Activity.objects.create(
            workspace=workspace,
            created_by=actor,
            recurrence=recurrence,
            series=first,
            **{**fields, "held_on": day},
        )
        activity.organisers.set(organisers)
        first = first or activity
    if recurrence:
        first.series = first
        first.save(update_fields=["series"])
    data = {"kind": first.kind, "occurrences": len(dates), "recurrence": recurrence}
    log_action(
        actor=actor, workspace=workspace, action="buurtwerk.activity.created", obj=first, data=data
    )
    return first


@transaction.atomic
def activity_update(*, actor, activity: Activity, organisers=(), **fields) -> Activity:
    """Changes this occurrence only; the rest of a series stays as it is."""
    check_scope(activity.workspace, fields.get("initiative"), organisers)
    changed = [key for key, value in fields.items() if getattr(activity, key) != value]
    for key, value in fields.items():
        setattr(activity, key, value)
    activity.save()
    if {user.pk for user in organisers} != {user.pk for user in activity.organisers.all()}:
        changed.append("organisers")
        activity.organisers.set(organisers)
    log_action(
        actor=actor,
        workspace=activity.workspace,
        action="buurtwerk.activity.changed",
        obj=activity,
        data={"fields": changed},
    )
    return activity


def doomed_activities(activity: Activity, scope: str):
    """What a deletion removes: this occurrence, or it and the later ones of its series."""
    same_team = Activity.objects.filter(workspace_id=activity.workspace_id)
    if scope == "following" and activity.series_id:
        return same_team.filter(series_id=activity.series_id, held_on__gte=activity.held_on)
    return same_team.filter(pk=activity.pk)


def relink_series(series_id: int, removed: list[int]) -> None:
    """When the first occurrence goes, the next remaining one becomes the series' first."""
    rest = list(
        Activity.objects.filter(series_id=series_id)
        .exclude(pk__in=removed)
        .order_by("held_on", "id")
    )
    if not rest:
        return
    head = rest[0] if len(rest) > 1 else None
    Activity.objects.filter(pk__in=[a.pk for a in rest]).update(series=head)


@transaction.atomic
def activity_delete(*, actor, activity: Activity, scope: str = "one") -> int:
    """Delete one occurrence or it and the following ones; returns how many were deleted."""
    ids = list(doomed_activities(activity, scope).values_list("pk", flat=True))
    log_action(
        actor=actor,
        workspace=activity.workspace,
        action="buurtwerk.activity.deleted",
        obj=activity,
        data={"scope": scope, "count": len(ids)},
    )
    if activity.series_id in ids:
        relink_series(activity.series_id, ids)
    Activity.objects.filter(pk__in=ids).delete()
    return len(ids)


def check_contact(activity: Activity, contact: Contact) -> None:
    if contact.workspace_id != activity.workspace_id:
        raise ValueError("contact of another team")


@transaction.atomic
def activity_register(*, actor, activity: Activity, contact: Contact) -> Activity:
    """Register a resident; refused (ConsentMissing) without an active consent to be contacted."""
    check_contact(activity, contact)
    if contact.is_anonymised:
        raise ValueError("an anonymised contact cannot be registered")
    require_consent(contact, Purpose.CONTACT)
    activity.registered.add(contact)
    touch(contact)
    log_action(
        actor=actor,
        workspace=activity.workspace,
        action="buurtwerk.activity.registered",
        obj=activity,
        data={"contact_id": contact.pk},
    )
    return activity


@transaction.atomic
def activity_unregister(*, actor, activity: Activity, contact: Contact) -> Activity:
    check_contact(activity, contact)
    activity.registered.remove(contact)
    log_action(
        actor=actor,
        workspace=activity.workspace,
        action="buurtwerk.activity.unregistered",
        obj=activity,
        data={"contact_id": contact.pk},
    )
    return activity
