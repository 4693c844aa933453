"""Writes of the logbook. Atomic, keyword-only, audited. An entry's title and text may mention
residents, so the log holds only field names and the number of tags."""

from django.db import transaction

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import LogEntry

FIELDS = ("written_on", "title", "text")
TAGS = ("initiatives", "stakeholders", "agenda_items")


def check_same_team(workspace, tags: dict) -> None:
    """Tags come from the team's own lists; anything else is a programming error."""
    for name, objects in tags.items():
        if any(obj.workspace_id != workspace.pk for obj in objects):
            raise ValueError(f"{name}: tags must belong to the entry's team")


def tag_counts(tags: dict) -> dict[str, int]:
    return {name: len(objects) for name, objects in tags.items()}


@transaction.atomic
def log_entry_create(
    *,
    actor,
    workspace,
    written_on,
    title: str,
    text: str,
    initiatives=(),
    stakeholders=(),
    agenda_items=(),
) -> LogEntry:
    tags = {"initiatives": initiatives, "stakeholders": stakeholders, "agenda_items": agenda_items}
    tags = {name: list(objects) for name, objects in tags.items()}
    check_same_team(workspace, tags)
    entry = LogEntry.objects.create(
        workspace=workspace, created_by=actor, written_on=written_on, title=title, text=text
    )
    for name, objects in tags.items():
        getattr(entry, name).set(objects)
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.log_entry.created",
        obj=entry,
        data=tag_counts(tags),
    )
    return entry


@transaction.atomic
def log_entry_update(*, actor, entry: LogEntry, **values) -> LogEntry:
    unknown = set(values) - set(FIELDS) - set(TAGS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    tags = {name: list(values.pop(name)) for name in TAGS if name in values}
    check_same_team(entry.workspace, tags)
    changed = [key for key, value in values.items() if getattr(entry, key) != value]
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    for name, objects in tags.items():
        relation = getattr(entry, name)
        if {obj.pk for obj in relation.all()} != {obj.pk for obj in objects}:
            relation.set(objects)
            changed.append(name)
    log_action(
        actor=actor,
        workspace=entry.workspace,
        action="buurtwerk.log_entry.changed",
        obj=entry,
        data={"fields": changed},
    )
    return entry


@transaction.atomic
def log_entry_delete(*, actor, entry: LogEntry) -> None:
    log_action(
        actor=actor, workspace=entry.workspace, action="buurtwerk.log_entry.deleted", obj=entry
    )
    entry.delete()
