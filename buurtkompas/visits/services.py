"""Writes of household visits. Each is keyword-only, atomic and audited (`log_action` with
field names, steps, keys and counts: never a value a resident shared, never a name).

Consent is checked here, so no form can skip it: nothing is recorded about a visit without the
resident's visit consent; the income fields need the `income` consent and a meter photo the
`photo` consent. Bad input raises `ValidationError` (a dict keyed by field where one field is
wrong) before anything is written, so nothing is half-saved.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.core import photos
from buurtkompas.core.dates import show_date
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import require_consent, touch
from buurtkompas.workspaces import signals_registry

from . import catalogue, referral_catalogue, report_pdf, selectors, selectors_national
from .models import (
    STEP_KEYS,
    FittedMeasure,
    GemeenteVisitTotals,
    HouseholdVisit,
    HousingProblemSeen,
    MeterReading,
    Referral,
    ReferralService,
    ReferralStatusChange,
    TeamMeasure,
)
from .savings import SavingsInputError, check_quantity

# The fields each recording step saves (the steps without fields save their own records).
STEP_FIELDS = {
    "woning": (
        "dwelling_type",
        "build_period",
        "energy_label",
        "tenure",
        "corporation_name",
        "complex",
    ),
    "huishouden": ("household_size", "children", "income_bracket", "savings_below_limit"),
    "energiegebruik": (
        "electricity_kwh_year",
        "gas_m3_year",
        "energy_costs_year_eur",
        "monthly_advance_eur",
    ),
    "wensen": ("wishes", "advice"),
    "maatregelen": (),
    "doorverwijzingen": (),
    "woningproblemen": (),
    "afronden": (),
}
INCOME_FIELDS = ("income_bracket", "savings_below_limit")

# Readings before this date are typing errors (and older than any bill a household keeps).
EARLIEST_READING = dt.date(2000, 1, 1)
# Yearly use above these is a typing error, not a household: an average Dutch home uses about
# 2,500-3,000 kWh and 1,000-1,200 m³ gas a year (CBS); these limits are 15-20x that.
MAX_KWH_PER_YEAR = 50_000
MAX_M3_PER_YEAR = 10_000
METERS = (("electricity_kwh", MAX_KWH_PER_YEAR), ("gas_m3", MAX_M3_PER_YEAR))


def _log(actor, visit_or_obj, action: str, **data):
    log_action(
        actor=actor,
        workspace=visit_or_obj.workspace,
        action=f"visits.{action}",
        obj=visit_or_obj,
        data=data or None,
    )


def _may_record(visit: HouseholdVisit) -> None:
    require_consent(visit.contact, Purpose.VISIT)
    if visit.status in (HouseholdVisit.Status.DONE, HouseholdVisit.Status.CANCELLED):
        raise ValidationError(_("This visit is closed; it cannot be changed any more."))
    if visit.contact.is_anonymised:
        raise ValidationError(_("This resident's data was erased."))


def _in_progress(visit: HouseholdVisit, actor) -> None:
    if visit.status == HouseholdVisit.Status.PLANNED:
        visit.status = HouseholdVisit.Status.IN_PROGRESS
    if visit.coach_id is None:
        visit.coach = actor


@transaction.atomic
def visit_plan(*, actor, contact, planned_for, coach=None) -> HouseholdVisit:
    """Plan a household visit; refused without the resident's consent for a visit."""
    require_consent(contact, Purpose.VISIT)
    visit = HouseholdVisit.objects.create(
        workspace=contact.workspace,
        contact=contact,
        planned_for=planned_for,
        created_by=actor,
        coach=coach or actor,
    )
    touch(contact)
    log_action(actor=actor, workspace=contact.workspace, action="visits.visit.planned", obj=visit)
    return visit


@transaction.atomic
def visit_start(*, actor, visit: HouseholdVisit) -> HouseholdVisit:
    """Start recording: the visit is in progress and its coach is whoever starts it (if none)."""
    _may_record(visit)
    _in_progress(visit, actor)
    visit.save(update_fields=["status", "coach"])
    _log(actor, visit, "visit.started")
    return visit


def _step_index(step: str) -> int:
    if step not in STEP_KEYS:
        raise ValueError(f"unknown step {step!r}")
    return STEP_KEYS.index(step)


def _mark_step(visit: HouseholdVisit, step: str) -> None:
    if visit.last_step not in STEP_KEYS or _step_index(step) > _step_index(visit.last_step):
        visit.last_step = step


@transaction.atomic
def visit_step_save(*, actor, visit: HouseholdVisit, step: str, data: dict) -> HouseholdVisit:
    """Save one recording step's fields (a partly filled step is a valid draft) and remember
    the furthest step saved, to resume there. Income fields need the `income` consent."""
    _step_index(step)
    _may_record(visit)
    fields = STEP_FIELDS[step]
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"step {step} has no fields {sorted(unknown)}")
    if any(data.get(f) not in (None, "") for f in INCOME_FIELDS):
        require_consent(visit.contact, Purpose.INCOME)
    if data.get("tenure") and data["tenure"] != "corporation_rent":
        data = {**data, "corporation_name": ""}
    changed = [f for f in fields if f in data and getattr(visit, f) != data[f]]
    for name in fields:
        if name in data:
            setattr(visit, name, data[name])
    _in_progress(visit, actor)
    _mark_step(visit, step)
    visit.save()
    touch(visit.contact)
    _log(actor, visit, "visit.step_saved", step=step, fields=changed)
    return visit


def _meter_checks(visit, read_on, values: dict) -> dict:
    """Per meter: not lower than the household's reading before it, not higher than the one
    after it, no absurd use a year in between. Returns {field: message} (empty when fine)."""
    errors = {}
    household = MeterReading.objects.filter(visit__contact_id=visit.contact_id)
    for field, limit in METERS:
        value = values.get(field)
        if value is None:
            continue
        known = household.exclude(**{f"{field}__isnull": True})
        before = known.filter(read_on__lte=read_on).order_by("-read_on", "-id").first()
        after = known.filter(read_on__gt=read_on).order_by("read_on", "id").first()
        if before is not None and value < getattr(before, field):
            errors[field] = _(
                "Lower than the reading of %(date)s (%(value)s). A meter only goes up."
            ) % {"date": show_date(before.read_on), "value": getattr(before, field)}
        elif after is not None and value > getattr(after, field):
            errors[field] = _(
                "Higher than the later reading of %(date)s (%(value)s). A meter only goes up."
            ) % {"date": show_date(after.read_on), "value": getattr(after, field)}
        elif before is not None:
            days = max((read_on - before.read_on).days, 1)
            if (value - getattr(before, field)) * 365 / days > limit:
                errors[field] = _(
                    "That would be more than %(limit)s a year since %(date)s. "
                    "Check the number (and the decimal point)."
                ) % {
                    "limit": f"{limit:,}".replace(",", "."),
                    "date": show_date(before.read_on),
                }
    return errors


def _reading_errors(visit, read_on, values: dict, source: str) -> dict:
    errors = {}
    if read_on > timezone.localdate():
        errors["read_on"] = _("The date is in the future.")
    elif read_on < EARLIEST_READING:
        errors["read_on"] = _("The date is before 2000. Check the year.")
    if source not in MeterReading.Source.values:
        errors["source"] = _("Choose where the reading comes from.")
    if all(values.get(f) is None for f, _limit in METERS):
        errors["electricity_kwh"] = _("Fill in at least one meter.")
    for field, _limit in METERS:
        if values.get(field) is not None and values[field] < 0:
            errors[field] = _("A meter reading cannot be negative.")
    if not errors:
        errors = _meter_checks(visit, read_on, values)
    return errors


@transaction.atomic
def meter_reading_add(
    *, actor, visit, read_on, source, electricity_kwh=None, gas_m3=None, photo=None
) -> MeterReading:
    """Add a meter reading; refused when impossible (see `_meter_checks`). A photo needs the
    resident's `photo` consent and is stored without EXIF or location."""
    _may_record(visit)
    values = {"electricity_kwh": electricity_kwh, "gas_m3": gas_m3}
    errors = _reading_errors(visit, read_on, values, source)
    if errors:
        raise ValidationError(errors)
    clean = None
    if photo:
        require_consent(visit.contact, Purpose.PHOTO)
        clean = photos.clean_photo(photo)
    reading = MeterReading(
        workspace=visit.workspace,
        created_by=actor,
        visit=visit,
        read_on=read_on,
        source=source,
        **values,
    )
    if clean is not None:
        reading.photo.save(clean.name, clean, save=False)
        reading.photo_added_on = timezone.localdate()
        # A rolled-back reading leaves no photo behind.
        name, storage = reading.photo.name, reading.photo.storage
        try:
            reading.save()
        except Exception:
            storage.delete(name)
            raise
    else:
        reading.save()
    _in_progress(visit, actor)
    visit.save(update_fields=["status", "coach"])
    _log(
        actor,
        reading,
        "meter_reading.added",
        meters=[f for f, value in values.items() if value is not None],
        source=source,
        photo=clean is not None,
    )
    return reading


def _cost(value):
    if value is None:
        return None
    value = Decimal(value)
    if value < 0 or value > 10_000:
        raise ValidationError({"material_cost_eur": _("Fill in a cost between € 0 and € 10,000.")})
    return value


def _snapshot_catalogue(measure: catalogue.Measure) -> dict:
    basis = measure.price_basis
    return {
        "name_nl": measure.name_nl,
        "name_en": measure.name_en,
        "unit": measure.unit,
        "saving_kwh": measure.saving_kwh,
        "saving_m3": measure.saving_m3,
        "saving_eur": measure.saving_eur,
        "saving_status": measure.saving_status,
        "reference_household": measure.reference_household,
        "saving_source": measure.source,
        "saving_source_url": measure.source_url,
        "saving_year": measure.year,
        "price_gas_eur_m3": basis.gas_eur_per_m3 if basis else None,
        "price_electricity_eur_kwh": basis.electricity_eur_per_kwh if basis else None,
    }


def _snapshot_team(measure: TeamMeasure) -> dict:
    has_saving = measure.saving_kwh is not None or measure.saving_m3 is not None
    return {
        "name_nl": measure.name,
        "name_en": measure.name,
        "unit": measure.unit,
        "saving_kwh": float(measure.saving_kwh) if measure.saving_kwh is not None else None,
        "saving_m3": float(measure.saving_m3) if measure.saving_m3 is not None else None,
        "saving_eur": None,
        "saving_status": "team" if has_saving else catalogue.NO_PUBLISHED_SAVING,
        "reference_household": "",
        "saving_source": measure.source,
        "saving_source_url": "",
        "saving_year": measure.source_year,
        "price_gas_eur_m3": None,
        "price_electricity_eur_kwh": None,
    }


def _checked_quantity(snapshot: dict, quantity) -> float:
    probe = catalogue.Measure(
        key="probe",
        name_nl=snapshot["name_nl"],
        name_en=snapshot["name_en"],
        unit=snapshot["unit"],
        material_cost_eur=None,
        material_cost_source="",
        saving_kwh=None,
        saving_m3=None,
        saving_eur=None,
        saving_status=catalogue.NO_PUBLISHED_SAVING,
        reference_household="",
        source="",
        source_url="",
        year=2000,
        price_basis=None,
        note="",
    )
    try:
        return check_quantity(probe, float(quantity) if quantity is not None else None)
    except (SavingsInputError, TypeError, ValueError):
        raise ValidationError(
            {
                "quantity": _(
                    "Fill in a quantity above 0 and at most 100 (whole pieces; "
                    "1 for a measure for the whole household)."
                )
            }
        ) from None


@transaction.atomic
def measure_fit(
    *,
    actor,
    visit,
    quantity,
    status,
    catalogue_key: str = "",
    team_measure: TeamMeasure | None = None,
    material_cost_eur=None,
) -> FittedMeasure:
    """Record a measure fitted now or advised, with a snapshot of its reference saving. The
    material cost defaults to the team's price (a team measure or a price override) x quantity."""
    _may_record(visit)
    if status not in FittedMeasure.Status.values:
        raise ValidationError({"status": _("Choose fitted now or advised.")})
    override = None
    if team_measure is not None:
        if team_measure.workspace_id != visit.workspace_id:
            raise ValidationError({"measure": _("Choose a measure from the list.")})
        snapshot, unit_price = _snapshot_team(team_measure), team_measure.material_cost_eur
    else:
        measures = catalogue.load_measures()
        if catalogue_key not in measures:
            raise ValidationError({"measure": _("Choose a measure from the list.")})
        snapshot = _snapshot_catalogue(measures[catalogue_key])
        override = TeamMeasure.objects.filter(
            workspace=visit.workspace, catalogue_key=catalogue_key, active=True
        ).first()
        unit_price = override.material_cost_eur if override else None
        if unit_price is None and measures[catalogue_key].material_cost_eur is not None:
            unit_price = Decimal(str(measures[catalogue_key].material_cost_eur))
    amount = _checked_quantity(snapshot, quantity)
    cost = _cost(material_cost_eur)
    if cost is None and unit_price is not None:
        cost = (unit_price * Decimal(str(amount))).quantize(Decimal("0.01"))
    fitted = FittedMeasure.objects.create(
        workspace=visit.workspace,
        created_by=actor,
        visit=visit,
        catalogue_key="" if team_measure else catalogue_key,
        team_measure=team_measure,
        quantity=Decimal(str(amount)),
        status=status,
        material_cost_eur=cost,
        **snapshot,
    )
    _log(actor, fitted, "measure.fitted", key=catalogue_key or "team", status=status)
    return fitted


@transaction.atomic
def measure_remove(*, actor, measure: FittedMeasure) -> None:
    _may_record(measure.visit)
    _log(actor, measure.visit, "measure.removed", key=measure.catalogue_key or "team")
    measure.delete()


@transaction.atomic
def referral_make(
    *, actor, visit, service_key: str = "", local_service=None, follow_up_on=None, note: str = ""
) -> Referral:
    """Refer the household to a national scheme (catalogue key) or a local service."""
    _may_record(visit)
    if local_service is not None:
        if local_service.workspace_id != visit.workspace_id:
            raise ValidationError({"service": _("Choose a service from the list.")})
        name, service_key = local_service.name, ""
    else:
        schemes = referral_catalogue.load_referrals()
        if service_key not in schemes:
            raise ValidationError({"service": _("Choose a service from the list.")})
        name = schemes[service_key].name_nl
    referral = Referral.objects.create(
        workspace=visit.workspace,
        created_by=actor,
        visit=visit,
        service_key=service_key,
        local_service=local_service,
        service_name=name,
        follow_up_on=follow_up_on,
        note=note.strip(),
    )
    ReferralStatusChange.objects.create(
        workspace=visit.workspace, created_by=actor, referral=referral, status=referral.status
    )
    _log(actor, referral, "referral.made", service=service_key or "local")
    return referral


@transaction.atomic
def referral_status_change(
    *, actor, referral: Referral, status: str, follow_up_on=None, note=None
) -> Referral:
    """Move a referral forward (suggested → made → answered → helped / not helped); the
    history keeps every step. A closed referral (helped / not helped) stays closed."""
    require_consent(referral.visit.contact, Purpose.VISIT)
    if status not in referral.next_statuses():
        raise ValidationError(
            {"status": _("A referral only moves forward; choose a later status.")}
        )
    referral.status = status
    if follow_up_on is not None:
        referral.follow_up_on = follow_up_on
    if note is not None:
        referral.note = note.strip()
    referral.save()
    ReferralStatusChange.objects.create(
        workspace=referral.workspace, created_by=actor, referral=referral, status=status
    )
    _log(actor, referral, "referral.status_changed", status=status)
    return referral


@transaction.atomic
def visit_problems_add(*, actor, visit, problems) -> list[HousingProblemSeen]:
    """Tick housing problems; each new tick goes to the team's signal dossier as one household
    of the visit's complex (never the household itself). A tick already sent stays."""
    _may_record(visit)
    problems = [p for p in dict.fromkeys(problems)]
    wrong = [p for p in problems if p not in HousingProblemSeen.Problem.values]
    if wrong:
        raise ValidationError({"problems": _("Choose problems from the list.")})
    known = set(visit.problems.values_list("problem", flat=True))
    new = [p for p in problems if p not in known]
    if new and not visit.complex.strip():
        raise ValidationError(
            {"problems": _("Fill in the building complex or street (step Home) first.")}
        )
    ticks = []
    for problem in new:
        ticks.append(
            HousingProblemSeen.objects.create(
                workspace=visit.workspace, created_by=actor, visit=visit, problem=problem
            )
        )
        signals_registry.raise_housing_signal(
            actor=actor,
            workspace=visit.workspace,
            problem=problem,
            complex=visit.complex,
            buurt=visit.contact.buurt,
            source="visit",
        )
    if new:
        _log(actor, visit, "housing_problems.signalled", problems=new)
    return ticks


@transaction.atomic
def visit_complete(*, actor, visit, done_on, follow_up_weeks=None) -> HouseholdVisit:
    """Close the visit as done; with an interval, plan the follow-up visit too."""
    _may_record(visit)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date is in the future.")})
    visit.status, visit.done_on = HouseholdVisit.Status.DONE, done_on
    if visit.coach_id is None:
        visit.coach = actor
    visit.follow_up_weeks = follow_up_weeks
    visit.follow_up_on = done_on + dt.timedelta(weeks=follow_up_weeks) if follow_up_weeks else None
    _mark_step(visit, STEP_KEYS[-1])
    visit.save()
    touch(visit.contact)
    _log(actor, visit, "visit.completed", follow_up=bool(follow_up_weeks))
    if visit.kind == HouseholdVisit.Kind.FOLLOW_UP:
        visit_measured_change_store(visit=visit)
    if follow_up_weeks:
        visit_follow_up_plan(actor=actor, visit=visit, planned_for=visit.follow_up_on)
    return visit


@transaction.atomic
def visit_follow_up_plan(*, actor, visit, planned_for) -> HouseholdVisit:
    """Plan a follow-up visit of the first visit (a follow-up of a follow-up points at the
    first one too); refused without visit consent."""
    require_consent(visit.contact, Purpose.VISIT)
    if visit.status != HouseholdVisit.Status.DONE:
        raise ValidationError(_("Finish this visit first; then plan its follow-up."))
    first = visit.follow_up_of or visit
    follow_up = HouseholdVisit.objects.create(
        workspace=visit.workspace,
        contact=visit.contact,
        planned_for=planned_for,
        created_by=actor,
        coach=visit.coach or actor,
        kind=HouseholdVisit.Kind.FOLLOW_UP,
        follow_up_of=first,
        dwelling_type=first.dwelling_type,
        build_period=first.build_period,
        energy_label=first.energy_label,
        tenure=first.tenure,
        corporation_name=first.corporation_name,
        complex=first.complex,
    )
    _log(actor, follow_up, "visit.follow_up_planned")
    return follow_up


MEASURED_FIELDS = (
    "measured_kwh_per_year",
    "measured_m3_per_year",
    "measured_m3_correction",
    "estimated_kwh_per_year",
    "estimated_m3_per_year",
    "measured_at",
)


def visit_measured_change_store(*, visit) -> HouseholdVisit:
    """Store a done follow-up visit's measured change beside the estimate, so the team view
    adds them up in one query. A derived value, rewritten whenever its inputs change; not
    audited (no one decides it). Empty fields: not enough readings / nothing estimated."""
    change = selectors.visit_measured_change(visit)
    electricity = change.electricity if change else None
    gas = change.gas if change else None
    visit.measured_kwh_per_year = electricity.change_per_year if electricity else None
    visit.measured_m3_per_year = gas.change_per_year if gas else None
    visit.measured_m3_correction = gas.correction if gas else ""
    visit.estimated_kwh_per_year = change.estimate_kwh_change if change else None
    visit.estimated_m3_per_year = change.estimate_m3_change if change else None
    visit.measured_at = timezone.now() if (electricity or gas) else None
    visit.save(update_fields=MEASURED_FIELDS)
    return visit


def measured_changes_recompute() -> int:
    """Recompute the stored measured change of every done follow-up visit (after new KNMI
    degree days are loaded the gas figures may become weather-corrected). Returns the number of
    visits recomputed; each visit in its own transaction, so a long run holds no lock."""
    follow_ups = HouseholdVisit.objects.filter(
        kind=HouseholdVisit.Kind.FOLLOW_UP, status=HouseholdVisit.Status.DONE
    ).select_related("follow_up_of")
    count = 0
    for visit in follow_ups.iterator(chunk_size=500):
        with transaction.atomic():
            visit_measured_change_store(visit=visit)
        count += 1
    return count


@transaction.atomic
def national_totals_refresh(*, now=None) -> int:
    """Rebuild the national visit totals per gemeente (`GemeenteVisitTotals`) from every team's
    visits; returns the number of rows. Readers see the old table or the new one, never a mix."""
    computed_at = now or timezone.now()
    counts = selectors_national.count_by_gemeente()
    GemeenteVisitTotals.objects.all().delete()
    GemeenteVisitTotals.objects.bulk_create(
        GemeenteVisitTotals(gemeente_code=code, computed_at=computed_at, **figures)
        for code, figures in counts.items()
    )
    return len(counts)


TEAM_MEASURE_FIELDS = (
    "catalogue_key",
    "name",
    "unit",
    "material_cost_eur",
    "saving_kwh",
    "saving_m3",
    "source",
    "source_year",
    "active",
)


@transaction.atomic
def team_measure_save(*, actor, workspace, team_measure=None, **fields) -> TeamMeasure:
    """Add or change a team's own measure or its price for a catalogue measure."""
    unknown = set(fields) - set(TEAM_MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    key = fields.get("catalogue_key", "")
    if key and key not in catalogue.load_measures():
        raise ValidationError({"catalogue_key": _("Choose a measure from the catalogue.")})
    if not key and not (fields.get("name") or "").strip():
        raise ValidationError({"name": _("Give your measure a name.")})
    clash = TeamMeasure.objects.filter(workspace=workspace, catalogue_key=key).exclude(
        pk=getattr(team_measure, "pk", None)
    )
    if key and clash.exists():
        raise ValidationError(
            {"catalogue_key": _("The team already has a price for this measure.")}
        )
    created = team_measure is None
    team_measure = team_measure or TeamMeasure(workspace=workspace, created_by=actor)
    for name, value in fields.items():
        setattr(team_measure, name, value)
    team_measure.save()
    _log(
        actor,
        team_measure,
        "team_measure.created" if created else "team_measure.changed",
        override=bool(key),
    )
    return team_measure


SERVICE_FIELDS = ("name", "purpose", "how_to_reach", "url", "phone", "active")


@transaction.atomic
def referral_service_save(*, actor, workspace, service=None, **fields) -> ReferralService:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    created = service is None
    service = service or ReferralService(workspace=workspace, created_by=actor)
    for name, value in fields.items():
        setattr(service, name, value)
    service.save()
    _log(actor, service, "referral_service.created" if created else "referral_service.changed")
    return service


REPORT_LANGUAGES = ("nl", "en")


def visit_report_make(*, actor, visit, language: str = "nl") -> bytes:
    """The household report of a visit as PDF bytes, in Dutch or English; audited (the
    language only: the report holds personal data, the audit log does not)."""
    if language not in REPORT_LANGUAGES:
        raise ValidationError(_("The report exists in Dutch and English."))
    data = selectors.visit_report_data(visit, language)
    pdf = report_pdf.household_report_pdf(data, language=language)
    _log(actor, visit, "report.made", language=language)
    return pdf
