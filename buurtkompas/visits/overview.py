"""The team's household visits in numbers (issue 10, point 10): a read for every member,
partners included, because it holds counts only. A fixed number of queries, whatever the
number of visits.

Small numbers: for partners every count from 1 to 4 is shown as "fewer than 5" and a sum built
on fewer than 5 households is not shown, after the rule CBS applies to small counts in its
neighbourhood figures (docs/privacy.md, "Small numbers")."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from .models import FittedMeasure, HouseholdVisit, HousingProblemSeen, Referral

SMALL = 5  # counts below this (and above 0) are not shown to partners
MONTHS = 12
BAR_HEIGHT_PX = 80
BAR_BASE_PX = 90  # the chart's axis, from the top of the 100 px high drawing


@dataclass(frozen=True)
class MonthBar:
    month: date
    done: int
    height_px: int
    x_px: int

    @property
    def y_px(self) -> int:
        return BAR_BASE_PX - self.height_px


def months_back(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, oldest first, this month included."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def month_bars(done_per_month: dict[date, int], today: date) -> list[MonthBar]:
    months = months_back(today)
    highest = max([done_per_month.get(m, 0) for m in months] + [1])
    return [
        MonthBar(
            month=m,
            done=done_per_month.get(m, 0),
            height_px=round(BAR_HEIGHT_PX * done_per_month.get(m, 0) / highest),
            x_px=24 * i + 2,
        )
        for i, m in enumerate(months)
    ]


def team_overview(workspace, *, today: date) -> dict:
    visits = HouseholdVisit.objects.filter(workspace=workspace)
    counts = visits.aggregate(
        planned=Count("id", filter=Q(status__in=("planned", "in_progress"))),
        done=Count("id", filter=Q(status="done")),
        done_first=Count("id", filter=Q(status="done", kind="first")),
        done_follow_up=Count("id", filter=Q(status="done", kind="follow_up")),
        cancelled=Count("id", filter=Q(status="cancelled")),
        households=Count("contact", filter=Q(status="done"), distinct=True),
    )
    start = months_back(today)[0]
    # Per day in the database (at most 366 rows, from an index), per month here: SQLite has no
    # native month truncation and Django's stand-in for it costs a function call per row.
    per_day = (
        visits.filter(status="done", done_on__gte=start)
        .values("done_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    done_per_month: dict[date, int] = {}
    for row in per_day:
        month = row["done_on"].replace(day=1)
        done_per_month[month] = done_per_month.get(month, 0) + row["n"]
    measures = FittedMeasure.objects.filter(workspace=workspace, visit__status="done")
    by_kind = (
        measures.values("name_nl", "name_en", "unit")
        .annotate(
            fitted=Count("id", filter=Q(status="fitted")),
            advised=Count("id", filter=Q(status="advised")),
            quantity=Sum("quantity", filter=Q(status="fitted")),
        )
        .order_by("-fitted", "name_nl")
    )
    fitted = measures.filter(status="fitted")
    quantity = Cast(F("quantity"), FloatField())
    savings = fitted.aggregate(
        kwh=Sum(F("saving_kwh") * quantity),
        m3=Sum(F("saving_m3") * quantity),
        households=Count("visit__contact", distinct=True),
        without_saving=Count("id", filter=Q(saving_kwh__isnull=True, saving_m3__isnull=True)),
    )
    follow_ups = visits.filter(kind=HouseholdVisit.Kind.FOLLOW_UP, status="done")
    measured = follow_ups.aggregate(
        households=Count("contact", filter=Q(measured_at__isnull=False), distinct=True),
        kwh_visits=Count("id", filter=Q(measured_kwh_per_year__isnull=False)),
        kwh=Sum("measured_kwh_per_year"),
        m3_visits=Count("id", filter=Q(measured_m3_per_year__isnull=False)),
        m3=Sum("measured_m3_per_year"),
        m3_corrected=Count("id", filter=Q(measured_m3_correction="corrected")),
        **_beside_estimate("kwh"),
        **_beside_estimate("m3"),
    )
    referrals = dict(
        Referral.objects.filter(workspace=workspace)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    problems = dict(
        HousingProblemSeen.objects.filter(workspace=workspace)
        .values_list("problem")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "counts": counts,
        "months": month_bars(done_per_month, today),
        "measures": list(by_kind),
        "savings": savings,
        "measured": measured,
        "referrals": [(s, label, referrals.get(s, 0)) for s, label in Referral.Status.choices],
        "problems": [
            (p, label, problems.get(p, 0)) for p, label in HousingProblemSeen.Problem.choices
        ],
    }


def _beside_estimate(unit: str) -> dict:
    """The measured and the estimated change summed over the same follow-up visits: those with
    both, so the two columns compare like with like."""
    both = Q(**{f"measured_{unit}_per_year__isnull": False}) & Q(
        **{f"estimated_{unit}_per_year__isnull": False}
    )
    return {
        f"{unit}_compared_visits": Count("id", filter=both),
        f"{unit}_compared_households": Count("contact", filter=both, distinct=True),
        f"{unit}_compared_measured": Sum(f"measured_{unit}_per_year", filter=both),
        f"{unit}_compared_estimate": Sum(f"estimated_{unit}_per_year", filter=both),
    }


def is_small(count) -> bool:
    """True for a count a partner may not see exactly (1 to 4)."""
    return count is not None and 0 < count < SMALL
