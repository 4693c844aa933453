"""The household visits on the team dashboard (`workspaces.panels`, registered in
`VisitsConfig.ready()`): this quarter's visits in counts, what needs following up, and the
estimated and measured change. Counts only, so every member sees it; partners with the
small-number rule of the team view (`overview.py`). A fixed number of queries."""

from datetime import date

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from buurtkompas.workspaces.panels import Panel, register

from .models import FittedMeasure, HouseholdVisit, Referral
from .overview import SMALL

OPEN = (HouseholdVisit.Status.PLANNED, HouseholdVisit.Status.IN_PROGRESS)
FINAL = (Referral.Status.HELPED, Referral.Status.NOT_HELPED)


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def panel_context(workspace, membership, today: date) -> dict:
    start = quarter_start(today)
    visits = HouseholdVisit.objects.filter(workspace=workspace)
    counts = visits.aggregate(
        done=Count("id", filter=Q(status="done", done_on__range=(start, today))),
        households=Count(
            "contact", filter=Q(status="done", done_on__range=(start, today)), distinct=True
        ),
        planned=Count("id", filter=Q(status__in=OPEN)),
        follow_ups_due=Count(
            "id",
            filter=Q(kind="follow_up", status__in=OPEN, planned_for__lte=today),
        ),
        measured_households=Count(
            "contact", filter=Q(kind="follow_up", measured_at__isnull=False), distinct=True
        ),
        measured_kwh=Sum("measured_kwh_per_year", filter=Q(kind="follow_up")),
        measured_m3=Sum("measured_m3_per_year", filter=Q(kind="follow_up")),
    )
    quantity = Cast(F("quantity"), FloatField())
    fitted = FittedMeasure.objects.filter(
        workspace=workspace,
        status="fitted",
        visit__status="done",
        visit__done_on__range=(start, today),
    ).aggregate(
        measures=Count("id"),
        households=Count("visit__contact", distinct=True),
        kwh=Sum(F("saving_kwh") * quantity),
        m3=Sum(F("saving_m3") * quantity),
    )
    referrals_due = (
        Referral.objects.filter(workspace=workspace, follow_up_on__lte=today)
        .exclude(status__in=FINAL)
        .count()
    )
    return {
        "quarter_start": start,
        "counts": counts,
        "fitted": fitted,
        "referrals_due": referrals_due,
        "suppress": membership.sees_aggregates_only,
        "small": SMALL,
    }


def register_all() -> None:
    # After buurtwerk's own sections; the team's areas in figures come last.
    register(Panel("visits", "visits/dashboard_panel.html", panel_context, order=300))
