"""Household visits of a fix team or energy coach (issue 10).

One visit (`HouseholdVisit`) is planned for a resident (`residents.Contact`) who consented to a
visit, then recorded in short steps (`STEPS`) on the coach's phone; each step saves its own
fields, so a half-recorded visit is a valid draft that resumes at `last_step`. Around it:

- `MeterReading`: meter values read at a visit (or taken from the annual bill), optionally with
  a photo of the meter (photo consent; EXIF stripped; kept in the private media folder and
  served only to the team).
- `FittedMeasure`: a measure fitted now or advised, from the catalogue (`catalogue/measures.csv`)
  or a team's own `TeamMeasure`, with a SNAPSHOT of the reference saving, its source, year and
  price basis as they were at fitting time: a new catalogue never rewrites an old visit.
- `TeamMeasure`: a team's own measure, or its price for a catalogue measure.
- `ReferralService`: a team's local service; national schemes come from
  `catalogue/referrals.csv` (`visits.referral_catalogue`). `Referral` sends the household to one of
  them and follows its status (`ReferralStatusChange` keeps the history).
- `HousingProblemSeen`: the ticks of the housing problems seen; each goes to the team's
  signal dossier (`workspaces.signals_registry`) counted per complex, without the household.

Every model inherits `WorkspaceOwned` (team key, creator). Reads go through `selectors.py`,
writes through `services.py`; the energy-poverty signal is computed on request, never stored.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from buurtkompas.core.storage import PrivateMediaStorage, private_storage  # noqa: F401 (migrations)
from buurtkompas.workspaces.models import WorkspaceOwned

from .energy_poverty import ENERGY_LABELS, IncomeBracket

NOTE_MAX = 300
WISHES_MAX = 500
ADVICE_MAX = 1000

# The recording steps in order: (URL word, label). The URL word is the step's key.
STEPS = (
    ("woning", _("Home")),
    ("huishouden", _("Household")),
    ("energiegebruik", _("Energy use")),
    ("wensen", _("Wishes")),
    ("maatregelen", _("Measures")),
    ("doorverwijzingen", _("Referrals")),
    ("woningproblemen", _("Housing problems")),
    ("afronden", _("Finish")),
)
STEP_KEYS = tuple(key for key, _label in STEPS)
# Where a fitted measure's reference saving comes from (catalogue statuses, or a team's source).
SAVING_STATUSES = (
    ("published", _("published by the source")),
    ("derived", _("derived from the source")),
    ("no_published_saving", _("no published saving")),
    ("team", _("the team's own source")),
)


class DwellingType(models.TextChoices):
    APARTMENT = "apartment", _("flat or apartment")
    TERRACED = "terraced", _("terraced house")
    CORNER = "corner", _("corner house")
    SEMI_DETACHED = "semi_detached", _("semi-detached house")
    DETACHED = "detached", _("detached house")
    OTHER = "other", _("other")


class BuildPeriod(models.TextChoices):
    BEFORE_1946 = "before_1946", _("before 1946")
    P1946_1964 = "1946_1964", _("1946 to 1964")
    P1965_1974 = "1965_1974", _("1965 to 1974")
    P1975_1991 = "1975_1991", _("1975 to 1991")
    P1992_2005 = "1992_2005", _("1992 to 2005")
    P2006_2014 = "2006_2014", _("2006 to 2014")
    FROM_2015 = "from_2015", _("2015 or later")
    UNKNOWN = "unknown", _("not known")


class Tenure(models.TextChoices):
    OWNER = "owner", _("owner-occupied")
    PRIVATE_RENT = "private_rent", _("rented from a private landlord")
    CORPORATION_RENT = "corporation_rent", _("rented from a housing corporation")


class IncomeBracketChoice(models.TextChoices):
    """Net (disposable) household income a year. Only with the `income` consent."""

    UNDER_15K = "lt15", _("under € 15,000 a year")
    FROM_15K = "15-20", _("€ 15,000 to € 20,000 a year")
    FROM_20K = "20-25", _("€ 20,000 to € 25,000 a year")
    FROM_25K = "25-30", _("€ 25,000 to € 30,000 a year")
    FROM_30K = "30-40", _("€ 30,000 to € 40,000 a year")
    FROM_40K = "40-50", _("€ 40,000 to € 50,000 a year")
    FROM_50K = "ge50", _("€ 50,000 a year or more")


# The bracket as `energy_poverty.IncomeBracket` (€ a year; None = "or more").
INCOME_BRACKETS = {
    "lt15": IncomeBracket(0, 15_000),
    "15-20": IncomeBracket(15_000, 20_000),
    "20-25": IncomeBracket(20_000, 25_000),
    "25-30": IncomeBracket(25_000, 30_000),
    "30-40": IncomeBracket(30_000, 40_000),
    "40-50": IncomeBracket(40_000, 50_000),
    "ge50": IncomeBracket(50_000, None),
}


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not known")


# How a stored gas change was measured (the codes of `measured_change`).
GAS_CORRECTIONS = [
    ("corrected", _("corrected for the weather")),
    ("degree_days_not_loaded", _("not corrected: degree days not loaded")),
    ("no_heating_days", _("not corrected: no heating days")),
]


class HouseholdVisit(WorkspaceOwned):
    """One household visit: the plan, the state of the recording and the data of the steps.

    Every step field may be empty: the household shares what it wants and a draft is valid.
    Income fields (`income_bracket`, `savings_below_limit`) are filled only with the resident's
    `income` consent and erased when it is withdrawn. A follow-up visit points at the first
    visit (`follow_up_of`); the first visit keeps the chosen interval (`follow_up_weeks`) and
    date (`follow_up_on`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        FIRST = "first", _("first visit")
        FOLLOW_UP = "follow_up", _("follow-up visit")

    # The team's key (kept from before WorkspaceOwned, with its reverse name `visits`).
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="visits"
    )
    contact = models.ForeignKey(
        "residents.Contact", on_delete=models.CASCADE, related_name="visits"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("coach"),
    )
    planned_for = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    follow_up_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        _("follow-up after (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    last_step = models.CharField(_("last step saved"), max_length=20, choices=STEPS, blank=True)

    # Step "woning": the dwelling.
    dwelling_type = models.CharField(
        _("type of home"), max_length=16, choices=DwellingType.choices, blank=True
    )
    build_period = models.CharField(
        _("built in"), max_length=12, choices=BuildPeriod.choices, blank=True
    )
    energy_label = models.CharField(
        _("energy label"),
        max_length=5,
        choices=[(label, label) for label in ENERGY_LABELS],
        blank=True,
    )
    tenure = models.CharField(
        _("owner or tenant"), max_length=20, choices=Tenure.choices, blank=True
    )
    corporation_name = models.CharField(_("housing corporation"), max_length=150, blank=True)
    complex = models.CharField(
        _("building complex or street"),
        max_length=200,
        blank=True,
        help_text=_("For the housing signals: a complex or street name, no house number."),
    )

    # Step "huishouden": the household.
    household_size = models.PositiveSmallIntegerField(
        _("number of people"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    children = models.PositiveSmallIntegerField(
        _("of whom children under 18"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(19)],
    )
    income_bracket = models.CharField(
        _("net household income"), max_length=6, choices=IncomeBracketChoice.choices, blank=True
    )
    savings_below_limit = models.CharField(
        _("savings under the asset limit"), max_length=8, choices=YesNoUnknown.choices, blank=True
    )

    # Step "energiegebruik": from the annual bill, or the monthly advance payment.
    electricity_kwh_year = models.PositiveIntegerField(
        _("electricity a year (kWh)"), null=True, blank=True
    )
    gas_m3_year = models.PositiveIntegerField(_("gas a year (m³)"), null=True, blank=True)
    energy_costs_year_eur = models.DecimalField(
        _("energy costs a year (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    monthly_advance_eur = models.DecimalField(
        _("monthly advance payment (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    # Step "wensen": what the residents themselves want to change.
    wishes = models.TextField(
        _("what the residents want to change"), max_length=WISHES_MAX, blank=True
    )
    # ... and the coach's advice, printed as tips in the household report (one per line).
    advice = models.TextField(
        _("advice for the household"),
        max_length=ADVICE_MAX,
        blank=True,
        help_text=_("One tip per line, in plain words. It is printed in the household report."),
    )

    # At a done follow-up visit: the measured change in yearly use since the first visit (a
    # saving is negative) and, for the same household, the estimate of the measures fitted at
    # the first visit, stored by `services.visit_measured_change_store` so the team view can
    # add them up in one query. Derived values: `measured_changes_recompute()` rewrites them
    # after new KNMI degree days are loaded. Empty: not enough readings / nothing estimated.
    measured_kwh_per_year = models.FloatField(null=True, blank=True, editable=False)
    measured_m3_per_year = models.FloatField(null=True, blank=True, editable=False)
    measured_m3_correction = models.CharField(
        max_length=24, blank=True, editable=False, choices=GAS_CORRECTIONS
    )
    estimated_kwh_per_year = models.FloatField(null=True, blank=True, editable=False)
    estimated_m3_per_year = models.FloatField(null=True, blank=True, editable=False)
    measured_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-planned_for", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "planned_for"]),
            models.Index(fields=["workspace", "status", "done_on"], name="visit_done_on"),
            models.Index(fields=["workspace", "kind", "status"], name="visit_kind"),
            # The national totals: done visits in household order, from the index alone.
            models.Index(fields=["status", "contact"], name="visit_status_contact"),
        ]

    def __str__(self) -> str:
        return f"visit {self.planned_for} #{self.contact_id}"

    def owner_ids(self) -> set[int]:
        return super().owner_ids() | ({self.coach_id} - {None})

    def is_personal_data(self) -> bool:
        return True

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def resume_step(self) -> str:
        """The step to continue with: the one after the last saved, or the first."""
        if self.last_step not in STEP_KEYS:
            return STEP_KEYS[0]
        index = STEP_KEYS.index(self.last_step)
        return STEP_KEYS[min(index + 1, len(STEP_KEYS) - 1)]

    @cached_property
    def income(self) -> IncomeBracket | None:
        return INCOME_BRACKETS.get(self.income_bracket)


class MeterReading(WorkspaceOwned):
    """A meter value on a date: electricity (kWh) and/or gas (m³) meter, as read by the coach
    or copied from the annual bill. The meter belongs to the household: a reading is compared
    with the household's readings of every visit. The optional photo (with the `photo`
    consent) is re-encoded without EXIF or location and kept in the private media folder."""

    class Source(models.TextChoices):
        COACH = "coach", _("read by the coach")
        BILL = "bill", _("from the annual bill")

    visit = models.ForeignKey(HouseholdVisit, on_delete=models.CASCADE, related_name="readings")
    read_on = models.DateField(_("date read"))
    electricity_kwh = models.DecimalField(
        _("electricity meter (kWh)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    gas_m3 = models.DecimalField(
        _("gas meter (m³)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=6, choices=Source.choices)
    photo = models.FileField(
        _("photo of the meter"),
        storage=private_storage,
        upload_to="meter-photos/%Y/%m/",
        blank=True,
        max_length=200,
    )
    photo_added_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["read_on", "id"]

    def __str__(self) -> str:
        return f"reading {self.read_on} of visit #{self.visit_id}"

    def is_personal_data(self) -> bool:
        return True


class TeamMeasure(WorkspaceOwned):
    """A team's own measure (`catalogue_key` empty: name, unit, its own saving if it has a
    source) or the team's price for a catalogue measure (`catalogue_key` set: only
    `material_cost_eur` and `source` count; the saving stays the catalogue's)."""

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        METRE = "metre", _("metre")
        HOUSEHOLD = "household", _("household")

    catalogue_key = models.CharField(_("catalogue measure"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    unit = models.CharField(_("counted per"), max_length=10, choices=Unit.choices, default="piece")
    material_cost_eur = models.DecimalField(
        _("material cost per unit (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    saving_kwh = models.DecimalField(
        _("saving per unit (kWh a year)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    saving_m3 = models.DecimalField(
        _("saving per unit (m³ gas a year)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the price or saving comes from (a shop receipt, a report, a website)."),
    )
    source_year = models.PositiveSmallIntegerField(_("year of the source"), null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("team measure")
        verbose_name_plural = _("team measures")
        ordering = ["catalogue_key", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "catalogue_key"],
                condition=~models.Q(catalogue_key=""),
                name="team_measure_one_override",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.catalogue_key

    @property
    def is_override(self) -> bool:
        return bool(self.catalogue_key)


class FittedMeasure(WorkspaceOwned):
    """A measure fitted now or advised at a visit. The reference saving PER UNIT, its source,
    year and price basis are copied in when the measure is recorded, so the visit keeps the
    figures it was recorded with whatever later happens to the catalogue or the team measure."""

    class Status(models.TextChoices):
        FITTED = "fitted", _("fitted now")
        ADVISED = "advised", _("advised")

    visit = models.ForeignKey(HouseholdVisit, on_delete=models.CASCADE, related_name="measures")
    catalogue_key = models.CharField(max_length=60, blank=True)
    team_measure = models.ForeignKey(
        TeamMeasure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name_nl = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150)
    unit = models.CharField(max_length=10, choices=TeamMeasure.Unit.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=6, decimal_places=2)
    status = models.CharField(_("fitted or advised"), max_length=8, choices=Status.choices)
    material_cost_eur = models.DecimalField(
        _("material cost (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # The snapshot of the reference saving, per unit.
    saving_kwh = models.FloatField(null=True, blank=True)
    saving_m3 = models.FloatField(null=True, blank=True)
    saving_eur = models.FloatField(null=True, blank=True)
    saving_status = models.CharField(max_length=20, choices=SAVING_STATUSES)
    reference_household = models.CharField(max_length=300, blank=True)
    saving_source = models.CharField(max_length=500)
    saving_source_url = models.CharField(max_length=500, blank=True)
    saving_year = models.PositiveSmallIntegerField(null=True, blank=True)
    price_gas_eur_m3 = models.FloatField(null=True, blank=True)
    price_electricity_eur_kwh = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("fitted measure")
        verbose_name_plural = _("fitted measures")
        ordering = ["id"]
        # The team view's two reads of the measures, answered from the index alone
        # (bench/visits.py, docs/performance.md).
        indexes = [
            models.Index(
                fields=["workspace", "name_nl", "name_en", "unit", "status", "quantity", "visit"],
                name="fitted_by_kind",
            ),
            models.Index(
                fields=["workspace", "status", "visit", "quantity", "saving_kwh", "saving_m3"],
                name="fitted_savings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} x {self.quantity}"

    def is_personal_data(self) -> bool:
        return True

    def name(self, language: str = "nl") -> str:
        return self.name_en if language.startswith("en") else self.name_nl


class ReferralService(WorkspaceOwned):
    """A local service a team refers households to (the gemeente's energy desk, a debt-help
    office). National schemes are in `catalogue/referrals.csv`."""

    name = models.CharField(_("name"), max_length=150)
    purpose = models.CharField(_("what it is for"), max_length=300)
    how_to_reach = models.CharField(_("how to reach it"), max_length=300, blank=True)
    url = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("local service")
        verbose_name_plural = _("local services")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Referral(WorkspaceOwned):
    """A household referred to a national scheme (`service_key`) or a local service
    (`local_service`); the name is kept so the referral reads the same if the service goes.
    Status moves forward only: suggested → made → answered → helped / not helped."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        MADE = "made", _("made")
        ANSWERED = "answered", _("answered")
        HELPED = "helped", _("helped")
        NOT_HELPED = "not_helped", _("not helped")

    visit = models.ForeignKey(HouseholdVisit, on_delete=models.CASCADE, related_name="referrals")
    service_key = models.CharField(max_length=60, blank=True)
    local_service = models.ForeignKey(
        ReferralService, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_name = models.CharField(max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    note = models.CharField(_("short note"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"referral {self.service_name} ({self.status})"

    def is_personal_data(self) -> bool:
        return True

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.HELPED, self.Status.NOT_HELPED)

    def next_statuses(self) -> list[str]:
        order = list(self.Status.values)
        if not self.is_open:
            return []
        later = order[order.index(self.status) + 1 :]
        return later


class ReferralStatusChange(WorkspaceOwned):
    """One step in a referral's history: the status it got, when and by whom (`created_by`)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Referral.Status.choices)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} -> {self.status}"


class HousingProblemSeen(WorkspaceOwned):
    """A housing problem ticked at a visit. It was handed to the team's signal dossier as one
    household of its complex (without the household); the tick stays with the visit."""

    class Problem(models.TextChoices):
        DRAUGHT = "draught", _("draught")
        MOULD = "mould", _("mould or damp")
        SINGLE_GLAZING = "single_glazing", _("single glazing")
        HEATING = "heating", _("broken heating")
        OTHER = "other", _("other")

    visit = models.ForeignKey(HouseholdVisit, on_delete=models.CASCADE, related_name="problems")
    problem = models.CharField(_("problem"), max_length=16, choices=Problem.choices)
    signalled_on = models.DateField(default=dt.date.today)

    class Meta:
        verbose_name = _("housing problem seen")
        verbose_name_plural = _("housing problems seen")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "problem"], name="visit_problem_once")
        ]

    def __str__(self) -> str:
        return f"{self.problem} at visit #{self.visit_id}"

    def is_personal_data(self) -> bool:
        return True


# KNMI daily temperatures (reference data for weather-corrected gas use) live in their own module.
class GemeenteVisitTotals(models.Model):
    """The national totals of household visits per gemeente, as of `computed_at`: a derived
    table rebuilt by `services.national_totals_refresh()` (command `buurtkompas
    national_visit_totals`, daily from the scheduler) from every team's visits, so a national
    report reads a few hundred rows instead of adding up a million visits. Raw counts: the
    small-number rule is applied when they are read (`selectors_national`). No team, no
    household: only the gemeente of the household's buurt ("" where no buurt is recorded)."""

    gemeente_code = models.CharField(max_length=6, unique=True, blank=True)
    visits_done = models.PositiveIntegerField()
    households = models.PositiveIntegerField()
    measures_fitted = models.PositiveIntegerField()
    saving_kwh_per_year = models.FloatField(null=True)  # estimates: reference x quantity
    saving_m3_per_year = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("national visit totals of a gemeente")
        verbose_name_plural = _("national visit totals per gemeente")
        ordering = ["gemeente_code"]

    def __str__(self) -> str:
        return f"visit totals {self.gemeente_code or '(no buurt)'}"


from buurtkompas.visits.weather import DailyTemperature  # noqa: E402, F401
