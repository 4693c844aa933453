"""Reads of household visits. Every query filters by workspace first (or starts from a visit
fetched through `workspaces.access`); nothing here writes or audits.

`visit_savings` and `visit_energy_poverty` compute on request from what the visit holds: the
savings from the measures' snapshots (never today's catalogue), the energy-poverty signal from
what the household shared. Neither is stored. `visit_report_data` is everything the household
report needs, as plain data.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from buurtkompas.workspaces import signals_registry

from . import catalogue, knmi, measured_change, referral_catalogue, weather_selectors
from .energy_poverty import EnergyPovertyInputError, Household, energy_poverty_signal
from .models import (
    FittedMeasure,
    HouseholdVisit,
    MeterReading,
    Referral,
    ReferralService,
    TeamMeasure,
)
from .savings import FittedMeasure as SavingsLine
from .savings import SavingsInputError, estimate_savings

DEFAULT_PRICES_KEY = "cbs-2022"  # CBS average consumer prices of 2022, incl. taxes and VAT
SIGNAL_YEAR = 2024  # the year of the published energy-poverty thresholds used
FILTERS = ("gepland", "gedaan", "alle")


def visit_list(workspace, status_filter: str = "gepland"):
    """The team's visits with the resident and coach, planned first by date or done last first."""
    visits = HouseholdVisit.objects.filter(workspace=workspace).select_related("contact", "coach")
    Status = HouseholdVisit.Status
    if status_filter == "gedaan":
        return visits.filter(status=Status.DONE).order_by("-done_on", "-id")
    if status_filter == "gepland":
        return visits.filter(status__in=(Status.PLANNED, Status.IN_PROGRESS)).order_by(
            "planned_for", "id"
        )
    return visits.order_by("-planned_for", "-id")


def visit_parts():
    """A visit with everything recorded in it, in a fixed number of queries."""
    return HouseholdVisit.objects.select_related(
        "contact", "coach", "follow_up_of"
    ).prefetch_related(
        "contact__consents",
        Prefetch("readings", queryset=MeterReading.objects.order_by("read_on", "id")),
        "measures",
        Prefetch("referrals", queryset=Referral.objects.select_related("local_service")),
        "problems",
    )


def readings_of_household(visit):
    return MeterReading.objects.filter(visit__contact_id=visit.contact_id).order_by("read_on", "id")


@dataclass(frozen=True)
class MeasureChoice:
    value: str  # "c:<catalogue key>" or "t:<team measure id>"
    name: str
    unit: str
    saving_kwh: float | None
    saving_m3: float | None
    source: str
    year: int | None
    team_price: object = None


def measure_choices(workspace, language: str = "nl") -> list[MeasureChoice]:
    """The catalogue's measures (with the team's price where it set one) and the team's own."""
    team = list(TeamMeasure.objects.filter(workspace=workspace, active=True))
    prices = {t.catalogue_key: t.material_cost_eur for t in team if t.catalogue_key}
    choices = [
        MeasureChoice(
            f"c:{m.key}",
            m.name(language),
            m.unit,
            m.saving_kwh,
            m.saving_m3,
            m.source,
            m.year,
            prices.get(m.key),
        )
        for m in catalogue.load_measures().values()
    ]
    for t in team:
        if not t.catalogue_key:
            choices.append(
                MeasureChoice(
                    f"t:{t.pk}", t.name, t.unit,
                    float(t.saving_kwh) if t.saving_kwh is not None else None,
                    float(t.saving_m3) if t.saving_m3 is not None else None,
                    t.source, t.source_year, t.material_cost_eur,
                )
            )  # fmt: skip
    return choices


@dataclass(frozen=True)
class ServiceChoice:
    value: str  # "c:<catalogue key>" or "l:<local service id>"
    name: str
    purpose: str
    how_to_reach: str
    url: str
    phone: str
    source: str


def referral_choices(workspace, language: str = "nl") -> list[ServiceChoice]:
    choices = [
        ServiceChoice(
            f"c:{s.key}", s.name(language), s.purpose(language), s.how_to_reach, s.url, s.phone,
            s.source,
        )
        for s in referral_catalogue.load_referrals().values()
    ]  # fmt: skip
    for s in ReferralService.objects.filter(workspace=workspace, active=True):
        choices.append(
            ServiceChoice(f"l:{s.pk}", s.name, s.purpose, s.how_to_reach, s.url, s.phone, "")
        )
    return choices


def _as_catalogue_measure(fitted: FittedMeasure) -> catalogue.Measure:
    """The snapshot of a fitted measure in the shape `savings.py` reads."""
    has_prices = fitted.price_gas_eur_m3 is not None or fitted.price_electricity_eur_kwh is not None
    basis = (
        catalogue.PriceBasis(fitted.price_gas_eur_m3, fitted.price_electricity_eur_kwh)
        if has_prices
        else None
    )
    return catalogue.Measure(
        key=f"fitted-{fitted.pk}",
        name_nl=fitted.name_nl,
        name_en=fitted.name_en,
        unit=fitted.unit,
        material_cost_eur=None,
        material_cost_source="",
        saving_kwh=fitted.saving_kwh,
        saving_m3=fitted.saving_m3,
        saving_eur=fitted.saving_eur,
        saving_status=fitted.saving_status,
        reference_household=fitted.reference_household,
        source=fitted.saving_source,
        source_url=fitted.saving_source_url,
        year=fitted.saving_year or 0,
        price_basis=basis,
        note="",
    )


def visit_savings(visit, *, prices_key: str = DEFAULT_PRICES_KEY, measures=None):
    """The savings estimate (kind "estimate") of the visit's measures, or None without any."""
    measures = list(visit.measures.all() if measures is None else measures)
    if not measures:
        return None
    snapshot = {f"fitted-{m.pk}": _as_catalogue_measure(m) for m in measures}
    lines = [SavingsLine(key=f"fitted-{m.pk}", quantity=float(m.quantity)) for m in measures]
    try:
        return estimate_savings(
            lines,
            catalogue=snapshot,
            prices=catalogue.load_energy_prices()[prices_key],
            emission_factors=catalogue.load_emission_factors(),
            dwelling_type=visit.get_dwelling_type_display() or None,
        )
    except SavingsInputError:
        return None


def _household(visit) -> Household:
    savings = {"yes": True, "no": False}.get(visit.savings_below_limit)
    children = visit.children
    adults = None
    if visit.household_size is not None and children is not None:
        adults = visit.household_size - children
    return Household(
        income=visit.income,
        size=visit.household_size,
        adults=adults,
        children=children,
        energy_costs_year=float(visit.energy_costs_year_eur)
        if visit.energy_costs_year_eur is not None
        else None,
        energy_costs_month=float(visit.monthly_advance_eur)
        if visit.monthly_advance_eur is not None
        else None,
        energy_label=visit.energy_label or None,
        savings_below_limit=savings,
    )


def visit_energy_poverty(visit):
    """HEQ / LIHE / LILEK for the coach, from what the household shared; None when the shared
    figures contradict each other (e.g. more children than people)."""
    try:
        return energy_poverty_signal(_household(visit), year=SIGNAL_YEAR)
    except EnergyPovertyInputError:
        return None


def prepare_data(visit) -> dict:
    """What the coach reads before going: earlier visits, open referrals, known signals."""
    earlier = (
        HouseholdVisit.objects.filter(workspace=visit.workspace, contact_id=visit.contact_id)
        .exclude(pk=visit.pk)
        .select_related("coach")
        .annotate(measure_count=Count("measures"))
        .order_by("-planned_for", "-id")
    )
    open_referrals = Referral.objects.filter(
        workspace=visit.workspace, visit__contact_id=visit.contact_id
    ).exclude(status__in=(Referral.Status.HELPED, Referral.Status.NOT_HELPED))
    return {
        "earlier_visits": earlier,
        "open_referrals": open_referrals.select_related("visit").order_by("follow_up_on", "id"),
        "known_signals": signals_registry.known_signals(
            workspace=visit.workspace, complex=visit.complex
        ),
        "readings": readings_of_household(visit),
    }


def _report_referral(referral: Referral) -> dict:
    """A catalogue referral by its key (the PDF reads its phone and website from the
    catalogue); a team's local service with its own name and contact details."""
    if referral.local_service_id:
        s = referral.local_service
        return {
            "name": s.name,
            "purpose": s.purpose,
            "phone": s.phone,
            "url": s.url,
            "contact": s.how_to_reach,
        }
    return {"key": referral.service_key}


def _report_measure(m: FittedMeasure, e) -> dict:
    return {
        "name_nl": m.name_nl,
        "name_en": m.name_en,
        "quantity": float(m.quantity),
        "unit": m.unit,
        "saving_kwh": e.saving_kwh if e else None,
        "saving_m3": e.saving_m3 if e else None,
        "saving_eur": e.saving_eur if e else None,
        "co2_kg": e.co2_kg if e else None,
        "source": m.saving_source,
        "source_year": m.saving_year,
    }


def _report_savings(estimate, names: dict) -> dict | None:
    if estimate is None:
        return None
    a = estimate.assumptions
    return {
        "kwh": estimate.total_kwh,
        "m3": estimate.total_m3,
        "eur": estimate.total_eur,
        "co2_kg": estimate.total_co2_kg,
        "prices": {
            "year": a.prices_year,
            "gas_eur_per_m3": a.gas_eur_per_m3,
            "electricity_eur_per_kwh": a.electricity_eur_per_kwh,
            "source": a.prices_source,
        },
        "co2_sources": list(dict.fromkeys(a.co2_sources)),
        "without_published_saving": [names[key] for key in estimate.without_published_saving],
    }


def visit_report_data(visit, language: str = "nl") -> dict:
    """Everything the household report needs, as plain data in the shape
    `report_pdf.household_report_pdf` documents: what was fitted and advised, the estimated
    savings (kind "estimate") with their prices and sources, the referrals, the coach's name
    and the team. No income figures, no energy-poverty signal, no name of the household."""
    measures = list(visit.measures.all())
    estimate = visit_savings(visit, measures=measures)
    per_measure = {e.key: e for e in estimate.measures} if estimate else {}
    names = {f"fitted-{m.pk}": m.name(language) for m in measures}
    rows = {
        status: [_report_measure(m, per_measure.get(f"fitted-{m.pk}")) for m in measures
                 if m.status == status]
        for status in ("fitted", "advised")
    }  # fmt: skip
    return {
        "kind": "estimate",
        "visit_date": (visit.done_on or visit.planned_for).isoformat(),
        "coach": {"name": visit.coach.name if visit.coach_id else ""},
        "team": {"name": visit.workspace.name},
        "measures_fitted": rows["fitted"],
        "measures_advised": rows["advised"],
        "savings": _report_savings(estimate, names),
        "advice": [line.strip() for line in visit.advice.splitlines() if line.strip()],
        "referrals": [_report_referral(r) for r in visit.referrals.all()],
        "follow_up": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
    }


@dataclass(frozen=True)
class MeasuredChange:
    """At a follow-up visit: per meter the measured change (None: not enough readings) beside
    the estimate of the measures fitted at the first visit (None: nothing estimated)."""

    first_visit: HouseholdVisit
    electricity: measured_change.MeterChange | None
    gas: measured_change.MeterChange | None
    estimate: object  # savings.SavingsEstimate of the first visit's fitted measures, or None
    degree_day_attribution: str

    @property
    def estimate_kwh_change(self) -> float | None:
        """The estimated saving as a change in use a year (a saving is a negative change)."""
        return -self.estimate.total_kwh if self.estimate else None

    @property
    def estimate_m3_change(self) -> float | None:
        return -self.estimate.total_m3 if self.estimate else None

    @property
    def load_command(self) -> str:
        """The command that loads the KNMI degree days of both gas spans."""
        if self.gas is None:
            return ""
        start, end = self.gas.before.start.read_on, self.gas.after.last_day
        return f"buurtkompas degree_days --online --from {start} --to {end}"


def _meter_readings(readings, field: str, first, follow_up):
    """(earlier readings with their bill flag, the first visit's reading, the follow-up's)."""
    values = [
        (r, measured_change.Reading(r.read_on, float(getattr(r, field))))
        for r in readings
        if getattr(r, field) is not None
    ]
    at_first = [point for r, point in values if r.visit_id == first.pk and r.source == "coach"]
    at_first = at_first or [point for r, point in values if r.visit_id == first.pk]
    anchor = at_first[-1] if at_first else None
    later = [point for r, point in values if r.visit_id == follow_up.pk]
    earlier = [(point, r.source == "bill") for r, point in values if point is not anchor]
    return earlier, anchor, (later[-1] if later else None)


def _degree_days(span) -> float | None:
    return weather_selectors.weighted_degree_days_between(span.start.read_on, span.last_day).value


def visit_measured_change(visit) -> MeasuredChange | None:
    """The measured change of a follow-up visit (None for a first visit): electricity per
    day, gas corrected for the weather with KNMI degree days where they are loaded."""
    first = visit.follow_up_of
    if visit.kind != HouseholdVisit.Kind.FOLLOW_UP or first is None:
        return None
    readings = list(readings_of_household(visit))
    changes = {}
    for field in ("electricity_kwh", "gas_m3"):
        spans = measured_change.pick_spans(*_meter_readings(readings, field, first, visit))
        if spans is None:
            changes[field] = None
        elif field == "electricity_kwh":
            changes[field] = measured_change.electricity_change(*spans)
        else:
            before, after = spans
            changes[field] = measured_change.gas_change(
                before, after, _degree_days(before), _degree_days(after)
            )
    fitted = [m for m in first.measures.all() if m.status == FittedMeasure.Status.FITTED]
    return MeasuredChange(
        first_visit=first,
        electricity=changes["electricity_kwh"],
        gas=changes["gas_m3"],
        estimate=visit_savings(first, measures=fitted) if fitted else None,
        degree_day_attribution=str(knmi.ATTRIBUTION),
    )
