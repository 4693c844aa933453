"""Objects for the URL walker: a step on the leadership ladder of the walker's resident.

`initiative_id` is shared with the initiatives module: if its walker (which runs earlier,
alphabetically) already made an initiative, that one stays the walked one."""

from datetime import date

from buurtkompas.buurtwerk.models import Initiative
from buurtkompas.buurtwerk.models.initiatives import ChainStage
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.buurtwerk.services.leadership import leadership_step_record
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record


def objects(*, team, personas, contact) -> dict[str, int]:
    coordinator = personas["coordinator"]
    found = {}
    initiative = Initiative.objects.filter(workspace=team).order_by("pk").first()
    if initiative is None:
        initiative = Initiative.objects.create(
            workspace=team,
            title="Repaircafé",
            chain_stage=ChainStage.SAVING,
            created_by=coordinator,
        )
        found["initiative_id"] = initiative.pk
    if contact.active_consent(Purpose.CONTACT) is None:
        consent_record(
            actor=coordinator,
            contact=contact,
            purpose=Purpose.CONTACT,
            given_on=date(2025, 1, 6),
            method="spoken",
        )
    step = leadership_step_record(
        actor=coordinator,
        workspace=team,
        contact=contact,
        rung=Rung.HELPER,
        taken_on=date(2025, 2, 1),
        initiative=initiative,
    )
    found["leadership_step_id"] = step.pk
    return found
