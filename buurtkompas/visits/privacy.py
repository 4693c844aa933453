"""What `visits` holds about a resident (`residents.registry`): household visits and everything
recorded in them (step data, meter readings and photos, measures, referrals, housing-problem
ticks). Also the section with the visits and the planning form on the resident's page.
Registered in `VisitsConfig.ready()`.

Not exported: the energy-poverty signal (computed on a page for the coach, never stored) and a
meter photo's bytes (the export says a photo is held and since when)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkompas.audit.services import log_action
from buurtkompas.residents.models import Consent, Purpose
from buurtkompas.residents.pdf import label, when
from buurtkompas.residents.registry import PageSection, PersonalData, register, register_section
from buurtkompas.visits.forms import visit_plan_form
from buurtkompas.visits.models import (
    FittedMeasure,
    HouseholdVisit,
    HousingProblemSeen,
    MeterReading,
    Referral,
    ReferralService,
    ReferralStatusChange,
    TeamMeasure,
)
from buurtkompas.visits.services import INCOME_FIELDS, MEASURED_FIELDS, STEP_FIELDS

STEP_DATA = tuple(field for fields in STEP_FIELDS.values() for field in fields)


def _value(value):
    if value is None or value == "":
        return None
    return value if isinstance(value, int | str) else str(value)


def _reading(reading: MeterReading) -> dict:
    return {
        "read_on": reading.read_on.isoformat(),
        "electricity_kwh": _value(reading.electricity_kwh),
        "gas_m3": _value(reading.gas_m3),
        "source": reading.source,
        "photo_held": "yes" if reading.photo else "no",
        "photo_added_on": reading.photo_added_on.isoformat() if reading.photo_added_on else None,
    }


def _measure(measure: FittedMeasure) -> dict:
    return {
        "measure": measure.name_nl,
        "quantity": str(measure.quantity),
        "status": measure.status,
        "material_cost_eur": _value(measure.material_cost_eur),
    }


def _referral(referral: Referral) -> dict:
    return {
        "service": referral.service_name,
        "status": referral.status,
        "follow_up_on": referral.follow_up_on.isoformat() if referral.follow_up_on else None,
        "note": referral.note,
        "history": [
            {"status": change.status, "on": change.changed_at.isoformat()}
            for change in referral.history.all()
        ],
    }


def _visit(visit: HouseholdVisit) -> dict:
    return {
        "planned_for": visit.planned_for.isoformat(),
        "status": visit.status,
        "kind": visit.kind,
        "done_on": visit.done_on.isoformat() if visit.done_on else None,
        "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
        **{field: _value(getattr(visit, field)) for field in STEP_DATA},
        **{field: _value(getattr(visit, field)) for field in MEASURED_FIELDS},
        "meter_readings": [_reading(r) for r in visit.readings.all()],
        "measures": [_measure(m) for m in visit.measures.all()],
        "referrals": [_referral(r) for r in visit.referrals.all()],
        "housing_problems": [p.problem for p in visit.problems.all()],
    }


def export(contact) -> list[dict]:
    visits = HouseholdVisit.objects.filter(contact=contact).prefetch_related(
        "readings", "measures", "referrals__history", "problems"
    )
    return [_visit(v) for v in visits]


def _delete_photos(readings) -> int:
    """Delete the photo files (after the transaction commits) and forget them."""
    count = 0
    for reading in readings.exclude(photo=""):
        name, storage = reading.photo.name, reading.photo.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        reading.photo, reading.photo_added_on = "", None
        reading.save(update_fields=["photo", "photo_added_on"])
        count += 1
    return count


def erase(contact) -> None:
    """The visit rows stay (date, status, kind, the measures fitted and the referrals' status),
    linked to the anonymised contact, so the team's counts stay right. Everything the household
    shared goes: the step data, the meter readings with their photo files, the measured change
    computed from them and the referrals' notes. Housing ticks hold only a problem: they stay,
    as the dossier holds them unnamed."""
    readings = MeterReading.objects.filter(visit__contact=contact)
    _delete_photos(readings)
    readings.delete()
    fields = STEP_DATA + MEASURED_FIELDS  # the measured change is derived from the readings
    blank = {f: HouseholdVisit._meta.get_field(f).get_default() for f in fields}
    HouseholdVisit.objects.filter(contact=contact).update(**blank)
    Referral.objects.filter(visit__contact=contact).update(note="")


def rows(data: list[dict]) -> list[tuple[str, str]]:
    lines = []
    for visit in data:
        lines.append((when(visit["planned_for"]), label(HouseholdVisit.Status, visit["status"])))
        shared = [f"{k}: {visit[k]}" for k in STEP_DATA if visit.get(k) is not None]
        if shared:
            lines.append((_("Recorded at the visit"), "; ".join(shared)))
        for reading in visit["meter_readings"]:
            value = f"{reading['electricity_kwh'] or '-'} kWh, {reading['gas_m3'] or '-'} m³"
            photo = _("photo held: yes") if reading["photo_held"] == "yes" else ""
            lines.append(
                (
                    _("Meter reading %(date)s") % {"date": when(reading["read_on"])},
                    f"{value} {photo}".strip(),
                )
            )
        for measure in visit["measures"]:
            lines.append(
                (
                    _("Measure"),
                    f"{measure['measure']} × {measure['quantity']} ({measure['status']})",
                )
            )
        for referral in visit["referrals"]:
            lines.append(
                (
                    _("Referral"),
                    f"{referral['service']} ({referral['status']}) {referral['note']}".strip(),
                )
            )
        measured = [f"{k}: {visit[k]}" for k in MEASURED_FIELDS if visit.get(k) is not None]
        if measured:
            lines.append((_("Measured change in use a year"), "; ".join(measured)))
        if visit["housing_problems"]:
            lines.append((_("Housing problems seen"), ", ".join(visit["housing_problems"])))
    return lines


def _still_consented(contact, purpose) -> bool:
    return Consent.objects.filter(contact=contact, purpose=purpose, withdrawn_at=None).exists()


def _visit_withdrawn(actor, contact) -> None:
    """Visits (first and follow-up) still planned for today or later are cancelled, and no
    follow-up is due any more."""
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
    HouseholdVisit.objects.filter(contact=contact).exclude(follow_up_on=None).update(
        follow_up_on=None, follow_up_weeks=None
    )


def _income_withdrawn(actor, contact) -> None:
    visits = HouseholdVisit.objects.filter(contact=contact)
    count = visits.exclude(income_bracket="", savings_below_limit="").count()
    visits.update(**{field: "" for field in INCOME_FIELDS})
    log_action(
        actor=actor,
        workspace=contact.workspace,
        action="visits.income.erased",
        obj=contact,
        data={"reason": "income consent withdrawn", "visits": count},
    )


def _photo_withdrawn(actor, contact) -> None:
    count = _delete_photos(MeterReading.objects.filter(visit__contact=contact))
    log_action(
        actor=actor,
        workspace=contact.workspace,
        action="visits.photos.deleted",
        obj=contact,
        data={"reason": "photo consent withdrawn", "photos": count},
    )


WITHDRAWN = {
    Purpose.VISIT: _visit_withdrawn,
    Purpose.INCOME: _income_withdrawn,
    Purpose.PHOTO: _photo_withdrawn,
}


@transaction.atomic
def consent_withdrawn(*, actor, contact, purpose: str) -> None:
    """Without visit consent, planned visits and follow-ups stop; without income consent the
    income fields are erased; without photo consent the meter photos are deleted (files too)."""
    stop = WITHDRAWN.get(purpose)
    if stop is None or _still_consented(contact, purpose):
        return
    stop(actor, contact)


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
            models=(
                HouseholdVisit,
                MeterReading,
                FittedMeasure,
                Referral,
                ReferralStatusChange,
                HousingProblemSeen,
            ),
            export=export,
            erase=erase,
            rows=rows,
            consent_withdrawn=consent_withdrawn,
            free_text=(
                (HouseholdVisit, ("wishes", "advice", "corporation_name", "complex")),
                (Referral, ("note", "service_name", "service_key")),
                (
                    FittedMeasure,
                    (
                        "catalogue_key",
                        "name_nl",
                        "name_en",
                        "reference_household",
                        "saving_source",
                        "saving_source_url",
                    ),
                ),
                (TeamMeasure, ("catalogue_key", "name", "source")),
                (ReferralService, ("name", "purpose", "how_to_reach", "url", "phone")),
            ),
        )
    )
    register_section(
        PageSection(key="visits", template="visits/resident_section.html", context=page_context)
    )
