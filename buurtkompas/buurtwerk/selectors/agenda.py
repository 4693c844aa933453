"""Reads of the residents' agenda (bewonersagenda). Every query filters by workspace first."""

from django.db.models import Count, Prefetch, Q

from buurtkompas.buurtwerk.models import AgendaItem, Initiative, LogEntry

SORTS = {
    "date": ("-raised_on", "-id"),
    "supporters": ("-supporters", "-raised_on", "-id"),
}


def initiatives_prefetch() -> Prefetch:
    return Prefetch(
        "initiatives", queryset=Initiative.objects.only("id", "title").order_by("title")
    )


def agenda_items(workspace, *, status="", channel="", buurt=None, query="", sort="date"):
    """The team's agenda items, filtered and sorted, with their buurt and initiatives."""
    items = filtered(workspace, channel=channel, buurt=buurt, query=query)
    if status:
        items = items.filter(status=status)
    return (
        items.select_related("buurt")
        .prefetch_related(initiatives_prefetch())
        .order_by(*SORTS.get(sort, SORTS["date"]))
    )


def filtered(workspace, *, channel="", buurt=None, query=""):
    items = AgendaItem.objects.filter(workspace=workspace)
    if channel:
        items = items.filter(channel=channel)
    if buurt is not None:
        items = items.filter(buurt=buurt)
    query = query.strip()
    if query:
        items = items.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(street__icontains=query)
        )
    return items


def status_counts(workspace, *, channel="", buurt=None, query="") -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, under the same filters except the status."""
    rows = (
        filtered(workspace, channel=channel, buurt=buurt, query=query)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(rows)
    return [(s.value, s.label, counts.get(s.value, 0)) for s in AgendaItem.Status]


def initiatives_of(item: AgendaItem):
    return item.initiatives.filter(workspace=item.workspace_id).order_by("title")


def links_to(item: AgendaItem) -> dict:
    """What links to an item: shown before it is deleted."""
    return {
        "initiatives": list(initiatives_of(item)),
        "log_entries": LogEntry.objects.filter(
            workspace=item.workspace_id, agenda_items=item
        ).count(),
    }
