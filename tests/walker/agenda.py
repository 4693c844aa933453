"""Objects for the URL walker: an agenda item of the persona team.

Recorded by the volunteer, so every WORK persona may change it (a volunteer only changes what
they recorded) and the walker sees each view's declared roles, not the ownership rule."""

from datetime import date

from buurtkompas.buurtwerk.services.agenda import agenda_item_create


def objects(*, team, personas, contact) -> dict[str, int]:
    item = agenda_item_create(
        actor=personas["vrijwilliger"],
        workspace=team,
        title="Meer groen op het plein",
        channel="doorstep",
        raised_on=date(2025, 3, 3),
        supporters=12,
    )
    return {"agenda_item_id": item.pk}
