"""Objects for the URL walker: an activity organised by the volunteer, with the walker's
resident registered (so a volunteer may change it and the resident can be unregistered)."""

from datetime import date

from buurtkompas.buurtwerk.models import Activity
from buurtkompas.buurtwerk.services.activities import activity_create, activity_register
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record


def objects(*, team, personas, contact) -> dict[str, int]:
    coordinator = personas["coordinator"]
    activity = activity_create(
        actor=coordinator,
        workspace=team,
        kind=Activity.Kind.ENERGY_CAFE,
        title="Energiecafé walker",
        held_on=date(2025, 3, 4),
        organisers=[personas["vrijwilliger"]],
    )
    if contact.active_consent(Purpose.CONTACT) is None:
        consent_record(
            actor=coordinator,
            contact=contact,
            purpose=Purpose.CONTACT,
            given_on=date(2025, 1, 6),
            method="spoken",
        )
    activity_register(actor=coordinator, activity=activity, contact=contact)
    return {"activity_id": activity.pk}
