"""Actions that other apps offer on a team's record page (e.g. the knowledge base's "share as
practice case" on an initiative), without the app that renders the page importing them.

A feature calls `register(RecordAction(model_label, url_name, label, visible))` from its
`AppConfig.ready()`. The page's view passes `actions_for(request, record)` to its template,
which shows them as links. `url_name` is reversed with `workspace_id` and `kwarg` (the
record's id, e.g. `initiative_id`);
`visible(request, record)` decides per visitor (e.g. coordinators and opbouwwerkers only)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class RecordAction:
    model_label: str  # "buurtwerk.initiative"
    url_name: str
    label: str  # a lazy translation
    kwarg: str  # the URL's name for the record's id
    visible: Callable | None = None  # visible(request, record) -> bool


_ACTIONS: list[RecordAction] = []


def register(action: RecordAction) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def actions_for(request, record) -> list[dict]:
    label = record._meta.label_lower
    return [
        {
            "url": reverse(
                action.url_name,
                kwargs={"workspace_id": request.workspace.pk, action.kwarg: record.pk},
            ),
            "label": action.label,
        }
        for action in _ACTIONS
        if action.model_label == label
        and (action.visible is None or action.visible(request, record))
    ]
