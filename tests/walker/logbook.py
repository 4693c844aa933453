"""A log entry for the URL walker, written by the volunteer (who may change only their own)."""

from datetime import date

from buurtkompas.buurtwerk.services.logbook import log_entry_create


def objects(*, team, personas, contact) -> dict[str, int]:
    entry = log_entry_create(
        actor=personas["vrijwilliger"],
        workspace=team,
        written_on=date(2025, 3, 5),
        title="Overleg met de corporatie",
        text="Afspraken over de schimmel in de flat.",
    )
    return {"log_entry_id": entry.pk}
