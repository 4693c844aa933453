"""Objects for the URL walker: an initiative with a milestone, a resident lead and a linked
agenda item, started by the volunteer (so every WORK persona may change it)."""

from datetime import date

from buurtkompas.buurtwerk.services.agenda import agenda_item_create
from buurtkompas.buurtwerk.services.initiatives import initiative_create, milestone_create
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import consent_record


def objects(*, team, personas, contact) -> dict[str, int]:
    volunteer = personas["vrijwilliger"]
    consent_record(
        actor=personas["coordinator"],
        contact=contact,
        purpose=Purpose.CONTACT,
        given_on=date(2025, 1, 6),
        method="spoken",
    )
    item = agenda_item_create(
        actor=volunteer,
        workspace=team,
        title="Tochtige portieken",
        channel="meeting",
        raised_on=date(2025, 3, 4),
    )
    initiative = initiative_create(
        actor=volunteer,
        workspace=team,
        title="Portiekaanpak",
        chain_stage="saving",
        leads=[contact],
        agenda_items=[item],
    )
    milestone = milestone_create(
        actor=volunteer, initiative=initiative, title="Tochtstrips geplakt", progress_pct=40
    )
    return {"initiative_id": initiative.pk, "milestone_id": milestone.pk}
