"""Housing signals for the URL walker. Recorded by the volunteer, who may change only what
they recorded, so every member with a WORK role may open the edit and delete pages."""

from datetime import date

from buurtkompas.buurtwerk.services.signals import signal_create


def objects(*, team, personas, contact) -> dict[str, int]:
    signal = signal_create(
        actor=personas["vrijwilliger"],
        workspace=team,
        complex="Flat Zuidwijk",
        problem="mould",
        households=3,
        noted_on=date(2025, 3, 4),
        source="conversation",
    )
    return {"signal_id": signal.pk}
