from django.db import transaction

from buurtkompas.audit.services import log_action
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import require_consent, touch
from buurtkompas.visits.models import HouseholdVisit


@transaction.atomic
def visit_plan(*, actor, contact, planned_for) -> HouseholdVisit:
    """Plan a household visit; refused without the resident's consent for a visit."""
    require_consent(contact, Purpose.VISIT)
    visit = HouseholdVisit.objects.create(
        workspace=contact.workspace, contact=contact, planned_for=planned_for, created_by=actor
    )
    touch(contact)
    log_action(actor=actor, workspace=contact.workspace, action="visits.visit.planned", obj=visit)
    return visit
