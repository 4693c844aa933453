"""Reads of the leadership ladder. Every query starts from the team (workspace).

Aggregates (who took a step up, how many residents stand on each rung) carry no names and
may be shown to every member; lists of residents are for members who may see personal data.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from buurtkompas.buurtwerk.models import Initiative, LeadershipStep
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.residents.models import Contact


def steps_of_team(workspace):
    return LeadershipStep.objects.filter(workspace=workspace)


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def stepped_up(workspace, year: int) -> dict:
    """Residents whose highest rung in `year` is higher than their highest rung before it.

    A resident without any earlier step starts from nothing, so joining the ladder counts as a
    step up; `new` says how many of them did that."""
    start, end = year_span(year)
    per_contact = (
        steps_of_team(workspace)
        .values("contact")
        .order_by()
        .annotate(
            before=Max("rung", filter=Q(taken_on__lt=start)),
            during=Max("rung", filter=Q(taken_on__gte=start, taken_on__lte=end)),
        )
    )
    up = per_contact.filter(during__isnull=False).filter(
        Q(before__isnull=True) | Q(during__gt=F("before"))
    )
    return {"total": up.count(), "new": up.filter(before__isnull=True).count()}


def rung_table(workspace, year: int) -> list[dict]:
    """Per rung: residents whose highest rung by the end of `year` is that rung, and residents
    who took a step on that rung during `year`."""
    start, end = year_span(year)
    steps = steps_of_team(workspace)
    highest = Counter(
        steps.filter(taken_on__lte=end)
        .values("contact")
        .order_by()
        .annotate(top=Max("rung"))
        .values_list("top", flat=True)
    )
    in_year = dict(
        steps.filter(taken_on__gte=start, taken_on__lte=end)
        .values_list("rung")
        .annotate(n=Count("contact", distinct=True))
        .order_by()
    )
    return [
        {"label": r.label, "highest": highest[r.value], "in_year": in_year.get(r.value, 0)}
        for r in Rung
    ]


def years_with_steps(workspace) -> list[int]:
    """The years to choose from: those with steps, and this year."""
    years = {day.year for day in steps_of_team(workspace).dates("taken_on", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def residents_on_ladder(workspace):
    """Residents with their highest rung and latest step (names: personal data)."""
    return (
        Contact.objects.filter(workspace=workspace, leadership_steps__workspace=workspace)
        .annotate(top=Max("leadership_steps__rung"), latest=Max("leadership_steps__taken_on"))
        .order_by("name", "id")
    )


def initiatives_with_steps(workspace):
    return (
        Initiative.objects.filter(workspace=workspace)
        .annotate(
            steps=Count("leadership_steps"),
            residents=Count("leadership_steps__contact", distinct=True),
        )
        .filter(steps__gt=0)
        .order_by("title", "id")
    )


def ladder_of(contact: Contact):
    """A resident's steps over time, oldest first, and the rungs with the date first reached."""
    steps = list(
        steps_of_team(contact.workspace)
        .filter(contact=contact)
        .select_related("initiative", "created_by")
        .order_by("taken_on", "id")
    )
    reached: dict[int, date] = {}
    for step in steps:
        reached.setdefault(step.rung, step.taken_on)
    rungs = [{"rung": r, "label": r.label, "reached_on": reached.get(r.value)} for r in Rung]
    return steps, rungs


def initiative_steps(workspace, initiative: Initiative):
    return (
        steps_of_team(workspace)
        .filter(initiative=initiative)
        .select_related("contact", "created_by")
        .order_by("-taken_on", "-id")
    )


def initiative_rungs(workspace, initiative: Initiative) -> list[dict]:
    """Per rung: residents who took a step on it for this initiative (no names)."""
    counts = dict(
        initiative_steps(workspace, initiative)
        .values_list("rung")
        .annotate(n=Count("contact", distinct=True))
        .order_by()
    )
    return [{"label": r.label, "residents": counts.get(r.value, 0)} for r in Rung]


def recordable_contacts(workspace):
    return Contact.objects.filter(workspace=workspace, anonymised_at__isnull=True).order_by(
        "name", "id"
    )
