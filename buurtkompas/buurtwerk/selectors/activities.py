"""Reads of a team's activities. Every query starts from the team (workspace)."""

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from buurtkompas.accounts.models import User
from buurtkompas.buurtwerk.models import Activity, Initiative
from buurtkompas.residents.models import Contact

UPCOMING, PAST = "komend", "voorbij"


def activities_filtered(
    workspace, *, soort="", initiatief=None, van=None, tot=None, wanneer="", today=None
):
    """The team's activities narrowed by the list's filters (names as in the query string)."""
    found = Activity.objects.filter(workspace=workspace)
    today = today or timezone.localdate()
    if soort:
        found = found.filter(kind=soort)
    if initiatief is not None:
        found = found.filter(initiative=initiatief)
    if van:
        found = found.filter(held_on__gte=van)
    if tot:
        found = found.filter(held_on__lte=tot)
    if wanneer == UPCOMING:
        found = found.filter(held_on__gte=today)
    elif wanneer == PAST:
        found = found.filter(held_on__lt=today)
    return found


def activity_rows(found, wanneer: str = ""):
    """The rows of the list: initiative joined, registrations counted, upcoming soonest first."""
    order = ("held_on", "id") if wanneer == UPCOMING else ("-held_on", "-id")
    return (
        found.select_related("initiative")
        .annotate(registered_count=Count("registered", distinct=True))
        .order_by(*order)
    )


def activity_totals(found) -> dict:
    """Sums over the filtered set; `*_counted` says how many activities had a number at all."""
    return found.aggregate(
        activities=Count("id"),
        participants_sum=Sum("participants"),
        participants_counted=Count("participants"),
        households_sum=Sum("households_reached"),
        households_counted=Count("households_reached"),
    )


def activity_details():
    """Activities with what one activity's page shows (fetch one through workspaces.access);
    the organisers are prefetched, as they own the activity (Activity.owner_ids)."""
    return Activity.objects.select_related("initiative", "created_by").prefetch_related(
        "organisers", "registered"
    )


def series_facts(activity: Activity) -> dict | None:
    """Where this occurrence stands in its series, or None for a one-off."""
    if not activity.series_id:
        return None
    series = Activity.objects.filter(
        workspace_id=activity.workspace_id, series_id=activity.series_id
    )
    facts = series.aggregate(
        total=Count("id"),
        position=Count("id", filter=Q(held_on__lt=activity.held_on)),
        first=Min("held_on"),
        last=Max("held_on"),
    )
    if facts["total"] < 2:
        return None
    facts["position"] += 1
    facts["following"] = series.filter(held_on__gt=activity.held_on).count()
    return facts


def following_occurrences(activity: Activity):
    """The later occurrences of the series (what 'this and following' deletes besides this)."""
    if not activity.series_id:
        return Activity.objects.none()
    return (
        Activity.objects.filter(
            workspace_id=activity.workspace_id,
            series_id=activity.series_id,
            held_on__gte=activity.held_on,
        )
        .exclude(pk=activity.pk)
        .annotate(registered_count=Count("registered", distinct=True))
        .order_by("held_on", "id")
    )


def member_users(workspace):
    """Team members who can be named as organisers."""
    return User.objects.filter(memberships__workspace=workspace).order_by("name", "id")


def initiative_choices(workspace):
    return Initiative.objects.filter(workspace=workspace).order_by("title", "id")


def registrable_contacts(workspace, activity: Activity):
    """Residents who can still be registered (names: only for those who may see them)."""
    return (
        Contact.objects.filter(workspace=workspace, anonymised_at__isnull=True)
        .exclude(pk__in=activity.registered.values("pk"))
        .order_by("name", "id")
    )
