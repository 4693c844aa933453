"""Writes of the leadership ladder: record or delete a resident's step. Atomic and audited;
the audit data holds the rung, never the resident's name or the note."""

from django.db import transaction

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import LeadershipStep
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import require_consent, touch


@transaction.atomic
def leadership_step_record(
    *, actor, workspace, contact, rung: int, taken_on, initiative=None, note: str = ""
) -> LeadershipStep:
    """Refused (ConsentMissing) when the resident has no active consent to be contacted."""
    if contact.workspace_id != workspace.pk or contact.is_anonymised:
        raise ValueError("contact of another team or anonymised")
    if initiative is not None and initiative.workspace_id != workspace.pk:
        raise ValueError("initiative of another team")
    require_consent(contact, Purpose.CONTACT)
    step = LeadershipStep.objects.create(
        workspace=workspace,
        contact=contact,
        rung=rung,
        taken_on=taken_on,
        initiative=initiative,
        note=note,
        created_by=actor,
    )
    touch(contact)
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.leadership_step.recorded",
        obj=step,
        data={"rung": step.rung, "contact_id": contact.pk},
    )
    return step


@transaction.atomic
def leadership_step_delete(*, actor, step: LeadershipStep) -> None:
    log_action(
        actor=actor,
        workspace=step.workspace,
        action="buurtwerk.leadership_step.deleted",
        obj=step,
        data={"rung": step.rung, "contact_id": step.contact_id},
    )
    step.delete()
