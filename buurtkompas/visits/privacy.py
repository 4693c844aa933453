"""What `visits` holds about a resident (`residents.registry`): planned household visits.
Also the section with the visits and the planning form on the resident's page.
Registered in `VisitsConfig.ready()`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from buurtkompas.audit.services import log_action
from buurtkompas.residents.models import Consent, Purpose
from buurtkompas.residents.pdf import label, when
from buurtkompas.residents.registry import PageSection, PersonalData, register, register_section
from buurtkompas.visits.forms import visit_plan_form
from buurtkompas.visits.models import HouseholdVisit


def export(contact) -> list[dict]:
    return [
        {"planned_for": v.planned_for.isoformat(), "status": v.status}
        for v in HouseholdVisit.objects.filter(contact=contact)
    ]


def erase(contact) -> None:
    """A visit holds a date and a status, nothing that names or reaches the person: it stays,
    linked to the anonymised contact, so the number of visits stays right."""


def rows(data: list[dict]) -> list[tuple[str, str]]:
    return [(when(v["planned_for"]), label(HouseholdVisit.Status, v["status"])) for v in data]


@transaction.atomic
def consent_withdrawn(*, actor, contact, purpose: str) -> None:
    """Without visit consent, visits still planned for today or later are cancelled."""
    if purpose != Purpose.VISIT:
        return
    if Consent.objects.filter(contact=contact, purpose=Purpose.VISIT, withdrawn_at=None).exists():
        return
    planned = HouseholdVisit.objects.filter(
        contact=contact,
        status=HouseholdVisit.Status.PLANNED,
        planned_for__gte=timezone.localdate(),
    )
    for visit in planned:
        visit.status = HouseholdVisit.Status.CANCELLED
        visit.save(update_fields=["status"])
        log_action(
            actor=actor,
            workspace=contact.workspace,
            action="visits.visit.cancelled",
            obj=visit,
            data={"reason": "visit consent withdrawn"},
        )


def page_context(request, contact, form=None) -> dict:
    return {
        "contact": contact,
        "visits": HouseholdVisit.objects.filter(contact=contact).order_by("-planned_for", "-id"),
        "visit_form": form or visit_plan_form(),
        "has_visit_consent": contact.active_consent(Purpose.VISIT) is not None,
    }


def register_all() -> None:
    register(
        PersonalData(
            key="visits",
            title=gettext_lazy("Household visits"),
            models=(HouseholdVisit,),
            export=export,
            erase=erase,
            rows=rows,
            consent_withdrawn=consent_withdrawn,
        )
    )
    register_section(
        PageSection(key="visits", template="visits/resident_section.html", context=page_context)
    )
