"""Reads of a team's logbook. Every query filters by workspace first. Entries may mention
residents, so the texts are for members who may see personal data; everyone else gets counts
per month (`entries_per_month`)."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth

from buurtkompas.buurtwerk.models import AgendaItem, Initiative, LogEntry, Stakeholder

MAX_WORDS = 8


def tag_choices(workspace) -> dict:
    """The team's initiatives, parties and agenda items that an entry may be tagged with."""
    return {
        "initiatives": Initiative.objects.filter(workspace=workspace).order_by("title", "id"),
        "stakeholders": Stakeholder.objects.filter(workspace=workspace).order_by("name", "id"),
        "agenda_items": AgendaItem.objects.filter(workspace=workspace).order_by("title", "id"),
    }


def with_tags(entries):
    """Entries with their writer and their tags in three queries, whatever their number."""
    return entries.select_related("created_by").prefetch_related(
        Prefetch("initiatives", Initiative.objects.only("id", "title").order_by("title")),
        Prefetch("stakeholders", Stakeholder.objects.only("id", "name").order_by("name")),
        Prefetch("agenda_items", AgendaItem.objects.only("id", "title").order_by("title")),
    )


def word_filter(word: str) -> Q:
    """Title or text contains the word, ignoring case. The spellings lower, UPPER and Capital
    are tried as well because SQLite ignores the case of ASCII letters only ("één" vs "Één");
    PostgreSQL folds every letter, so there they change nothing."""
    found = Q()
    for spelling in dict.fromkeys([word, word.lower(), word.upper(), word.capitalize()]):
        found |= Q(title__icontains=spelling) | Q(text__icontains=spelling)
    return found


def log_entries(
    workspace,
    *,
    words: str = "",
    initiative=None,
    stakeholder=None,
    agenda_item=None,
    date_from=None,
    date_to=None,
):
    """The team's entries, newest first, that contain every word and match every filter."""
    entries = LogEntry.objects.filter(workspace=workspace)
    for word in words.split()[:MAX_WORDS]:
        entries = entries.filter(word_filter(word))
    filters = {
        "initiatives": initiative,
        "stakeholders": stakeholder,
        "agenda_items": agenda_item,
        "written_on__gte": date_from,
        "written_on__lte": date_to,
    }
    entries = entries.filter(**{key: value for key, value in filters.items() if value})
    return with_tags(entries).order_by("-written_on", "-id")


def entries_per_month(workspace):
    """Rows (month, entries), newest month first: all that members without access to personal
    data see of the logbook."""
    return (
        LogEntry.objects.filter(workspace=workspace)
        .annotate(month=TruncMonth("written_on"))
        .values("month")
        .annotate(entries=Count("id"))
        .order_by("-month")
    )
