"""Reads of a team's audit trail. Always filtered by the team."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from buurtkompas.audit.models import AuditEvent


def events(workspace):
    return AuditEvent.objects.filter(workspace=workspace).select_related("actor")


def filtered_events(workspace, *, action="", actor=None, date_from=None, date_to=None):
    """The team's events, newest first, narrowed by action, actor and dates (inclusive, in the
    site's time zone)."""
    qs = events(workspace)
    if action:
        qs = qs.filter(action=action)
    if actor is not None:
        qs = qs.filter(actor=actor)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-id")


def actions_of(workspace) -> list[str]:
    qs = AuditEvent.objects.filter(workspace=workspace).order_by("action")
    return list(qs.values_list("action", flat=True).distinct())


def actors_of(workspace):
    """Current members and everyone who has an event in the team's log (former members too)."""
    acted = AuditEvent.objects.filter(workspace=workspace).values("actor")
    return (
        get_user_model()
        .objects.filter(Q(memberships__workspace=workspace) | Q(pk__in=acted))
        .distinct()
        .order_by("name", "pk")
    )
